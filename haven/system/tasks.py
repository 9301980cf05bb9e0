"""The system's own periodic jobs."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.system.models import ScheduledRun
from haven.system.schedule import every

logger = logging.getLogger(__name__)


def requeue_stale_tasks(*, older_than: timedelta) -> int:
    """Return tasks left RUNNING by a worker that died (kill -9, power loss) to the queue.

    django-tasks-db never does this itself. Haven's handlers are idempotent, so running one again
    is safe.
    """
    cutoff = timezone.now() - older_than
    count = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="READY", started_at=None
    )
    if count:
        logger.warning("requeued stale tasks count=%d", count)
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
