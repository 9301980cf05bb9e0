"""Closing and reopening a case; who is looking at it; reading it (audited)."""

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Case, CaseClosure, CaseOutcome, CaseStatus, CaseViewer, ClosureKind
from haven.cases.rules import RequirementKind, closing_blockers
from haven.cases.selectors import load_records
from haven.cases.services.core import CaseBlocked, CaseError, bump_version, log_step


@transaction.atomic
def close_case(
    *, actor: User, case: Case, expected_version: int, outcome: CaseOutcome, rationale: str
) -> CaseClosure:
    """Close the case. Needs an outcome, the reasons, no required referral outstanding (or an
    agreed override) and every action done or cancelled: raises CaseBlocked listing what is
    missing, in words (`rules.closing_blockers`). Audit: cases.case_closed.
    """
    bump_version(case, expected=expected_version)
    if not case.is_open:
        raise CaseError("This case is already closed.")
    records = load_records(case)
    requirement = records.requirement
    blockers = closing_blockers(
        outcome=outcome if outcome in CaseOutcome.values else None,
        rationale=rationale,
        referral_required=bool(records.review and records.review.criteria),
        referral_recorded=requirement.satisfied_by is RequirementKind.REFERRAL,
        override_recorded=requirement.satisfied_by is RequirementKind.OVERRIDE,
        open_actions=sum(1 for a in records.actions if a.is_open),
    )
    if records.review is None:
        blockers.insert(0, "Hold the initial review first.")
    if blockers:
        raise CaseBlocked(blockers)
    now = timezone.now()
    closure = CaseClosure.objects.create(
        case=case,
        kind=ClosureKind.CLOSED,
        outcome=outcome,
        rationale=rationale.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    case.status, case.closed_at = CaseStatus.CLOSED, now
    case.save(update_fields=["status", "closed_at"])
    log_step(
        actor=actor,
        case=case,
        action="cases.case_closed",
        summary=f"Case closed: {closure.get_outcome_display()}",
        obj=closure,
        data={"outcome": str(outcome)},
    )
    return closure


@transaction.atomic
def reopen_case(*, actor: User, case: Case, expected_version: int, reason: str) -> CaseClosure:
    """Reopen a closed case, with the reason. Audit: cases.case_reopened."""
    bump_version(case, expected=expected_version)
    if case.is_open:
        raise CaseError("This case is already open.")
    if not reason or not reason.strip():
        raise CaseError("Give the reason for reopening the case.")
    closure = CaseClosure.objects.create(
        case=case,
        kind=ClosureKind.REOPENED,
        rationale=reason.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    case.status, case.closed_at = CaseStatus.OPEN, None
    case.save(update_fields=["status", "closed_at"])
    log_step(
        actor=actor, case=case, action="cases.case_reopened", summary="Case reopened", obj=closure
    )
    return closure


def still_looking(*, user: User, case: Case) -> None:
    """Note that the user has the case open now (their page polls every 20 seconds). Not audited:
    it records presence, not a read of the record."""
    CaseViewer.objects.update_or_create(
        case=case, user=user, defaults={"last_seen_at": timezone.now()}
    )
