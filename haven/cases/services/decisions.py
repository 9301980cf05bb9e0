"""Decisions with their reasons: recorded once, superseded, never rewritten; the head's answer."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Action, can
from haven.cases import notifications
from haven.cases.models import (
    GUIDED_TYPES,
    HEAD_MUST_AGREE,
    Case,
    Decision,
    DecisionType,
    HeadAgreement,
)
from haven.cases.rules import (
    manage_in_school_blockers,
    override_agreement_blockers,
    override_blockers,
    unfinished_agreement_blockers,
)
from haven.cases.selectors import CaseRecords, load_records, no_head_to_agree
from haven.cases.services.core import (
    CaseBlocked,
    CaseError,
    begin,
    check_pupil,
    log_step,
    required_text,
)
from haven.schools.models import Pupil


def another_head_can_agree(case: Case, actor: User, then: str) -> None:
    """Nobody agrees to their own decision: with no other headteacher at the school, say so."""
    if refusals := no_head_to_agree(case, actor, then=then):
        raise CaseError(refusals[0])


def _check_supersedes(case: Case, supersedes: Decision | None) -> None:
    if supersedes is None:
        return
    if supersedes.case_id != case.pk:
        raise CaseError("The decision it replaces must be in this case.")
    if Decision.objects.filter(supersedes=supersedes).exists():
        raise CaseError("That decision has already been replaced by a later one.")


def make_decision(
    *,
    actor: User,
    case: Case,
    type: DecisionType,
    decided: str,
    rationale: str,
    pupil: Pupil | None = None,
    ask_head: bool = False,
    supersedes: Decision | None = None,
    agreed_with: str = "",
    agreed_with_detail: str = "",
    criteria: Sequence[str] = (),
    unfinished: Sequence[str] = (),
) -> Decision:
    check_pupil(case, pupil)
    _check_supersedes(case, supersedes)
    needs_head = ask_head or type in HEAD_MUST_AGREE
    decision = Decision.objects.create(
        case=case,
        pupil=pupil,
        type=type,
        decided=required_text(decided, "Say what was decided."),
        rationale=required_text(rationale, "Give the reasons for the decision."),
        decided_by=actor,
        decided_at=timezone.now(),
        needs_head_agreement=needs_head,
        head_agreement=HeadAgreement.PENDING if needs_head else HeadAgreement.NOT_ASKED,
        agreed_with=agreed_with,
        agreed_with_detail=agreed_with_detail,
        criteria_when_decided=list(criteria),
        unfinished_when_decided=list(unfinished),
        supersedes=supersedes,
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.decision_recorded",
        summary=f"Decision recorded: {decision.get_type_display()}",
        obj=decision,
        pupils=[pupil] if pupil else None,
        data={
            "decision": str(decision.pk),
            "type": str(type),
            "supersedes": str(supersedes.pk) if supersedes else None,
            "head_asked": needs_head,
            **({"criteria": list(criteria)} if criteria else {}),
            **({"unfinished": list(unfinished)} if unfinished else {}),
        },
    )
    if needs_head:
        notifications.head_agreement_requested(case=case, actor=actor)
    return decision


@transaction.atomic
def record_decision(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    type: DecisionType,
    decided: str,
    rationale: str,
    pupil: Pupil | None = None,
    ask_head: bool = False,
    supersedes: Decision | None = None,
) -> Decision:
    """Record a decision and its reasons; optionally replacing an earlier one (both are kept).

    Managing in school, not telling parents, viewing imagery and not making a required referral
    have their own services, which check what the guidance requires first.
    Audit: cases.decision_recorded.
    """
    begin(case, expected_version)
    if type in GUIDED_TYPES:
        raise CaseError("Record this decision on its own page, which checks what it needs.")
    return make_decision(
        actor=actor,
        case=case,
        type=type,
        decided=decided,
        rationale=rationale,
        pupil=pupil,
        ask_head=ask_head,
        supersedes=supersedes,
    )


@transaction.atomic
def decide_manage_in_school(
    *, actor: User, case: Case, expected_version: int, decided: str, rationale: str
) -> Decision:
    """Decide to manage the case in school, and ask the headteacher to agree.

    Allowed only when the rules allow it: an initial review, no criterion met, nothing deciding
    one unanswered (`rules.manage_in_school_blockers`); raises CaseBlocked listing why not. Needs
    a headteacher other than the actor to agree; raises CaseError if the school has none.
    Audit: cases.decision_recorded (type manage_in_school, head asked).
    """
    begin(case, expected_version)
    records = load_records(case)
    if records.assessment is None:
        raise CaseBlocked(["Hold the initial review first."])
    blockers = manage_in_school_blockers(
        assessment=records.assessment,
        head_agreed=True,
        refer_every_case=case.school.refer_every_case,
    )
    if blockers:
        raise CaseBlocked(blockers)
    another_head_can_agree(case, actor, "the case cannot be managed in school.")
    return make_decision(
        actor=actor,
        case=case,
        type=DecisionType.MANAGE_IN_SCHOOL,
        decided=decided,
        rationale=rationale,
        supersedes=records.current(DecisionType.MANAGE_IN_SCHOOL),
    )


@transaction.atomic
def record_head_agreement(
    *, actor: User, decision: Decision, expected_version: int, agreed: bool, comment: str
) -> Decision:
    """The headteacher agrees to, or declines, a decision that asked for their agreement.

    Only a headteacher at the case's school who did not make the decision may answer, once, and
    only the decision in force. Agreeing checks the rules again, as new facts may have come since:
    managing in school needs no criterion met; an override needs the criteria it was asked for to
    be the ones met now, and none that is never overridden. A decline needs a comment.
    Audit: cases.head_agreed or cases.head_declined.
    """
    case = decision.case
    begin(case, expected_version)
    _check_may_answer(actor, decision)
    if not agreed:
        required_text(comment, "Say why you do not agree.")
    if agreed and (blockers := _agreement_blockers(decision, load_records(case))):
        raise CaseBlocked(blockers)
    decision.head_agreement = HeadAgreement.AGREED if agreed else HeadAgreement.DECLINED
    decision.head_comment = comment.strip()
    decision.head_by = actor
    decision.head_at = timezone.now()
    decision.save(update_fields=["head_agreement", "head_comment", "head_by", "head_at"])
    verb = "agreed" if agreed else "declined"
    log_step(
        actor=actor,
        case=case,
        action=f"cases.head_{verb}",
        summary=f"Headteacher {verb}: {decision.get_type_display()}",
        obj=decision,
        data={"decision": str(decision.pk), "type": decision.type},
    )
    notifications.head_answered(case=case, decided_by=decision.decided_by, head=actor)
    return decision


def _check_may_answer(actor: User, decision: Decision) -> None:
    if not can(actor, Action.AGREE_AS_HEAD, decision.case):
        raise CaseError("Only the headteacher can answer this.")
    if decision.decided_by_id == actor.pk:
        raise CaseError(
            "You made this decision, so another headteacher must answer it: nobody agrees to"
            " their own decision."
        )
    if decision.head_agreement != HeadAgreement.PENDING:
        raise CaseError("This decision has already been answered.")
    if Decision.objects.filter(supersedes=decision).exists():
        raise CaseError("This decision has been replaced by a later one: answer that instead.")


def _agreement_blockers(decision: Decision, records: CaseRecords) -> list[str]:
    """Why the decision may not be agreed now, by the rules as they stand on today's facts."""
    if decision.type == DecisionType.MANAGE_IN_SCHOOL and records.assessment is not None:
        return manage_in_school_blockers(
            assessment=records.assessment,
            head_agreed=True,
            refer_every_case=records.case.school.refer_every_case,
        )
    if decision.type == DecisionType.CLOSE_UNFINISHED:
        return unfinished_agreement_blockers(
            records.progress(ignore_decision=decision.pk),
            asked_for=frozenset(decision.unfinished_when_decided),
        )
    if decision.type == DecisionType.REFERRAL_OVERRIDE:
        return override_agreement_blockers(
            asked_for=decision.criteria_when_decided,
            criteria_now=records.criteria,
            refused=records.override_refused,
        )
    return []


@transaction.atomic
def record_referral_override(
    *, actor: User, case: Case, expected_version: int, rationale: str
) -> Decision:
    """Decide not to make a referral the rules require, for a recorded reason.

    Never allowed while an adult is involved, a child is at immediate risk of harm, or there are
    threats, blackmail, money demanded, someone who works with children or an unverified online
    contact (`rules.override_blockers`), and needs a headteacher other than the actor (raises
    CaseError in words). The override records the criteria met now and covers only those; it
    counts once the headteacher agrees.
    Audit: cases.decision_recorded (type referral_override, head asked).
    """
    begin(case, expected_version)
    records = load_records(case)
    if not records.requirement.outstanding:
        raise CaseError("No referral is outstanding on this case.")
    if blockers := override_blockers(criteria=records.criteria, refused=records.override_refused):
        raise CaseBlocked(blockers)
    another_head_can_agree(case, actor, "make the referral.")
    return make_decision(
        actor=actor,
        case=case,
        type=DecisionType.REFERRAL_OVERRIDE,
        decided="Not to make the referral the rules require.",
        rationale=rationale,
        supersedes=records.current(DecisionType.REFERRAL_OVERRIDE),
        criteria=records.criteria,
    )
