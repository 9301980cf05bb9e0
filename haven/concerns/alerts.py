"""Alerts: who is told, in Haven and by e-mail, and escalation when nobody acknowledges a concern.

Other apps call `notify(...)` inside their own transaction (the case workflow does, for "a new
criterion is met" and "the head's agreement is requested"). It writes the Alert rows and, for
each, an e-mail in the outbox; the worker sends the e-mails after the transaction commits.
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record
from haven.chronology.services import add_entry
from haven.concerns import rules
from haven.concerns.models import (
    ONCE_PER_CONCERN,
    Alert,
    AlertReason,
    Concern,
    ConcernStatus,
    OutboxKind,
    OutboxMessage,
)
from haven.concerns.selectors import case_path
from haven.schools.models import SAFEGUARDING_TEAM, Role, School

logger = logging.getLogger(__name__)


def _people_with(school: School, roles: Iterable[Role]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__school=school,
            memberships__is_active=True,
            memberships__role__in=list(roles),
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def team_of(school: School) -> list[User]:
    """The school's safeguarding team: its DSLs, deputy DSLs and headteacher."""
    return _people_with(school, SAFEGUARDING_TEAM)


def heads_of(school: School) -> list[User]:
    return _people_with(school, [Role.HEADTEACHER])


def deputies_of(school: School) -> list[User]:
    return _people_with(school, [Role.DEPUTY_DSL])


def dsls_of(school: School) -> list[User]:
    return _people_with(school, [Role.DSL])


def enqueue_delivery() -> None:
    """Ask a worker to deliver the outbox now (the periodic sweep is the safety net)."""
    from haven.concerns.tasks import deliver_outbox

    deliver_outbox.enqueue()


def notify(
    *,
    recipients: Iterable[User],
    school: School,
    reason: str,
    case: Model | None = None,
    concern: Concern | None = None,
) -> None:
    """Alert each recipient in Haven and queue an e-mail to each. Call inside your transaction.

    `reason` is an AlertReason code or a short sentence with no names or details (it is e-mailed).

    New-concern and escalation alerts reach a person once per concern however often this runs.
    Audit: concerns.alerts_sent (the reason and how many were alerted).
    """
    reason = reason.strip()[:200]
    people = {person.pk: person for person in recipients if person.is_active}
    if concern is not None and reason in ONCE_PER_CONCERN:
        already = Alert.objects.filter(
            concern=concern, reason=reason, recipient_id__in=list(people)
        ).values_list("recipient_id", flat=True)
        for person_id in already:
            people.pop(person_id, None)
    if not people:
        return
    now = timezone.now()
    alerts = Alert.objects.bulk_create(
        Alert(
            school=school,
            recipient=person,
            reason=reason,
            concern=concern,
            case_id=getattr(case, "pk", None),
            created_at=now,
        )
        for person in people.values()
    )
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind=OutboxKind.ALERT_EMAIL, alert=alert, created_at=now, next_attempt_at=now)
        for alert in alerts
    )
    record(
        "concerns.alerts_sent",
        actor=None,
        school=school,
        obj=concern or case,
        # Audit data holds codes, not sentences: another app's sentence is cut to fit.
        data={"reason": reason[:100], "recipients": [person.pk for person in people.values()]},
    )
    transaction.on_commit(enqueue_delivery, robust=True)


def acknowledge_alerts(*, concern: Concern, now: datetime) -> None:
    """Once anyone on the team acknowledges a concern, its alerts stop asking for attention."""
    Alert.objects.filter(concern=concern, acknowledged_at__isnull=True).update(acknowledged_at=now)


@transaction.atomic
def dismiss_alert(*, actor: User, alert: Alert) -> None:
    """The recipient has seen an alert that is not about a concern (a case alert). Audit:
    concerns.alert_dismissed."""
    if alert.recipient_id != actor.pk or alert.acknowledged_at is not None:
        return
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_at"])
    record("concerns.alert_dismissed", actor=actor, school=alert.school_id, obj=alert)


def alert_path(alert: Alert) -> str:
    """Where an alert's link leads: the concern, or the case, or the inbox."""
    if alert.concern_id is not None:
        return reverse("concerns:detail", args=[alert.concern_id])
    if alert.case_id is not None and (path := case_path(alert.case_id)):
        return path
    return reverse("concerns:inbox")


def alert_link(alert: Alert) -> str:
    return f"{settings.HAVEN_BASE_URL}{alert_path(alert)}"


# --- Escalation -------------------------------------------------------------------------------


def is_overdue(concern: Concern, now: datetime) -> bool:
    school = concern.school
    return rules.escalation_due(
        created_at=concern.created_at,
        now=now,
        minutes=school.alert_escalation_minutes,
        day_starts=school.school_day_starts,
        day_ends=school.school_day_ends,
        tz=ZoneInfo(settings.TIME_ZONE),
        urgent=concern.urgent,
    )


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every concern nobody on the team has acknowledged in time. Safe to run twice."""
    now = now or timezone.now()
    waiting = Concern.objects.filter(
        status=ConcernStatus.NEW, escalated_at__isnull=True
    ).select_related("school")
    return sum(
        escalate(concern=concern, now=now) for concern in waiting if is_overdue(concern, now)
    )


def escalation_recipients(concern: Concern) -> list[User]:
    """The deputies and the head, and any DSL who was not alerted in the first place."""
    alerted = set(
        Alert.objects.filter(concern=concern, reason=AlertReason.NEW_CONCERN).values_list(
            "recipient_id", flat=True
        )
    )
    people = {u.pk: u for u in deputies_of(concern.school) + heads_of(concern.school)}
    people.update({u.pk: u for u in dsls_of(concern.school) if u.pk not in alerted})
    return list(people.values())


@transaction.atomic
def escalate(*, concern: Concern, now: datetime) -> bool:
    """Audit: concerns.alert_escalated. Chronology: concern_escalated. False if already done."""
    claimed = Concern.objects.filter(
        pk=concern.pk, status=ConcernStatus.NEW, escalated_at__isnull=True
    ).update(escalated_at=now)
    if not claimed:
        return False
    concern.escalated_at = now
    recipients = escalation_recipients(concern)
    notify(
        recipients=recipients,
        school=concern.school,
        reason=AlertReason.ESCALATED,
        concern=concern,
    )
    record(
        "concerns.alert_escalated",
        actor=None,
        school=concern.school,
        obj=concern,
        data={
            "minutes": concern.school.alert_escalation_minutes,
            "recipients": [person.pk for person in recipients],
        },
    )
    add_entry(
        pupils=list(concern.pupils.all()),
        kind="concern_escalated",
        summary=f"Concern {concern.reference} not acknowledged in time: escalated",
        occurred_at=now,
        obj=concern,
    )
    logger.info("concern escalated concern=%s recipients=%d", concern.pk, len(recipients))
    return True
