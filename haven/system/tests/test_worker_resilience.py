"""The worker outlives its database: a connection dropped in the middle of a task, or while the
worker claims its next task, is closed and reopened, the work cut off is retried and done, and the
worker carries on. The clock's jobs run before any backlog.

The database error is real: on SQLite the connection's handle is made to interrupt every statement
(as a dropped connection fails every statement until it is reopened); on PostgreSQL the
connection's server process is terminated.
"""

import contextlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.alerts.models import Alert, OutboxMessage
from haven.alerts.outbox import deliver_due
from haven.alerts.tasks import deliver_outbox
from haven.concerns.models import Concern
from haven.concerns.tests.conftest import make_concern
from haven.system import schedule
from haven.system.clock import beat
from haven.system.worker import HavenWorker

pytestmark = pytest.mark.django_db(transaction=True)


def drop(connection_: BaseDatabaseWrapper) -> None:
    """Break the live connection underneath Django, as a database restart would."""
    if connection_.vendor == "sqlite":
        connection_.connection.set_progress_handler(lambda: 1, 1)  # every statement: interrupted
    else:
        with contextlib.suppress(Exception):  # the server ends the session as it answers
            connection_.connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@contextlib.contextmanager
def connection_dropped_at(fragment: str) -> Iterator[list[str]]:
    """Drop the connection the first time a statement containing `fragment` runs."""
    dropped: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if not dropped and fragment in sql:
            dropped.append(sql)
            drop(context["connection"])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield dropped


def worker(**options) -> HavenWorker:
    defaults = {"queue_names": ["default"], "interval": 0, "batch": True,
                "backend_name": "default", "startup_delay": False, "max_tasks": None,
                "worker_id": "test-worker", "excluded_queue_names": []}  # fmt: skip
    return HavenWorker(**{**defaults, **options})


def test_a_delivery_cut_off_by_the_database_is_retried_at_once_and_done(cast):
    make_concern(cast)  # the outbox row, and one delivery task waiting
    task = DBTaskResult.objects.get(task_path=deliver_outbox.module_path)
    # Half-way: the outbox row is claimed, then the connection drops as the alerts are written.
    with connection_dropped_at('INSERT INTO "concerns_alert"') as dropped:
        call_command("haven_worker", batch=True)  # returns: the worker did not die
    assert dropped
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    if connection.vendor == "sqlite":
        # The connection fails every statement until it is reopened: the task was cut off and
        # run again by the same worker, and its claim released, so the retry delivered at once
        # rather than two minutes later.
        assert len(task.worker_ids) == 2
    else:
        # PostgreSQL: Django reopens the connection itself after the failed transaction, so the
        # outbox records the failure and tries the row again (10 s later: here, now).
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        assert deliver_due() == 4
    # Each of the team was alerted and e-mailed once.
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    assert Alert.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_worker_carries_on_when_the_database_drops_while_it_claims_a_task(cast):
    make_concern(cast)
    with connection_dropped_at('UPDATE "django_tasks_database_dbtaskresult"') as dropped:
        worker().run()
    assert dropped
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


@task
def broken() -> None:
    raise ValueError("a bug, not the database")


def test_a_task_failing_for_its_own_reasons_is_recorded_failed_not_retried():
    result = broken.enqueue()
    worker().run()
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.ValueError"
    assert len(failed.worker_ids) == 1


def test_a_task_cut_off_again_and_again_is_left_failed_not_running(cast):
    make_concern(cast)
    task = DBTaskResult.objects.get(task_path=deliver_outbox.module_path)
    task.worker_ids = ["w1", "w2", "w3", "w4"]  # four runs already cut off
    task.save(update_fields=["worker_ids"])
    with connection_dropped_at('UPDATE "concerns_outboxmessage"'):  # its claim
        worker().run()
    task.refresh_from_db()
    assert task.status == "FAILED"  # the fifth: not RUNNING forever on a live worker


def test_delivery_is_asked_for_once_however_many_concerns_are_recorded(cast):
    for _ in range(25):
        make_concern(cast)
    waiting = DBTaskResult.objects.filter(task_path=deliver_outbox.module_path, status="READY")
    assert waiting.count() == 1
    waiting.update(status="RUNNING")  # a worker has started it: what comes next needs a new run
    make_concern(cast)
    assert waiting.count() == 1


def test_escalation_runs_on_time_behind_a_backlog_of_thousands_of_tasks(cast):
    urgent = make_concern(cast, urgent=True)
    Concern.objects.filter(pk=urgent.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with transaction.atomic():
        backlog = [deliver_outbox.enqueue().id for _ in range(3000)]
    beat("test-worker", timezone.now())
    jobs = schedule.tick(timezone.now())
    assert "haven.alerts.tasks.escalate_alerts" in jobs
    worker(max_tasks=len(jobs)).run()  # only as many tasks as the clock enqueued
    urgent.refresh_from_db()
    assert urgent.escalated_at is not None
    assert Alert.objects.filter(concern=urgent, reason="escalated").exists()
    ran = DBTaskResult.objects.exclude(status="READY")
    assert not ran.filter(pk__in=backlog).exists()  # the backlog waited; escalation did not
