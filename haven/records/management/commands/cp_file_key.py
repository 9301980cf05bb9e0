"""Print a school's public key for receiving child protection files, to give the sending school."""

import base64
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.records.sealing import public_key_of
from haven.records.transfer import fingerprint
from haven.schools.models import School


class Command(BaseCommand):
    help = "Show the school's public key: the sending school stores it with add_partner_school."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The receiving school's slug.")

    def handle(self, *args: Any, school: str, **_: Any) -> None:
        place = School.objects.filter(slug=school).first()
        if place is None:
            raise CommandError(f"There is no school {school!r}.")
        key = public_key_of(place)
        self.stdout.write(f"{key}\n")
        self.stdout.write(
            f"Fingerprint {fingerprint(base64.b64decode(key))}: read it to the sending DSL by "
            "phone, so they know the key they hold is yours."
        )
