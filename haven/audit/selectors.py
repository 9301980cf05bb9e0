"""Reads of the audit log, for the people allowed to see them (views check who first)."""

from django.db.models import QuerySet

from haven.audit.models import AuditEvent
from haven.schools.models import Pupil


def events_about_pupil(pupil: Pupil) -> QuerySet[AuditEvent]:
    """Every event that names this pupil, newest first (index: audit_pupil_idx)."""
    return (
        AuditEvent.objects.filter(pupil_id=pupil.pk)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
