"""Keep a partner school's public key: child protection files sent to it are then encrypted."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.lib.errors import Refused
from haven.records.services import add_partner_school
from haven.schools.models import School


class Command(BaseCommand):
    help = "Store the receiving school's public key (from its cp_file_key), given out of band."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The sending school's slug.")
        parser.add_argument("--name", required=True, help="The receiving school's name.")
        parser.add_argument("--key", required=True, help="Its public key, from cp_file_key.")

    def handle(self, *args: Any, school: str, name: str, key: str, **_: Any) -> None:
        place = School.objects.filter(slug=school).first()
        if place is None:
            raise CommandError(f"There is no school {school!r}.")
        try:
            partner = add_partner_school(actor=None, school=place, name=name, public_key=key)
        except Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Files to {partner.name} will be encrypted for the key with fingerprint "
                f"{partner.fingerprint}: check it with their DSL by phone."
            )
        )
