"""Decisions with their reasons: recorded once, superseded, never rewritten; the head's answer."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import Action, can, roles_at
from haven.cases import notifications
from haven.cases.models import (
    GUIDED_TYPES,
    HEAD_MUST_AGREE,
    AgreedWith,
    Case,
    ContactMethod,
    Decision,
    DecisionType,
    HeadAgreement,
    ImageryViewing,
    ParentContact,
    ViewingReason,
)
from haven.cases.rules import (
    closing_blockers_of,
    manage_in_school_blockers,
    override_agreement_blockers,
    override_blockers,
    unfinished_agreement_blockers,
    unfinished_request_blockers,
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
from haven.schools.models import SAFEGUARDING_TEAM, Pupil


def _another_head_can_agree(case: Case, actor: User, then: str) -> None:
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


def _make(
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
    return _make(
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
    _another_head_can_agree(case, actor, "the case cannot be managed in school.")
    return _make(
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
    return _make(
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


@transaction.atomic
def request_imagery_viewing(
    *, actor: User, case: Case, expected_version: int, reason: ViewingReason, rationale: str
) -> ImageryViewing:
    """Ask the headteacher to authorise viewing the imagery, for one of the three reasons the
    advice allows. Audit: cases.decision_recorded (type view_imagery, head asked)."""
    begin(case, expected_version)
    if reason not in ViewingReason.values:
        raise CaseError("Choose the reason viewing is needed.")
    decision = _make(
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
    if not roles_at(viewed_by, school_id) & SAFEGUARDING_TEAM:
        blockers.append("The person who viewed must be on the safeguarding team.")
    if present.pk == viewed_by.pk or not roles_at(present, school_id):
        blockers.append("Another member of staff must have been present.")
    if not on_school_premises:
        blockers.append("Viewing must happen on school premises.")
    if viewed_at > timezone.now():
        blockers.append("The time of viewing cannot be in the future.")
    return blockers


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
    _another_head_can_agree(case, actor, "make the referral.")
    return _make(
        actor=actor,
        case=case,
        type=DecisionType.REFERRAL_OVERRIDE,
        decided="Not to make the referral the rules require.",
        rationale=rationale,
        supersedes=records.current(DecisionType.REFERRAL_OVERRIDE),
        criteria=records.criteria,
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
    _another_head_can_agree(case, actor, "settle everything before closing.")
    left = closing_blockers_of(progress)
    return _make(
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
