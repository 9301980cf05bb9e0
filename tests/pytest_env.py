"""Loaded by pytest (`-p tests.pytest_env` in pyproject.toml) before Django's settings are read,
so that the test suite always runs with HAVEN_ENV=test."""

import os

os.environ["HAVEN_ENV"] = "test"
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the same
# thread are safe there because they never run inside a coroutine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
