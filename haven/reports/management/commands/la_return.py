"""manage.py la_return --school SLUG --year YYYY --out FILE.csv (or FILE.pdf)"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.reports.services import export_la_return
from haven.schools.models import School


class Command(BaseCommand):
    help = (
        "Write a school's annual return to the local authority (section 175 / 157) for the school"
        " year starting in September YYYY, as CSV (or PDF when the file ends in .pdf)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--year", required=True, type=int, help="2025 for 2025 to 2026")
        parser.add_argument("--out", required=True, help="the .csv or .pdf file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school has the slug {options['school']!r}.")
        out = Path(options["out"])
        fmt = "pdf" if out.suffix.lower() == ".pdf" else "csv"
        data = export_la_return(actor=None, school=school, year=options["year"], fmt=fmt)
        out.write_bytes(data)
        self.stdout.write(f"Wrote the return for {school.slug} to {out}.")
