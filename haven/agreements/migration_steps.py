"""Data steps shared by the migrations that moved authenticator resets and team changes onto
the one two-person agreement (haven.agreements)."""

from typing import Any

from django.db.models import F, Q


def cancelled_to_refused_or_withdrawn(model_label: str) -> Any:
    """Before, "cancelled" meant either the asker called it off or someone else said no (or the
    person left). Now those are "withdrawn" and "refused"; tell them apart by who decided."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        cancelled = model.objects.filter(status="cancelled")
        by_asker = Q(decided_by__isnull=True) | Q(decided_by=F("requested_by"))
        cancelled.filter(by_asker).update(status="withdrawn")
        cancelled.exclude(by_asker).update(status="refused")

    def backwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        model.objects.filter(status__in=["withdrawn", "refused", "expired"]).update(
            status="cancelled"
        )

    return forwards, backwards
