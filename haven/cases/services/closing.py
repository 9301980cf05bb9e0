"""Closing and reopening a case; who is looking at it; reading it (audited)."""

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    Case,
    CaseClosure,
    CaseOutcome,
    CaseStatus,
    CaseViewer,
    ClosureKind,
    Decision,
    DecisionType,
)
from haven.cases.rules import (
    closing_blockers,
    closing_blockers_of,
    still_blocking,
    unfinished_request_blockers,
    waived,
)
from haven.cases.selectors import load_records
from haven.cases.services.core import CaseBlocked, CaseError, begin, bump_version, log_step
from haven.cases.services.decisions import another_head_can_agree, make_decision


def _words_missing(outcome: str, rationale: str) -> list[str]:
    # The closing form's own answers; everything else comes from `rules.still_blocking`.
    return closing_blockers(
        outcome=outcome if outcome in CaseOutcome.values else None,
        rationale=rationale,
        referral_required=False,
        referral_recorded=False,
        override_recorded=False,
        open_actions=0,
    )


@transaction.atomic
def close_case(
    *, actor: User, case: Case, expected_version: int, outcome: CaseOutcome, rationale: str
) -> CaseClosure:
    """Close the case. Needs an outcome, the reasons, and everything settled
    (`rules.closing_blockers_of`: the review, every decision the head was asked about, required
    referrals made and acknowledged or chased, devices handed over, deletions confirmed or closed,
    parents and carers decided for each pupil, follow-ups held, support actions closed, the
    typology); or, for what may be left, a "close with work not finished" decision the head agreed
    to. Raises CaseBlocked listing what is missing, in words. The closure records what was left
    and the decision. Audit: cases.case_closed.
    """
    bump_version(case, expected=expected_version)
    if not case.is_open:
        raise CaseError("This case is already closed.")
    records = load_records(case)
    progress = records.progress()
    blockers = _words_missing(outcome, rationale) + [b.text for b in still_blocking(progress)]
    if blockers:
        raise CaseBlocked(blockers)
    left = [str(b.kind) for b in waived(progress)]
    now = timezone.now()
    closure = CaseClosure.objects.create(
        case=case,
        kind=ClosureKind.CLOSED,
        outcome=outcome,
        rationale=rationale.strip(),
        recorded_by=actor,
        recorded_at=now,
        unfinished=left,
        unfinished_decision=records.current(DecisionType.CLOSE_UNFINISHED) if left else None,
    )
    case.status, case.closed_at = CaseStatus.CLOSED, now
    case.save(update_fields=["status", "closed_at"])
    summary = f"Case closed: {closure.get_outcome_display()}"
    if left:
        summary += ", with work not finished as the headteacher agreed"
    log_step(
        actor=actor,
        case=case,
        action="cases.case_closed",
        summary=summary,
        obj=closure,
        data={"outcome": str(outcome), **({"unfinished": left} if left else {})},
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


@transaction.atomic
def ask_to_close_unfinished(
    *, actor: User, case: Case, expected_version: int, rationale: str
) -> Decision:
    """Ask the headteacher to agree to closing the case with work not finished, for a written
    reason. Covers only what is not settled now (`rules.closing_blockers_of`), and never a
    decision waiting for the head, a required referral or the initial review
    (`rules.unfinished_request_blockers`: raises CaseBlocked). Needs a headteacher other than
    the actor. Once agreed, the case may close over exactly those; the decision stays on the case
    and every pupil's chronology. Audit: cases.decision_recorded (type close_unfinished).
    """
    begin(case, expected_version)
    records = load_records(case)
    if not case.is_open:
        raise CaseError("This case is already closed.")
    progress = records.progress()
    if blockers := unfinished_request_blockers(progress):
        raise CaseBlocked(blockers)
    another_head_can_agree(case, actor, "settle everything before closing.")
    left = closing_blockers_of(progress)
    return make_decision(
        actor=actor,
        case=case,
        type=DecisionType.CLOSE_UNFINISHED,
        decided="To close the case with this not finished: "
        + "; ".join(b.kind.label for b in left)
        + ".",
        rationale=rationale,
        supersedes=records.current(DecisionType.CLOSE_UNFINISHED),
        unfinished=[str(b.kind) for b in left],
    )
