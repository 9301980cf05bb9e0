from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.system.models import WorkerHeartbeat

WORKER_SILENT_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class Health:
    database: bool
    worker: bool
    queued_tasks: int

    @property
    def ok(self) -> bool:
        return self.database and self.worker


def health() -> Health:
    """Whether the database answers and a worker has beaten within the last minute."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        since = timezone.now() - WORKER_SILENT_AFTER
        worker = WorkerHeartbeat.objects.filter(last_seen_at__gte=since).exists()
        queued = DBTaskResult.objects.filter(status="READY").count()
    except DatabaseError:
        return Health(database=False, worker=False, queued_tasks=0)
    return Health(database=True, worker=worker, queued_tasks=queued)
