"""Decisions with their reasons: recorded once, superseded, never rewritten; the head's answer."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import in_team, works_at
from haven.cases.models import (
    Case,
    DecisionType,
    ImageryViewing,
    ViewingReason,
)
from haven.cases.services.core import (
    CaseBlocked,
    CaseError,
    begin,
    log_step,
    required_text,
)
from haven.cases.services.decisions import make_decision


@transaction.atomic
def request_imagery_viewing(
    *, actor: User, case: Case, expected_version: int, reason: ViewingReason, rationale: str
) -> ImageryViewing:
    """Ask the headteacher to authorise viewing the imagery, for one of the three reasons the
    advice allows. Audit: cases.decision_recorded (type view_imagery, head asked)."""
    begin(case, expected_version)
    if reason not in ViewingReason.values:
        raise CaseError("Choose the reason viewing is needed.")
    decision = make_decision(
        actor=actor,
        case=case,
        type=DecisionType.VIEW_IMAGERY,
        decided=f"To view the imagery: {ViewingReason(reason).label}.",
        rationale=rationale,
    )
    return ImageryViewing.objects.create(case=case, decision=decision, reason=reason)


@transaction.atomic
def record_imagery_viewing(
    *,
    actor: User,
    viewing: ImageryViewing,
    expected_version: int,
    viewed_by: User,
    present: User,
    on_school_premises: bool,
    viewed_at: datetime,
    what_followed: str,
) -> ImageryViewing:
    """Record that the imagery was viewed: who viewed, who else was present, where, what followed.

    Needs the headteacher's authorisation first (unless viewing was unavoidable), a member of the
    safeguarding team as viewer, another member of staff present, and school premises.
    Audit: cases.imagery_viewed.
    """
    case = viewing.case
    begin(case, expected_version)
    if viewing.viewed_at is not None:
        raise CaseError("This viewing is already recorded.")
    blockers = _viewing_blockers(viewing, viewed_by, present, on_school_premises, viewed_at)
    if blockers:
        raise CaseBlocked(blockers)
    viewing.viewed_by, viewing.present, viewing.viewed_at = viewed_by, present, viewed_at
    viewing.on_school_premises = True
    viewing.what_followed = required_text(what_followed, "Say what followed.")
    viewing.recorded_by = actor
    viewing.save()
    log_step(
        actor=actor,
        case=case,
        action="cases.imagery_viewed",
        summary="Viewing of the imagery recorded",
        obj=viewing,
        data={"viewed_by": viewed_by.pk, "present": present.pk, "reason": viewing.reason},
        occurred_at=viewed_at,
    )
    return viewing


def _viewing_blockers(
    viewing: ImageryViewing,
    viewed_by: User,
    present: User,
    on_school_premises: bool,
    viewed_at: datetime,
) -> list[str]:
    school_id = viewing.case.school_id
    blockers = []
    if viewing.reason != ViewingReason.UNAVOIDABLE and not viewing.decision.is_agreed:
        blockers.append("The headteacher must authorise viewing first.")
    if not in_team(viewed_by, school_id):
        blockers.append("The person who viewed must be on the safeguarding team.")
    if present.pk == viewed_by.pk or not works_at(present, school_id):
        blockers.append("Another member of staff must have been present.")
    if not on_school_premises:
        blockers.append("Viewing must happen on school premises.")
    if viewed_at > timezone.now():
        blockers.append("The time of viewing cannot be in the future.")
    return blockers
