"""The system's own periodic jobs."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.system.models import ScheduledRun, WorkerHeartbeat
from haven.system.schedule import every
from haven.system.selectors import WORKER_SILENT_AFTER
from haven.system.work import work_abandoned

logger = logging.getLogger(__name__)


def requeue_stale_tasks(*, older_than: timedelta) -> int:
    """Return tasks left RUNNING by a worker that died (kill -9, power loss) to the queue, and
    release what dead workers had claimed (their outbox rows) with them.

    django-tasks-db never does this itself. A task is only taken back when it has run longer than
    `older_than` AND the worker that claimed it has not beaten recently: a long task on a live
    worker is left alone. Haven's handlers are idempotent, so running one again is safe.
    """
    now = timezone.now()
    silent_since = now - WORKER_SILENT_AFTER
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen_at__gte=silent_since).values_list(
            "worker_id", flat=True
        )
    )
    candidates = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - older_than)
    orphaned = {
        task.pk: task.worker_ids[-1:]
        for task in candidates.only("id", "worker_ids")
        if not alive & set(task.worker_ids[-1:])
    }
    count = DBTaskResult.objects.filter(pk__in=list(orphaned), status="RUNNING").update(
        status="READY", started_at=None
    )
    if count:
        logger.warning("requeued stale tasks count=%d", count)
    silent = WorkerHeartbeat.objects.filter(last_seen_at__lt=silent_since)
    dead = {worker for ids in orphaned.values() for worker in ids}
    dead |= set(silent.values_list("worker_id", flat=True))
    if dead:
        work_abandoned.send(sender=requeue_stale_tasks, worker_ids=sorted(dead))
    return count


@every(timedelta(minutes=1))
@task
def reap_stale_tasks() -> int:
    return requeue_stale_tasks(older_than=timedelta(seconds=settings.HAVEN_TASK_STALE_SECONDS))


@every(timedelta(days=1))
@task
def prune_schedule() -> int:
    """Keep the schedule's claim rows for a week: enough to see what ran, small enough to ignore."""
    deleted, _ = ScheduledRun.objects.filter(slot__lt=timezone.now() - timedelta(days=7)).delete()
    return deleted
