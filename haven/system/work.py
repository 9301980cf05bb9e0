"""What other apps need from the worker: which worker this process is, a signal when a worker's
work was cut off, and enqueueing a job at most once.

Kept apart from the worker itself so apps (alerts) can use it without importing the worker.
"""

from typing import Any

from django.dispatch import Signal
from django.tasks import Task
from django_tasks_db.models import DBTaskResult

# The clock's jobs (reaper, escalation, sweeps, checkpoints) run before anything already waiting:
# django-tasks-db takes the highest priority first, so they are on time behind any backlog.
CLOCK_PRIORITY = 50

# Sent with `worker_ids` (a list of str) when those workers' in-flight work was cut off: the
# reaper found them dead, or a worker lost its database connection mid-task. Receivers release
# whatever those workers had claimed (the alerts outbox releases its claims).
work_abandoned = Signal()

_this_worker = {"id": ""}


def this_worker() -> str:
    """The id of the worker running in this process ("" outside `manage.py haven_worker`)."""
    return _this_worker["id"]


def set_this_worker(worker_id: str) -> None:
    _this_worker["id"] = worker_id


def enqueue_unless_waiting(task: Task[[], Any], *, priority: int | None = None) -> bool:
    """Enqueue a job that takes no arguments unless a run of it is already waiting to start.

    A run that has started does not count: what was written after it looked still needs a run.
    Two callers at the same moment may both enqueue; that is harmless (every job is idempotent).
    """
    waiting = DBTaskResult.objects.filter(status="READY", task_path=task.module_path)
    if waiting.exists():
        return False
    (task if priority is None else task.using(priority=priority)).enqueue()
    return True
