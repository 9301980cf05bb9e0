"""Haven's background worker: django-tasks-db's worker plus Haven's clock (heartbeat, schedule).

Quiet by default: warnings and failures only, so `make run` shows the demo accounts, not a line for
every task every few seconds. `-v 2` shows each task as it starts and ends; `-v 3` everything.
"""

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from haven.system.clock import Clock

WORKER_LOGGERS = ("django.tasks", "django_tasks_db", "haven.system.schedule")
LEVEL_FOR_VERBOSITY = {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO}


def set_worker_log_level(verbosity: int) -> None:
    level = LEVEL_FOR_VERBOSITY.get(verbosity, logging.DEBUG)
    for name in WORKER_LOGGERS:
        logging.getLogger(name).setLevel(level)


class QuietDbWorker(DbWorker):
    """django-tasks-db's worker, with its log levels set by Haven's verbosity scale."""

    def configure_logging(self, verbosity: int) -> None:
        set_worker_log_level(verbosity)


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
        clock = Clock(worker_id=worker_id, period=clock_period)
        if batch:
            clock.once()
        else:
            clock.start()
        try:
            call_command(
                QuietDbWorker(),
                interval=interval,
                batch=batch,
                reload=False,
                startup_delay=False,
                worker_id=worker_id,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            clock.stop()
