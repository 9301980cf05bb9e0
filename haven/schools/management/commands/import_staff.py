from haven.schools.management.commands._import import ImportCommand
from haven.schools.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import staff from an MIS CSV export (docs/mis-import.md). Shows what would change; "
        "--commit saves it and e-mails each new member of staff an invitation."
    )
    kind = ImportKind.STAFF
