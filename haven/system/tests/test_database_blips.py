"""A database that does not answer costs as little as it can: the last-seen note never fails a
page, a bad request gets Haven's own page, and /health/ says 503 whatever the cookies.

The failures are raised where the database is called (Django's `execute_wrapper`), as the driver
raises them when a connection drops."""

import contextlib
import time
from collections.abc import Iterator

from django.db import OperationalError, connection

from haven.accounts.middleware import LAST_SEEN


@contextlib.contextmanager
def database_fails(fragment: str = "") -> Iterator[list[str]]:
    """Every statement containing `fragment` (every statement, if empty) fails."""
    failed: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if fragment in sql:
            failed.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield failed


def test_a_page_still_answers_when_the_last_seen_note_cannot_be_saved(cast, client_for):
    client = client_for(cast.teacher)
    with database_fails('UPDATE "django_session"') as failed:
        response = client.get("/concerns/mine/")
    assert failed  # the note was tried, and failed
    assert response.status_code == 200


def test_the_last_seen_note_is_saved_when_the_database_answers(cast, client_for):
    client = client_for(cast.teacher)
    before = time.time()
    assert client.get("/concerns/mine/").status_code == 200
    assert client.session[LAST_SEEN] >= before


def test_a_bad_request_gets_havens_own_page(client):
    response = client.get("/", HTTP_HOST="not-haven.example")
    assert response.status_code == 400
    assert "Sorry, that did not work" in response.text
    assert "Nothing you had already saved has been lost" in response.text


def test_health_answers_503_when_the_database_is_down_even_with_a_session_cookie(cast, client_for):
    client = client_for(cast.dsl)
    with database_fails() as failed:
        response = client.get("/health/")
    assert failed
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert "no-store" in response["Cache-Control"]


def test_health_answers_503_when_the_database_is_down_without_cookies(client, db):
    with database_fails():
        response = client.get("/health/")
    assert response.status_code == 503
