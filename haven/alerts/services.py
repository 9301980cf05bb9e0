"""Alerts for other apps: `notify(...)` inside your transaction, and what the team does with them.

The case workflow ("a new criterion is met", "the head's agreement is requested"), the team
changes and the concerns app call `notify`. It writes the Alert rows and, for each, an e-mail in
the outbox; once the transaction commits, the worker is asked to deliver.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from haven.accounts.models import User
from haven.alerts.models import Alert
from haven.alerts.tasks import request_delivery
from haven.alerts.writer import write_alerts
from haven.audit.services import record
from haven.schools.models import School


def enqueue_delivery() -> None:
    """Ask a worker to deliver the outbox now (the periodic sweep is the safety net)."""
    request_delivery()


def notify(
    *,
    recipients: Iterable[User],
    school: School,
    reason: str,
    case: Model | None = None,
    concern: Model | None = None,
) -> None:
    """Alert each recipient in Haven and queue an e-mail to each. Call inside your transaction.

    `reason` is an AlertReason code or a short sentence with no names or details (it is e-mailed).

    New-concern and escalation alerts reach a person once per concern however often this runs.
    Audit: concerns.alerts_sent (the reason and how many were alerted).
    """
    if write_alerts(
        recipients=recipients, school=school, reason=reason, case=case, concern=concern
    ):
        transaction.on_commit(enqueue_delivery, robust=True)


def acknowledge_alerts(*, concern: Model, now: datetime) -> None:
    """Once anyone on the team acknowledges a concern, its alerts stop asking for attention."""
    Alert.objects.filter(concern_id=concern.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )


@transaction.atomic
def dismiss_alert(*, actor: User, alert: Alert) -> None:
    """The recipient has seen an alert that is not about a concern (a case alert). Audit:
    concerns.alert_dismissed."""
    if alert.recipient_id != actor.pk or alert.acknowledged_at is not None:
        return
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_at"])
    record("concerns.alert_dismissed", actor=actor, school=alert.school_id, obj=alert)
