"""Check every audit chain (or one) against itself and its signed checkpoints: by default the
events since each chain's newest signed checkpoint, with --full every event.

Exit status 0 when every chain is whole; 1, naming the first broken event, when one is not.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.checkpoints import other_installations
from haven.audit.installation import installation_id
from haven.audit.verification import chain_exists, verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chains and signed checkpoints. Exits 1 if any is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", help='Verify one chain only, e.g. "school:3" or "global".')
        parser.add_argument(
            "--full",
            action="store_true",
            help="Check every event from the first, not only those since the newest checkpoint.",
        )

    def handle(self, *args: Any, scope: str | None, full: bool = False, **options: Any) -> None:
        if scope is not None and not chain_exists(scope):
            raise CommandError(
                f'There is no audit chain "{scope}" (try "global" or "school:<id>").'
            )
        started = time.monotonic()
        reports = verify(scope, full=full)
        for report in reports:
            style = self.style.SUCCESS if report.whole else self.style.ERROR
            self.stdout.write(style(str(report)))
        self._rate(reports, time.monotonic() - started, full)
        self._note_other_installations()
        broken = [report.problem for report in reports if report.problem is not None]
        if broken:
            raise CommandError(
                f"{len(broken)} of {len(reports)} audit chains broken; first: {broken[0]}"
            )
        if not reports:
            self.stdout.write("There are no audit chains yet.")

    def _rate(self, reports: list[Any], seconds: float, full: bool) -> None:
        checked = sum(report.checked for report in reports)
        how = "every event" if full else "from each chain's newest signed checkpoint (--full: all)"
        self.stdout.write(
            f"Checked {checked:,} events in {seconds:.1f} s "
            f"({checked / max(seconds, 1e-9):,.0f} a second), {how}."
        )

    def _note_other_installations(self) -> None:
        """Checkpoints of other installations are not checked here: say so, so that a database
        given a new id to escape its checkpoints does not pass unnoticed (docs/audit.md)."""
        others = other_installations()
        if others:
            self.stdout.write(
                self.style.WARNING(
                    f"This database is installation {installation_id()}. The checkpoint folder "
                    f"also holds checkpoints of other installations, not checked against it: "
                    f"{', '.join(others)}"
                )
            )
