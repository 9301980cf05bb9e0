"""Haven's background worker: django-tasks-db's worker plus Haven's clock (heartbeat, schedule)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from haven.system.clock import Clock


class Command(BaseCommand):
    help = "Run the background worker (alerts, e-mail, escalations, sweeps). Ctrl-C stops it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls.")
        parser.add_argument(
            "--clock-period", type=float, default=5.0, help="Seconds between ticks."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")

    def handle(
        self, *args: Any, interval: float, clock_period: float, batch: bool, **_: Any
    ) -> None:
        worker_id = get_random_string(24)
        clock = Clock(worker_id=worker_id, period=clock_period)
        if batch:
            clock.once()
        else:
            clock.start()
        try:
            call_command(
                "db_worker",
                interval=interval,
                batch=batch,
                reload=False,
                startup_delay=False,
                worker_id=worker_id,
                verbosity=self.verbosity if hasattr(self, "verbosity") else 1,
            )
        finally:
            clock.stop()
