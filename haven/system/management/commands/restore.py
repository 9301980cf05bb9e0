"""Restore a backup (manage.py backup) into an empty database and sign where each audit chain
was restored to, so verify_audit_chain passes there and says what was lost since the backup."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.system.backup import BackupRefused, restore


class Command(BaseCommand):
    help = "Restore a Haven backup folder into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The folder manage.py backup wrote.")
        parser.add_argument(
            "--as-copy",
            action="store_true",
            help="Make the restored database a new installation (a test copy beside the original).",
        )

    def handle(self, *args: Any, source: Path, as_copy: bool, **options: Any) -> None:
        try:
            results = restore(source, as_copy=as_copy)
        except BackupRefused as error:
            raise CommandError(str(error)) from None
        for result in results:
            if result.signed:
                self.stdout.write(f"restored {result.scope} to position {result.position}")
            else:
                self.stdout.write(self.style.ERROR(f"NOT SIGNED {result.problem}"))
        unsigned = [result for result in results if not result.signed]
        if unsigned:
            raise CommandError(
                f"{len(unsigned)} restored audit chains do not hold against their checkpoints: "
                "the backup may have been changed. Treat it as an incident (docs/audit.md)."
            )
        self.stdout.write(self.style.SUCCESS("Restored. Run manage.py verify_audit_chain."))
