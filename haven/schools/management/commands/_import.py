"""What import_pupils and import_staff share: read, check, show, and (with --commit) save."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.schools import imports, mis
from haven.schools.models import ImportKind, ImportStatus, School

SHOWN = 20  # names listed per section; the counts are always whole


class ImportCommand(BaseCommand):
    kind: ImportKind

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug, e.g. oakfield.")
        parser.add_argument("file", type=Path, help="The CSV file exported from the MIS.")
        parser.add_argument(
            "--commit", action="store_true", help="Save the changes (without it, only show them)."
        )
        if self.kind == ImportKind.PUPILS:
            parser.add_argument(
                "--partial",
                action="store_true",
                help="The file is not the whole roll: mark nobody as left.",
            )

    def handle(self, *args: Any, school: str, file: Path, commit: bool, **options: Any) -> None:
        place = School.objects.filter(slug=school).first()
        if place is None:
            raise CommandError(f"No school with the slug {school!r}.")
        try:
            data = file.read_bytes()
            run = imports.check_file(
                actor=None,
                school=place,
                kind=self.kind,
                data=data,
                whole_roll=not options.get("partial", False),
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except mis.NotCsv as refused:
            raise CommandError(str(refused)) from None
        if run.status == ImportStatus.INVALID:
            self._errors(run)
            raise CommandError(f"{run.error_count} problem(s) found: nothing was saved.")
        self._preview(imports.preview(run))
        if not commit:
            imports.cancel_import(actor=None, run=run)
            self.stdout.write("Nothing saved. Run again with --commit to save these changes.")
            return
        self._commit(run)

    def _errors(self, run: Any) -> None:
        for error in run.errors:
            where = f"line {error['line']}" if error["line"] else "file"
            self.stderr.write(f"{where}: {error['message']}")

    def _preview(self, preview: imports.Preview) -> None:
        plan, out = preview.plan, self.stdout.write
        out(f"New: {len(plan.adds)}")
        out(f"Changed: {len(plan.changes)}")
        for change in plan.changes[:SHOWN]:
            out(f"    {change.key}: {', '.join(change.labels)}")
        out(f"No change: {plan.unchanged}")
        if self.kind == ImportKind.PUPILS:
            out(f"Marked as left: {len(plan.leavers)}")
        else:
            out(f"Staff not in the file (not removed): {len(preview.leaver_names)}")

    def _commit(self, run: Any) -> None:
        try:
            imports.start_import(actor=None, run=run, enqueue=False)
        except imports.ImportRefused as refused:
            raise CommandError(str(refused)) from None
        status = imports.run_import(str(run.pk))
        run.refresh_from_db()
        if status != ImportStatus.DONE:
            self._errors(run)
            raise CommandError("The import was not saved.")
        self.stdout.write(
            self.style.SUCCESS(f"Saved: {run.added} added, {run.changed} changed, {run.left} left.")
        )
