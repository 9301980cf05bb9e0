"""The worker is quiet by default (make run shows the accounts, not task logs); -v 2 shows tasks."""

import logging

import pytest
from django.core.management import call_command


def task_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name in ("django.tasks", "django_tasks_db")]


@pytest.mark.django_db(transaction=True)
def test_the_worker_says_nothing_about_routine_tasks_by_default(caplog):
    caplog.set_level(logging.DEBUG, logger="haven")
    call_command("haven_worker", batch=True)
    assert task_lines(caplog) == []
    assert not [r for r in caplog.records if r.name == "haven.system.schedule"]


@pytest.mark.django_db(transaction=True)
def test_verbosity_two_shows_each_task_as_it_runs(caplog):
    call_command("haven_worker", batch=True, verbosity=2)
    lines = task_lines(caplog)
    assert any("state=SUCCESSFUL" in line for line in lines), lines
