"""What partners decided about a referral, in their own terms (haven.cases.rules.outcomes)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.cases.models import PartnerOutcome, Referral
from haven.cases.rules.outcomes import outcome_label, outcome_refused
from haven.cases.services.core import CaseError, begin, log_step, required_text


@transaction.atomic
def record_partner_outcome(
    *,
    actor: User,
    referral: Referral,
    expected_version: int,
    outcome: str,
    decided_on: date,
    told_by: str,
    for_school: str,
    context: AuditContext | None = None,
) -> PartnerOutcome:
    """Children's social care or the police told the school what they decided: which outcome,
    on what day, who told the school, and what follows for the school. Several may follow one
    another (a strategy discussion, then an enquiry). Audit: cases.partner_outcome_recorded."""
    case = referral.case
    begin(case, expected_version)
    if refused := outcome_refused(referral.agency, outcome):
        raise CaseError(refused)
    if decided_on > timezone.localdate():
        raise CaseError("The day they decided cannot be in the future.")
    if decided_on < timezone.localdate(referral.made_at):
        raise CaseError("They cannot have decided before the referral was made.")
    row = PartnerOutcome.objects.create(
        case=case,
        referral=referral,
        outcome=outcome,
        decided_on=decided_on,
        told_by=required_text(told_by, "Say who told the school."),
        for_school=required_text(for_school, "Say what follows for the school."),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.partner_outcome_recorded",
        summary=f"{referral.get_agency_display()} decided: {outcome_label(outcome)}",
        obj=row,
        data={"referral": str(referral.pk), "outcome": outcome},
        context=context,
    )
    return row
