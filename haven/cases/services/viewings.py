"""An unavoidable viewing by someone outside the safeguarding team, recorded as it happened, and
support offered to the member of staff who saw it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import works_at
from haven.audit.context import AuditContext
from haven.cases.models import Case, SupportAction, UnavoidableViewing
from haven.cases.rules import next_working_day
from haven.cases.services.core import (
    CaseError,
    begin,
    check_pupil,
    log_step,
    not_in_future,
    required_text,
)
from haven.schools.models import Pupil


@transaction.atomic
def record_unavoidable_viewing(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    seen_at: datetime,
    how: str,
    seen_by: User | None = None,
    seen_by_other: str = "",
    pupil: Pupil | None = None,
    offer_support: bool = True,
    context: AuditContext | None = None,
) -> UnavoidableViewing:
    """Record that someone saw the imagery without meaning to: who (a member of staff, or in words
    someone not on Haven), when, and how it happened. No authorisation, second person or premises
    are asked for: it was not planned. With `offer_support`, an action to offer them support is
    added to the support plan, for the actor, by the next working day.

    Audit: cases.unavoidable_viewing_recorded (and cases.action_added for the support).
    """
    begin(case, expected_version)
    check_pupil(case, pupil)
    other = seen_by_other.strip()
    if (seen_by is None) == (not other):
        raise CaseError(
            "Say who saw it: choose the member of staff, or write who they are if they are not"
            " on Haven (not both)."
        )
    if seen_by is not None and not works_at(seen_by, case.school_id):
        raise CaseError("Choose a member of staff at this school.")
    not_in_future(seen_at, "time they saw it")
    viewing = UnavoidableViewing.objects.create(
        case=case,
        seen_by=seen_by,
        seen_by_other=other,
        seen_at=seen_at,
        how=required_text(how, "Say how it happened, in your own words."),
        pupil=pupil,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.unavoidable_viewing_recorded",
        summary="Imagery seen unavoidably by a member of staff, recorded",
        obj=viewing,
        pupils=[pupil] if pupil else None,
        data={"seen_by": seen_by.pk if seen_by else None, "support": offer_support},
        occurred_at=seen_at,
        context=context,
    )
    if offer_support:
        viewing.support = _support_for(actor, case, viewing, context)
        viewing.save(update_fields=["support"])
    return viewing


def _support_for(
    actor: User, case: Case, viewing: UnavoidableViewing, context: AuditContext | None
) -> SupportAction:
    due = next_working_day(timezone.localdate())
    action = SupportAction.objects.create(
        case=case,
        description=(
            f"Offer support to {viewing.who}, who saw the imagery: check how they are, remind"
            " them not to copy, share or describe it, and offer the staff wellbeing support."
        ),
        owner=actor,
        due_on=due,
        created_by=actor,
        created_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.action_added",
        summary=f"Support action added, due {due:%d/%m/%Y}",
        obj=action,
        data={"action": str(action.pk), "owner": actor.pk, "due": due.isoformat()},
        context=context,
    )
    return action
