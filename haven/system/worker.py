"""Haven's worker loop: django-tasks-db's worker, made to outlive its database.

When the database drops the connection (a restart, a failover, an administrator terminating
connections), django-tasks-db's own loop lets the error escape, or fails again marking the task
failed on the same dead connection, and the process ends with the task left RUNNING. Here:

- the broken connection is closed, so the next query opens a fresh one;
- the task that was cut off goes back to the queue (READY) for another try, up to MAX_ATTEMPTS
  runs in all, and the worker's outbox claims are released (`work_abandoned`);
- the worker waits a little (doubling, at most MAX_WAIT) and carries on.

A task that fails with any other error is recorded as failed, as before.
"""

import logging
import time
import uuid

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from haven.system.work import work_abandoned

logger = logging.getLogger(__name__)

LOST_DATABASE = (OperationalError, InterfaceError)
LOST_DATABASE_PATHS = {f"{kind.__module__}.{kind.__qualname__}" for kind in LOST_DATABASE}
LOST_PATH = "django.db.utils.OperationalError"
MAX_ATTEMPTS = 5  # runs of one task cut off by the database before it is left failed
MAX_WAIT = 30.0  # seconds between tries while the database is away
GIVE_UP_IN_BATCH = 5  # `--batch` runs stop after this many failures in a row


def close_connections() -> None:
    """Close every connection this thread holds, broken ones included."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None  # the driver could not even close it: drop it


class HavenWorker(Worker):
    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]  # django-tasks-db's own keywords
        self.cut_off: set[uuid.UUID] = set()
        self.claims_to_release = False
        self.failures_in_a_row = 0

    def run(self) -> None:
        while self.running:
            try:
                self.put_back_cut_off_work()
                super().run()
                if not (self.cut_off or self.claims_to_release):
                    return  # `--batch` found nothing more to do
            except LOST_DATABASE as error:
                self.database_lost(error)
                self.failures_in_a_row += 1
                if self.batch and self.failures_in_a_row >= GIVE_UP_IN_BATCH:
                    raise
                time.sleep(self.wait())

    def run_task(self, db_task_result: DBTaskResult[..., object]) -> None:
        try:
            super().run_task(db_task_result)
        except LOST_DATABASE as error:
            # Marking the task failed failed too: the connection it ran on is gone.
            self.cut_off.add(db_task_result.pk)
            self.database_lost(error)
            self.put_back_cut_off_work()  # on a fresh connection; if none yet, run() waits
            return
        if db_task_result.exception_class_path in LOST_DATABASE_PATHS:
            # The task met a lost connection, and the failure was recorded on a new one.
            self.cut_off.add(db_task_result.pk)
            self.database_lost(None)
        else:
            self.failures_in_a_row = 0
        self.put_back_cut_off_work()

    def wait(self) -> float:
        interval = float(self.interval)
        return min(max(interval, 0.1) * (1 << min(self.failures_in_a_row, 8)), MAX_WAIT)

    def database_lost(self, error: BaseException | None) -> None:
        logger.warning(
            "worker lost its database worker_id=%s error=%s",
            self.worker_id,
            type(error).__name__ if error else "in task",
        )
        close_connections()
        self.claims_to_release = True

    def put_back_cut_off_work(self) -> None:
        """Requeue the tasks the database cut off and release this worker's outbox claims.
        Raises a database error if the database is still away (the loop tries again later)."""
        if self.cut_off:
            tasks = DBTaskResult.objects.filter(pk__in=list(self.cut_off))
            again = [
                task.pk
                for task in tasks.only("id", "worker_ids")
                if len(task.worker_ids) < MAX_ATTEMPTS
            ]
            requeued = tasks.filter(pk__in=again, status__in=["RUNNING", "FAILED"]).update(
                status="READY", started_at=None, finished_at=None, exception_class_path="",
                traceback="",
            )  # fmt: skip
            # Cut off too often: failed, not left RUNNING on a live worker the reaper leaves.
            tasks.exclude(pk__in=again).filter(status="RUNNING").update(
                status="FAILED", finished_at=timezone.now(), exception_class_path=LOST_PATH
            )
            logger.warning("requeued cut-off tasks worker_id=%s count=%d", self.worker_id, requeued)
            self.cut_off.clear()
        if self.claims_to_release:
            work_abandoned.send(sender=type(self), worker_ids=[self.worker_id])
            self.claims_to_release = False
