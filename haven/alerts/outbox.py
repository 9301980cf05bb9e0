"""Delivering the outbox: rows written with a change, turned into alerts and e-mails by the worker.

Each row is claimed with a conditional update (so two workers never both handle it), handled, and
marked delivered. A claim names the worker that holds it: when the reaper finds that worker dead,
or the worker loses its database mid-delivery, its claims are released (`work_abandoned`) rather
than held for the rest of CLAIM_FOR. A failure leaves it undelivered with a later
`next_attempt_at`; the periodic sweep tries again. Handlers are safe to run twice: alerts are
unique per concern and recipient, and an e-mail is recorded as sent before it is sent, so it is
sent at most once (if the process dies between the two, the alert is still in Haven's inbox).
"""

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from haven.alerts import rules
from haven.alerts.models import AlertReason, OutboxKind, OutboxMessage
from haven.alerts.people import team_of
from haven.alerts.selectors import alert_link
from haven.alerts.writer import write_alerts
from haven.concerns.models import Concern
from haven.outofhours.selectors import is_school_time, on_call_now
from haven.system.work import this_worker, work_abandoned

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=2)
BATCH = 100
ROUNDS = 5  # new-concern rows make e-mail rows: deliver those in the same run


def deliver_due(*, now: datetime | None = None) -> int:
    """Deliver every due message (and the e-mails they produce). Returns how many were delivered."""
    delivered = 0
    for _ in range(ROUNDS):
        moment = now or timezone.now()
        due = list(
            OutboxMessage.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=moment)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=moment))
            .values_list("pk", flat=True)[:BATCH]
        )
        if not due:
            break
        delivered += sum(deliver_one(pk, now=moment) for pk in due)
    return delivered


def _claim(pk: int, now: datetime) -> bool:
    return bool(
        OutboxMessage.objects.filter(pk=pk, delivered_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_FOR, claimed_by=this_worker(), attempts=F("attempts") + 1)
    )


@receiver(work_abandoned)
def release_claims(*, worker_ids: list[str], **_: object) -> int:
    """Release the undelivered rows these workers had claimed, so another delivers them now."""
    named = [worker for worker in worker_ids if worker]
    if not named:
        return 0
    released = OutboxMessage.objects.filter(
        claimed_by__in=named, delivered_at__isnull=True, claimed_until__isnull=False
    ).update(claimed_until=None, claimed_by="")
    if released:
        logger.warning("outbox claims released count=%d", released)
    return released


def deliver_one(pk: int, *, now: datetime) -> bool:
    """Claim, handle and mark one message; on failure, schedule the next attempt."""
    if not _claim(pk, now):
        return False
    message = OutboxMessage.objects.select_related(
        "concern__school", "alert__recipient", "alert__school"
    ).get(pk=pk)
    try:
        HANDLERS[OutboxKind(message.kind)](message)
    except Exception as error:
        # Any failure (mail server down, database busy) is retried later; nothing is lost.
        retry_at = timezone.now() + rules.retry_delay(message.attempts)
        OutboxMessage.objects.filter(pk=pk).update(
            claimed_until=None,
            claimed_by="",
            next_attempt_at=retry_at,
            last_error=type(error).__name__[:100],
        )
        logger.warning(
            "outbox delivery failed message=%s kind=%s attempts=%d error=%s",
            pk,
            message.kind,
            message.attempts,
            type(error).__name__,
        )
        return False
    return True


def _mark_delivered(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        delivered_at=timezone.now(), claimed_until=None, claimed_by="", last_error=""
    )


def _alert_team(message: OutboxMessage) -> None:
    concern = message.concern
    with transaction.atomic():
        if concern is not None:
            # Written, not notified: the e-mails it makes are delivered in this run's next round.
            write_alerts(
                recipients=team_of(concern.school),
                school=concern.school,
                reason=AlertReason.NEW_CONCERN,
                concern=concern,
            )
            _alert_on_call(concern)
        _mark_delivered(message)


def _alert_on_call(concern: Concern) -> None:
    """Out of school time (evenings, weekends, holidays, INSET days), a concern that says a child
    may be in danger now also goes to whoever is on call, marked as theirs to answer."""
    if not concern.urgent or is_school_time(concern.school, concern.created_at):
        return
    write_alerts(
        recipients=on_call_now(concern.school, concern.created_at),
        school=concern.school,
        reason=AlertReason.ON_CALL_URGENT,
        concern=concern,
    )


def _send_alert_email(message: OutboxMessage) -> None:
    """Recorded as delivered before it is sent, so a retry after the database dropped never sends
    it twice; a failure to send takes the record back (and the row is tried again later)."""
    alert = message.alert
    if alert is None or not alert.recipient.is_active:
        _mark_delivered(message)
        return
    context = {"alert": alert, "link": alert_link(alert), "school": alert.school}
    subject = render_to_string("emails/alert_subject.txt", context).strip()
    body = render_to_string("emails/alert.txt", context)
    _mark_delivered(message)
    try:
        EmailMessage(subject=subject, body=body, to=[alert.recipient.email]).send()
    except Exception:
        OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=None)
        raise


HANDLERS = {
    OutboxKind.CONCERN_RECORDED: _alert_team,
    OutboxKind.ALERT_EMAIL: _send_alert_email,
}
