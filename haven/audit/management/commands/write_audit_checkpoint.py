"""Write a signed checkpoint of every audit chain (or one) now, as the 15-minute job does."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.checkpoints import Outcome, directory, write_all


class Command(BaseCommand):
    help = "Sign and store a checkpoint of each audit chain that has grown since its last one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", help='Checkpoint one chain only, e.g. "school:3".')

    def handle(self, *args: Any, scope: str | None, **options: Any) -> None:
        results = write_all(scope)
        for result in results:
            if result.outcome == Outcome.REFUSED:
                self.stdout.write(self.style.ERROR(f"refused {result.problem}"))
            elif result.checkpoint is not None:
                cp = result.checkpoint
                self.stdout.write(f"{result.outcome} {cp.scope} at position {cp.sequence}")
            else:
                self.stdout.write(f"{result.outcome} {result.scope}: no events yet")
        self.stdout.write(f"Checkpoints are in {directory()}")
        refused = [result for result in results if result.outcome == Outcome.REFUSED]
        if refused:
            raise CommandError(
                f"{len(refused)} chains were not checkpointed because they are broken: "
                "run verify_audit_chain"
            )
