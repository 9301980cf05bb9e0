"""Writing alerts: the Alert rows, an e-mail in the outbox for each, and their audit event.

The one place alert rows are made. `haven.alerts.services.notify` (for other apps) calls this and
then asks the worker to deliver; the worker's own handlers (the outbox, escalation) call it
directly, because they deliver what they wrote in the same run or the next.
"""

from collections.abc import Iterable

from django.db.models import Model
from django.utils import timezone

from haven.accounts.models import User
from haven.alerts.models import ONCE_PER_CONCERN, Alert, OutboxKind, OutboxMessage
from haven.audit.services import record
from haven.schools.models import School


def write_alerts(
    *,
    recipients: Iterable[User],
    school: School,
    reason: str,
    case: Model | None = None,
    concern: Model | None = None,
) -> int:
    """Alert each active recipient and queue an e-mail to each; returns how many were alerted.

    New-concern and escalation alerts reach a person once per concern however often this runs.
    Audit: concerns.alerts_sent (the reason and how many were alerted).
    """
    reason = reason.strip()[:200]
    people = {person.pk: person for person in recipients if person.is_active}
    if concern is not None and reason in ONCE_PER_CONCERN:
        already = Alert.objects.filter(
            concern_id=concern.pk, reason=reason, recipient_id__in=list(people)
        ).values_list("recipient_id", flat=True)
        for person_id in already:
            people.pop(person_id, None)
    if not people:
        return 0
    now = timezone.now()
    alerts = Alert.objects.bulk_create(
        Alert(
            school=school,
            recipient=person,
            reason=reason,
            concern_id=getattr(concern, "pk", None),
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
    return len(people)
