from haven.schools.management.commands._import import ImportCommand
from haven.schools.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import pupils from an MIS CSV export (docs/mis-import.md). Shows what would change; "
        "--commit saves it, all or nothing."
    )
    kind = ImportKind.PUPILS
