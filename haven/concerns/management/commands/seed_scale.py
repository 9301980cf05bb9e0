"""Seed Haven at scale for benchmarks: `manage.py seed_scale --preset small|trust|national`, or
`--schools N --concerns-per-school M --audit-events K`. Refused when HAVEN_ENV is production."""

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.concerns.seeding import PRESETS, Size, is_seeded, seed


class Command(BaseCommand):
    help = "Seed a trust of schools with concerns, cases and audit events (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), help="A ladder size.")
        parser.add_argument("--schools", type=int)
        parser.add_argument("--concerns-per-school", type=int)
        parser.add_argument("--audit-events", type=int, help="In all, shared between schools.")
        parser.add_argument("--pupils-per-school", type=int)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the benchmark trust exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_scale makes made-up records: never in production.")
        if options["if_empty"] and is_seeded():
            self.stdout.write("Already seeded: nothing to do.")
            return
        size = PRESETS[options["preset"] or "small"]
        given = {
            "schools": options["schools"],
            "concerns_per_school": options["concerns_per_school"],
            "audit_events": options["audit_events"],
            "pupils_per_school": options["pupils_per_school"],
        }
        size = replace(size, **{name: value for name, value in given.items() if value is not None})
        self._check(size)
        self.stdout.write(
            f"Seeding {size.schools} schools x {size.concerns_per_school} concerns "
            f"({size.cases_per_school} cases each), {size.audit_events:,} audit events"
        )
        counts = seed(size, say=self.stdout.write)
        for kind, n in counts.rows.items():
            self.stdout.write(f"  {kind}: {n:,}")
        self.stdout.write(
            self.style.SUCCESS(f"{counts.total:,} rows at {counts.rate():,.0f} rows per second")
        )

    def _check(self, size: Size) -> None:
        if size.schools < 1 or size.concerns_per_school < 1 or size.pupils_per_school < 2:
            raise CommandError("Give at least 1 school, 1 concern and 2 pupils per school.")
        if size.audit_events < 0:
            raise CommandError("--audit-events cannot be negative.")
