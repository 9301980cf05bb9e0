"""Talking with each young person: their views and wishes, in their words, at the centre."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.cases.models import Case, PupilConversation
from haven.cases.services.core import (
    CaseError,
    begin,
    check_pupil,
    log_step,
    not_in_future,
    required_text,
    staff_at_school,
)
from haven.schools.models import Pupil

SECRECY = (
    "The guidance says never promise a young person to keep what they tell you secret. If a"
    " promise was made, talk with them again: explain kindly who will need to know and why, then"
    " record that conversation."
)


@transaction.atomic
def record_conversation(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupil: Pupil,
    spoke_at: datetime,
    spoken_by: User,
    views_and_wishes: str,
    no_secrecy_promised: bool,
    who_else_has_it: str = "",
    others_present: str = "",
    context: AuditContext | None = None,
) -> PupilConversation:
    """Record a conversation with one young person: when, who spoke with them, who else was there,
    their views and wishes in their own words, who else has the image, and that no promise of
    secrecy was made. Audit: cases.conversation_recorded; a line on the pupil's chronology."""
    begin(case, expected_version)
    if pupil is None:
        raise CaseError("Choose the young person.")
    check_pupil(case, pupil)
    staff_at_school(spoken_by, case, "person who spoke with them")
    not_in_future(spoke_at, "time of the conversation")
    if not no_secrecy_promised:
        raise CaseError(SECRECY)
    conversation = PupilConversation.objects.create(
        case=case,
        pupil=pupil,
        spoke_at=spoke_at,
        spoken_by=spoken_by,
        others_present=others_present.strip(),
        views_and_wishes=required_text(
            views_and_wishes, "Write down their views and wishes, in their own words."
        ),
        who_else_has_it=who_else_has_it.strip(),
        no_secrecy_promised=True,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.conversation_recorded",
        summary="Conversation with the young person recorded",
        obj=conversation,
        pupils=[pupil],
        data={"spoken_by": spoken_by.pk},
        occurred_at=spoke_at,
        context=context,
    )
    return conversation
