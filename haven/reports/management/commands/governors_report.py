"""manage.py governors_report --school SLUG --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.reports.services import export_governors_report
from haven.schools.models import School


def a_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Give dates as YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = "Write a school's governors' report (figures without names) as a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school has the slug {options['school']!r}.")
        first, last = a_date(options["first"]), a_date(options["last"])
        if last < first:
            raise CommandError("The last day comes before the first.")
        data = export_governors_report(actor=None, school=school, first=first, last=last)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"Wrote the governors' report for {school.slug} to {options['out']}.")
