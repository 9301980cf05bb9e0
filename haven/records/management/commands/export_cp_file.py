"""Write a pupil's child protection file (signed JSON package and PDF) for their next school."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.lib.errors import Refused
from haven.records.sealing import SEALED_FILE
from haven.records.services import export_cp_file
from haven.records.transfer import this_havens_fingerprint
from haven.schools.models import Pupil


class Command(BaseCommand):
    help = "Export a pupil's child protection file for the school they are moving to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The sending school's slug.")
        parser.add_argument("--upn", required=True, help="The pupil's UPN.")
        parser.add_argument("--to-school", required=True, help="The receiving school's name.")
        parser.add_argument("--out", required=True, type=Path, help="A new, empty folder.")

    def handle(
        self, *args: Any, school: str, upn: str, to_school: str, out: Path, **_: Any
    ) -> None:
        pupil = Pupil.objects.filter(school__slug=school, upn=upn).select_related("school").first()
        if pupil is None:
            raise CommandError(f"No pupil with UPN {upn} at the school {school!r}.")
        try:
            sent = export_cp_file(actor=None, pupil=pupil, to_school=to_school, out=out)
        except Refused as error:
            raise CommandError(str(error)) from None
        if (out / SEALED_FILE).is_file():
            self.stdout.write(f"Encrypted for {sent.to_school}: only its Haven can open it.")
        else:
            self.stdout.write(
                f"Not encrypted: Haven holds no public key for {sent.to_school} "
                "(add_partner_school). Send the folder only by a secure route."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote package {sent.pk} for {sent.to_school} into {out}. Signed by the key "
                f"with fingerprint {this_havens_fingerprint()}: read it to the receiving DSL."
            )
        )
