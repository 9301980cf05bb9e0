"""Background work for schools: saving an MIS import, tidying up abandoned previews, and
expiring team and policy changes nobody agreed to."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from haven.agreements.services import expire_overdue
from haven.schools import imports
from haven.schools.models import ImportRun, ImportStatus
from haven.schools.policy import POLICY_CHANGE
from haven.schools.team import TEAM_CHANGE
from haven.system.schedule import every

# Saving an import is a job `imports.start_import` enqueues, so it lives there; named here too so
# that jobs queued before it moved still find it.
save_import = imports.save_import

ABANDONED_AFTER = timedelta(days=1)
# The problems listed for a file quote its cells (a date of birth, a UPN): kept long enough to fix
# the file, not for ever.
PROBLEMS_KEPT_FOR = timedelta(days=30)


@every(timedelta(hours=1))
@task
def clear_abandoned_imports() -> int:
    """A preview nobody confirmed within a day is cancelled and its rows removed (the pupils'
    details should not sit in a half-finished upload); problems listed over 30 days ago are
    removed too. Returns how many previews were cancelled."""
    now = timezone.now()
    with transaction.atomic():
        ImportRun.objects.filter(created_at__lt=now - PROBLEMS_KEPT_FOR).exclude(errors=[]).update(
            errors=[]
        )
        return ImportRun.objects.filter(
            status=ImportStatus.PREVIEW, created_at__lt=now - ABANDONED_AFTER
        ).update(status=ImportStatus.CANCELLED, rows=[], finished_at=now)


@every(timedelta(hours=1))
@task
def expire_team_changes() -> int:
    """Team changes nobody agreed to within their lifetime are marked expired."""
    return expire_overdue(TEAM_CHANGE)


@every(timedelta(hours=1))
@task
def expire_policy_changes() -> int:
    """Policy changes nobody agreed to within their lifetime are marked expired."""
    return expire_overdue(POLICY_CHANGE)
