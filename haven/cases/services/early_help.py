"""Early help offered to a family (haven.cases.rules.early_help)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.cases.models import Case, EarlyHelp, FamilyAnswer
from haven.cases.rules.early_help import early_help_refused
from haven.cases.services.core import CaseError, begin, check_pupil, log_step, required_text
from haven.schools.models import Pupil


@transaction.atomic
def record_early_help(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    offered_on: date,
    answer: str,
    why: str,
    pupil: Pupil | None = None,
    context: AuditContext | None = None,
) -> EarlyHelp:
    """The school offered the family its local early help offer: only when the initial review
    meets no criterion for immediate referral. Audit: cases.early_help_offered."""
    begin(case, expected_version)
    review = case.reviews.filter(superseded_by__isnull=True).first()
    refused = early_help_refused(
        reviewed=review is not None, criteria=review.criteria if review else ()
    )
    if refused:
        raise CaseError(refused)
    offer = case.school.early_help_offer.strip()
    if not offer:
        raise CaseError(
            "Your school has not named its local early help offer yet: the DSL and the"
            " headteacher add it in the safeguarding policy settings."
        )
    if offered_on > timezone.localdate():
        raise CaseError("The day it was offered cannot be in the future.")
    if answer not in FamilyAnswer.values:
        raise CaseError("Say what the family answered.")
    check_pupil(case, pupil)
    row = EarlyHelp.objects.create(
        case=case,
        pupil=pupil,
        offer=offer,
        offered_on=offered_on,
        answer=answer,
        why=required_text(why, "Say why the family would benefit."),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.early_help_offered",
        summary=f"Early help offered: {row.get_answer_display().lower()}",
        obj=row,
        pupils=[pupil] if pupil else None,
        data={"answer": answer},
        context=context,
    )
    return row
