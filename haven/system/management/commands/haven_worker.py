"""Haven's background worker: django-tasks-db's worker plus Haven's clock (heartbeat, schedule).

Quiet by default: warnings and failures only, so `make run` shows the demo accounts, not a line for
every task every few seconds. `-v 2` shows each task as it starts and ends; `-v 3` everything.
"""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS

from haven.system.clock import Clock
from haven.system.work import set_this_worker
from haven.system.worker import HavenWorker

WORKER_LOGGERS = ("django.tasks", "django_tasks_db", "haven.system.schedule")
QUEUES = ["default"]  # one queue: the clock's jobs go first by priority (haven.system.work)
LEVEL_FOR_VERBOSITY = {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO}


def set_worker_log_level(verbosity: int) -> None:
    level = LEVEL_FOR_VERBOSITY.get(verbosity, logging.DEBUG)
    for name in WORKER_LOGGERS:
        logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = "Run the background worker (alerts, e-mail, escalations, sweeps). Ctrl-C stops it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls.")
        parser.add_argument(
            "--clock-period", type=float, default=5.0, help="Seconds between ticks."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")

    def handle(
        self, *args: Any, interval: float, clock_period: float, batch: bool, **options: Any
    ) -> None:
        set_worker_log_level(options.get("verbosity", 1))
        worker_id = get_random_string(24)
        set_this_worker(worker_id)
        clock = Clock(worker_id=worker_id, period=clock_period)
        if batch:
            clock.once()
        else:
            clock.start()
        worker = HavenWorker(
            queue_names=QUEUES,
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            clock.stop()
            set_this_worker("")
