"""The worker's clock: a heartbeat for health checks and the periodic-job schedule, on a thread."""

import logging
import os
import socket
import threading
from datetime import datetime

from django.db import close_old_connections, connection
from django.utils import timezone

from haven.system import schedule
from haven.system.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": timezone.now(),
        },
    )


class Clock(threading.Thread):
    """Every `period` seconds: record a heartbeat, then enqueue the periodic jobs that are due."""

    def __init__(self, *, worker_id: str, period: float) -> None:
        super().__init__(name="haven-clock", daemon=True)
        self.worker_id = worker_id
        self.period = period
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.once()
            self.stopping.wait(self.period)
        connection.close()

    def once(self) -> None:
        close_old_connections()
        try:
            beat(self.worker_id, self.started_at)
            schedule.tick(timezone.now())
        except Exception:
            # The clock must outlive a passing database error; the next tick tries again.
            logger.exception("clock tick failed worker_id=%s", self.worker_id)

    def stop(self) -> None:
        self.stopping.set()
