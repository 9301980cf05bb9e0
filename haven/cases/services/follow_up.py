"""Devices held, the support plan, follow-up reviews and the typology for reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    Case,
    FollowUpReview,
)
from haven.cases.services.core import CaseError, begin, log_step, required_text


@transaction.atomic
def schedule_follow_up(
    *, actor: User, case: Case, expected_version: int, due_on: date
) -> FollowUpReview:
    """Book a follow-up review of the case. Audit: cases.follow_up_booked."""
    begin(case, expected_version)
    if due_on < timezone.localdate():
        raise CaseError("The review date cannot be in the past.")
    review = FollowUpReview.objects.create(case=case, due_on=due_on, scheduled_by=actor)
    log_step(
        actor=actor,
        case=case,
        action="cases.follow_up_booked",
        summary=f"Follow-up review booked for {due_on:%d/%m/%Y}",
        obj=review,
        data={"due": due_on.isoformat()},
    )
    return review


@transaction.atomic
def record_follow_up_held(
    *, actor: User, review: FollowUpReview, expected_version: int, notes: str
) -> FollowUpReview:
    """The follow-up review was held: what it found. Audit: cases.follow_up_held."""
    case = review.case
    begin(case, expected_version)
    if review.held_at is not None:
        raise CaseError("This review is already recorded.")
    review.notes = required_text(notes, "Say what the review found.")
    review.held_at, review.held_by = timezone.now(), actor
    review.save(update_fields=["notes", "held_at", "held_by"])
    log_step(
        actor=actor,
        case=case,
        action="cases.follow_up_held",
        summary="Follow-up review held",
        obj=review,
    )
    return review
