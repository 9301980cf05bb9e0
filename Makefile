# Haven: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.12+ on PATH (Django 6.1 needs 3.12). Override with `make PYTHON=/path/python3.13`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$p; break; fi; done)
MANAGE := $(BIN)/python manage.py
PYTEST_WORKERS ?= auto
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install run test lint typecheck check-migrations pytest lock chromium pdf-libraries worker clean bench dast

help:
	@echo "make run      set up, load the demo school, start Haven and its worker on http://127.0.0.1:8000"
	@echo "make test     lint, type checks, migration check and the whole test suite (browser tests too)"
	@echo "make install  set up only (virtualenv, packages, front-end assets, database): no server"
	@echo "make lock     re-resolve Python dependencies into requirements.lock"
	@echo "make bench    seed a small trust if needed, serve it with gunicorn, time the key pages (docs/performance.md)"
	@echo "make dast     a bounded wapiti scan of a production install with the demo trust; fails on any finding (docs/security.md)"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Haven needs Python 3.12 or newer (python3.12 or python3.13 on PATH)."; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

haven/static/build/haven.css: node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/*.scss)
	npm run --silent build

install: $(VENV)/.installed haven/static/build/haven.css pdf-libraries
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput --verbosity 1

run: install
	$(MANAGE) load_demo
	@bin/run-dev

# Seeds the small preset if the benchmark trust is missing, then times the pages against the floor.
# BENCH_ARGS="--preset trust --requests 40"; DATABASE_URL=postgres://... for PostgreSQL.
bench: install
	$(MANAGE) bench_pages $(BENCH_ARGS)

# Wapiti has its own virtualenv and pins (requirements-dast.txt): its dependencies cannot share
# Haven's lock (mitmproxy caps asgiref below the version Django 6.1 is locked with).
DAST_VENV := .venv-dast
$(DAST_VENV)/.installed: requirements-dast.txt
	$(PYTHON) -m venv $(DAST_VENV)
	$(DAST_VENV)/bin/pip install --quiet --upgrade pip
	$(DAST_VENV)/bin/pip install --quiet -r requirements-dast.txt
	touch $@

# DAST_SCAN_SECONDS (900) bounds the whole scan, DAST_ATTACK_SECONDS (120) each attack module.
dast: $(VENV)/.installed haven/static/build/haven.css $(DAST_VENV)/.installed
	bash .ci/dast

worker: install
	$(MANAGE) haven_worker

# WeasyPrint (the PDFs, docs/pdf.md) needs Debian's pango; most machines have it already.
pdf-libraries:
	@if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing pango for the PDFs (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	else \
		echo "Haven's PDFs need pango. Install it: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; \
	fi

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM). Install it: sudo apt-get install chromium"; exit 1; \
	fi

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed
	$(BIN)/mypy haven

check-migrations: $(VENV)/.installed
	HAVEN_ENV=test $(MANAGE) makemigrations --check --dry-run

pytest: $(VENV)/.installed haven/static/build/haven.css chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test: lint typecheck check-migrations pytest

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(DAST_VENV) node_modules haven/static/build staticfiles
