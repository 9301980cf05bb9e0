import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from haven.lib import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "HAVEN_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "haven.example.org",
    "HAVEN_DATA_KEYS": "k1:dGVzdC1vbmx5LWRhdGEta2V5LTMyLWJ5dGVzLWxvbmc=",
    "HAVEN_AUDIT_KEY": "y" * 40,
    "DATABASE_URL": "sqlite:////tmp/haven-check-deploy.sqlite3",
}


def run_manage(*args: str, env_vars: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HAVEN_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env_vars},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_refuses_a_word_it_does_not_know(monkeypatch):
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env.env_bool("X_FLAG", False)


def test_env_int_refuses_values_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="between 1 and 5"):
        env.env_int("X_NUMBER", 3, minimum=1, maximum=5)


def test_database_url_reads_postgres_parts():
    db = env.database_from_url("postgres://haven:s%40cret@db.internal:6543/haven_live")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("haven_live", "haven", "s@cret")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "6543")


def test_database_url_passes_query_options_to_postgresql():
    db = env.database_from_url("postgres://haven@db/haven?sslmode=verify-full&connect_timeout=5")
    assert db["OPTIONS"] == {"sslmode": "verify-full", "connect_timeout": 5}
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.mark.parametrize("url", ["postgres://db.internal:5432/", "sqlite://", "sqlite:///"])
def test_database_url_refuses_a_url_that_names_no_database(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database_from_url(url)


def test_database_url_for_sqlite_keeps_wal_and_immediate_transactions():
    db = env.database_from_url("sqlite:////srv/haven/haven.sqlite3")
    assert db["NAME"] == "/srv/haven/haven.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("url", ["mysql://localhost/haven", "oracle://db/haven", "redis://x/0"])
def test_database_url_refuses_a_database_haven_does_not_run_on(url):
    with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite://"):
        env.database_from_url(url)


def test_database_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite://"):
        env.database_from_url("mysql://localhost/haven")


def test_sqlite_uses_wal_and_immediate_transactions():
    db = env.sqlite_database("var/x.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "HAVEN_DATA_KEYS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env_vars = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env_vars=env_vars)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_vars=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
