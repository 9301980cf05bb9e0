"""Referrals to other agencies, help to take imagery down, and asking young people to delete it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    Agency,
    Case,
    Referral,
    ReferralMethod,
)
from haven.cases.rules import next_working_day
from haven.cases.services.core import CaseError, begin, log_step, not_in_future, required_text


@transaction.atomic
def record_referral(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    agency: Agency,
    made_at: datetime,
    method: ReferralMethod,
    shared: str,
    reference_number: str = "",
    made_by: User | None = None,
) -> Referral:
    """Record a referral made to another agency. An acknowledgement is expected by the next
    working day (children's social care acknowledges within one). A referral to children's social
    care or the police answers a required referral. Audit: cases.referral_recorded.
    """
    begin(case, expected_version)
    not_in_future(made_at, "time of the referral")
    referral = Referral.objects.create(
        case=case,
        agency=agency,
        made_at=made_at,
        method=method,
        made_by=made_by or actor,
        reference_number=reference_number.strip(),
        shared=required_text(shared, "Say what was shared."),
        recorded_at=timezone.now(),
        acknowledgement_due=next_working_day(timezone.localdate(made_at)),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_recorded",
        summary=f"Referral recorded: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk), "agency": str(agency), "method": str(method)},
        occurred_at=made_at,
    )
    return referral


@transaction.atomic
def record_acknowledgement(
    *,
    actor: User,
    referral: Referral,
    expected_version: int,
    acknowledged_at: datetime,
    reference_number: str = "",
) -> Referral:
    """The agency acknowledged the referral. Audit: cases.referral_acknowledged."""
    case = referral.case
    begin(case, expected_version)
    if referral.acknowledged_at is not None:
        raise CaseError("The acknowledgement is already recorded.")
    not_in_future(acknowledged_at, "time of the acknowledgement")
    if acknowledged_at < referral.made_at:
        raise CaseError("The acknowledgement cannot come before the referral.")
    referral.acknowledged_at = acknowledged_at
    if reference_number.strip():
        referral.reference_number = reference_number.strip()
    referral.save(update_fields=["acknowledged_at", "reference_number"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_acknowledged",
        summary=f"Referral acknowledged: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
        occurred_at=acknowledged_at,
    )
    return referral


@transaction.atomic
def record_referral_chase(
    *, actor: User, referral: Referral, expected_version: int, chased_at: datetime, note: str
) -> Referral:
    """No acknowledgement came, and the school chased it: when and how. A chased referral no
    longer stops the case closing; the acknowledgement can still be recorded when it comes.
    Audit: cases.referral_chased."""
    case = referral.case
    begin(case, expected_version)
    if referral.acknowledged_at is not None:
        raise CaseError("The referral is already acknowledged: there is nothing to chase.")
    not_in_future(chased_at, "time you chased it")
    if chased_at < referral.made_at:
        raise CaseError("You cannot chase it before the referral was made.")
    referral.chase_note = required_text(note, "Say how you chased it, and what they said.")
    referral.chased_at = chased_at
    referral.save(update_fields=["chased_at", "chase_note"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_chased",
        summary=f"Referral chased: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
        occurred_at=chased_at,
    )
    return referral


@transaction.atomic
def record_referral_outcome(
    *, actor: User, referral: Referral, expected_version: int, outcome: str, feedback: str = ""
) -> Referral:
    """What the agency decided, and any feedback. Audit: cases.referral_outcome_recorded."""
    case = referral.case
    begin(case, expected_version)
    referral.outcome = required_text(outcome, "Say what the agency decided.")
    referral.feedback = feedback.strip()
    referral.outcome_recorded_at = timezone.now()
    referral.save(update_fields=["outcome", "feedback", "outcome_recorded_at"])
    log_step(
        actor=actor,
        case=case,
        action="cases.referral_outcome_recorded",
        summary=f"Referral outcome recorded: {referral.get_agency_display()}",
        obj=referral,
        data={"referral": str(referral.pk)},
    )
    return referral
