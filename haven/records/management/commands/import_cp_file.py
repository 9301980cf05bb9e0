"""Check and import a child protection file package from a pupil's previous school's Haven."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.lib.errors import Refused
from haven.records.services import import_cp_file
from haven.schools.models import School


class Command(BaseCommand):
    help = (
        "Import a child protection file package (refused if changed, for another school, "
        "or of an unknown version)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The receiving school's slug.")
        parser.add_argument("folder", type=Path, help="The package's folder.")

    def handle(self, *args: Any, school: str, folder: Path, **_: Any) -> None:
        place = School.objects.filter(slug=school).first()
        if place is None:
            raise CommandError(f"There is no school {school!r}.")
        try:
            received = import_cp_file(actor=None, school=place, folder=folder)
        except Refused as error:
            raise CommandError(f"Refused: {error}.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported the file from {received.from_school} for pupil {received.pupil_id}. "
                f"It was signed by the key with fingerprint {received.signed_by}: check it with "
                "the sending DSL by phone."
            )
        )
