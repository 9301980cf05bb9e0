"""Back up Haven's database and audit checkpoints (never the keys) into a new folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.system.backup import BackupRefused, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite backup API or pg_dump) and the audit checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="A new, empty folder.")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        try:
            manifest = backup(out)
        except BackupRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['vendor']} database of installation "
                f"{manifest['installation']} at {manifest['taken_at']} into {out} "
                f"({len(manifest['files'])} files). The keys are not in it: keep them apart."
            )
        )
