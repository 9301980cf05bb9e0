"""Decisions with their reasons: recorded once, superseded, never rewritten; the head's answer."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    AgreedWith,
    Case,
    ContactMethod,
    Decision,
    DecisionType,
    ParentContact,
)
from haven.cases.selectors import load_records
from haven.cases.services.core import (
    CaseError,
    begin,
    check_pupil,
    log_step,
    required_text,
)
from haven.cases.services.decisions import make_decision
from haven.schools.models import Pupil


@transaction.atomic
def record_parents_told(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupil: Pupil,
    who: str,
    told_at: datetime,
    method: ContactMethod,
) -> ParentContact:
    """A pupil's parent or carer was told: who, when and how. Audit: cases.parents_told."""
    begin(case, expected_version)
    check_pupil(case, pupil)
    if told_at > timezone.now():
        raise CaseError("The time they were told cannot be in the future.")
    contact = ParentContact.objects.create(
        case=case,
        pupil=pupil,
        who=required_text(who, "Say who was told."),
        told_at=told_at,
        method=method,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.parents_told",
        summary="Parents or carers told",
        obj=contact,
        pupils=[pupil],
        data={"method": str(method)},
        occurred_at=told_at,
    )
    return contact


@transaction.atomic
def record_parents_not_told(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    pupil: Pupil,
    risk_reason: str,
    agreed_with: AgreedWith,
    agreed_with_detail: str,
) -> Decision:
    """Decide not to tell a pupil's parents or carers. The guidance allows it only where telling
    them would put the child at risk, decided with children's social care and/or the police: both
    are required. Audit: cases.decision_recorded (type do_not_inform_parents).
    """
    begin(case, expected_version)
    reason = required_text(risk_reason, "Say how telling them would put the young person at risk.")
    if agreed_with not in (AgreedWith.CSC, AgreedWith.POLICE, AgreedWith.BOTH):
        raise CaseError("Say whether children's social care or the police agreed.")
    detail = required_text(agreed_with_detail, "Say who agreed, and when.")
    previous = next(
        (
            d
            for d in load_records(case).current_decisions()
            if d.type == DecisionType.DO_NOT_INFORM_PARENTS and d.pupil_id == pupil.pk
        ),
        None,
    )
    return make_decision(
        actor=actor,
        case=case,
        type=DecisionType.DO_NOT_INFORM_PARENTS,
        decided="Parents or carers are not to be told for now.",
        rationale=reason,
        pupil=pupil,
        agreed_with=agreed_with,
        agreed_with_detail=detail,
        supersedes=previous,
    )
