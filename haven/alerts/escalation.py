"""Escalation: a concern nobody on the team has acknowledged in time goes to the deputies and the
head (and any DSL who was not alerted), once.

Reads the concerns app's models (never its services or pages, which call alerts). Run by the
worker's `escalate_alerts` job, which then asks for the e-mails to be delivered.
"""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.alerts import rules
from haven.alerts.models import Alert, AlertReason
from haven.alerts.people import deputies_of, dsls_of, heads_of
from haven.alerts.writer import write_alerts
from haven.audit.services import record
from haven.chronology.services import add_entry
from haven.concerns.models import Concern, ConcernStatus
from haven.outofhours.selectors import closed_days_near

logger = logging.getLogger(__name__)


def is_overdue(concern: Concern, now: datetime, *, closed: frozenset[date] | None = None) -> bool:
    """`closed`: the school's closed days (read here when not given)."""
    school = concern.school
    if closed is None:
        closed = closed_days_near(school.pk, now.date())
    return rules.escalation_due(
        created_at=concern.created_at,
        now=now,
        minutes=school.alert_escalation_minutes,
        day_starts=school.school_day_starts,
        day_ends=school.school_day_ends,
        tz=ZoneInfo(settings.TIME_ZONE),
        urgent=concern.urgent,
        closed=closed,
    )


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every concern nobody on the team has acknowledged in time. Safe to run twice."""
    now = now or timezone.now()
    waiting = Concern.objects.filter(
        status=ConcernStatus.NEW, escalated_at__isnull=True
    ).select_related("school")
    closed: dict[int, frozenset[date]] = {}  # read once per school in a sweep

    def overdue(concern: Concern) -> bool:
        if concern.school_id not in closed:
            closed[concern.school_id] = closed_days_near(concern.school_id, now.date())
        return is_overdue(concern, now, closed=closed[concern.school_id])

    return sum(escalate(concern=concern, now=now) for concern in waiting if overdue(concern))


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
    """Audit: concerns.alert_escalated. Chronology: concern_escalated. False if already done.

    The e-mails are in the outbox when this returns; the caller asks for delivery (the periodic
    sweep delivers them anyway)."""
    claimed = Concern.objects.filter(
        pk=concern.pk, status=ConcernStatus.NEW, escalated_at__isnull=True
    ).update(escalated_at=now)
    if not claimed:
        return False
    concern.escalated_at = now
    recipients = escalation_recipients(concern)
    write_alerts(
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
