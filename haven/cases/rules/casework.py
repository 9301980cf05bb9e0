"""The guidance's rules for running a case: managing in school, closing, working days, whether a
required referral is still outstanding, and which take-down routes suit the imagery."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from haven.cases.rules.bank_holidays import bank_holidays_near
from haven.cases.rules.criteria import fact_question
from haven.cases.rules.facts import ADULT_AGE, Assessment, Criterion
from haven.cases.rules.overrides import NEVER_OVERRIDDEN

# ---------------------------------------------------------------------------------------------
# Managing in school and closing a case
# ---------------------------------------------------------------------------------------------


REFER_EVERY_CASE: Final = (
    "Your school refers every case to children's social care (its safeguarding policy, set by the"
    " DSL and the headteacher): it is not managed in school."
)


def manage_in_school_blockers(
    *, assessment: Assessment, head_agreed: bool, refer_every_case: bool = False
) -> list[str]:
    """Why the case may not be managed in school yet; an empty list means it may.

    The guidance allows it only when none of the five criteria holds (so a recorded referral does
    not unblock it: the referral decides what happens next), no online contact is unverified, the
    school does not refer every case (`refer_every_case`), and the headteacher agrees.
    """
    blockers = [REFER_EVERY_CASE] if refer_every_case else []
    blockers += [
        f"A criterion for immediate referral is met ({c.label}): refer instead."
        for c in assessment.criteria
    ]
    blockers += [f"Still to answer: {fact_question(path)}" for path in assessment.unanswered]
    if assessment.contact_unverified:
        blockers.append(
            "An online contact is not verified: whatever age they claim, they may be an adult."
            " Find out who they are first."
        )
    if not head_agreed:
        blockers.append("The headteacher must agree to managing this in school.")
    return blockers


def closing_blockers(
    *,
    outcome: str | None,
    rationale: str | None,
    referral_required: bool,
    referral_recorded: bool,
    override_recorded: bool,
    open_actions: int,
) -> list[str]:
    """Why the case may not be closed yet; an empty list means it may.

    Closing needs an outcome, a rationale, no required referral left unrecorded (an authorised
    override with its reason counts as recorded) and no action still open.
    Raises ValueError on a negative count, which is a bug in the caller.
    """
    if open_actions < 0:
        raise ValueError("open_actions cannot be negative")
    blockers: list[str] = []
    if not (outcome and outcome.strip()):
        blockers.append("Record the outcome.")
    if not (rationale and rationale.strip()):
        blockers.append("Record the reasons for closing.")
    if referral_required and not (referral_recorded or override_recorded):
        blockers.append(
            "A referral is required: record it, or an authorised override with its reason."
        )
    if open_actions:
        noun = "action is" if open_actions == 1 else "actions are"
        blockers.append(f"{open_actions} {noun} still open: mark each done or cancelled.")
    return blockers


# ---------------------------------------------------------------------------------------------
# Dates: working days and overdue
# ---------------------------------------------------------------------------------------------

SATURDAY: Final = 5  # date.weekday(): Monday is 0


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    """Not a Saturday, Sunday or holiday. `holidays` defaults to the bank holidays in England and
    Wales; pass a set of days (even an empty one) to use those instead."""
    closed = bank_holidays_near(day) if holidays is None else holidays
    return day.weekday() < SATURDAY and day not in closed


def next_working_day(day: date, holidays: frozenset[date] | None = None) -> date:
    """The first working day after `day` (see `is_working_day`).

    Children's social care acknowledges a referral within one working day, so a referral made on
    a Friday (or a Saturday or Sunday) is due an acknowledgement on the Monday, or on the Tuesday
    when the Monday is a bank holiday.
    """
    following = day + timedelta(days=1)
    while not is_working_day(following, holidays):
        following += timedelta(days=1)
    return following


def is_overdue(due: date | None, *, today: date, settled: bool = False) -> bool:
    """Past its date and not yet done. Something due today is not overdue until tomorrow."""
    return due is not None and not settled and due < today


# ---------------------------------------------------------------------------------------------
# Is a required referral still outstanding?
# ---------------------------------------------------------------------------------------------


class RequirementKind(StrEnum):
    CRITERION_MET = "criterion_met"  # a review met a criterion the one before did not
    REFERRAL = "referral"  # a referral to children's social care or the police was recorded
    OVERRIDE = "override"  # the headteacher agreed not to make a required referral


@dataclass(frozen=True)
class RequirementEvent:
    """Something that changed what is required. `criteria`: for CRITERION_MET the criteria newly
    met; for OVERRIDE the criteria it was asked for (all it covers); unused for REFERRAL."""

    at: datetime
    kind: RequirementKind
    criteria: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReferralRequirement:
    outstanding: bool
    satisfied_by: RequirementKind | None  # REFERRAL or OVERRIDE once met; None while not
    criteria: tuple[str, ...] = ()  # the criteria still waiting for a referral, in order


def referral_requirement(
    events: Iterable[RequirementEvent],
    *,
    criteria: Collection[str],
    override_allowed: bool = True,
) -> ReferralRequirement:
    """Whether a referral is required and not yet made, from the case's history.

    Each newly met criterion requires a referral made after it: new facts mean the agencies need
    to hear again. A referral answers every criterion waiting for one. An override agreed by the
    headteacher answers only the criteria it was asked for, never one in `NEVER_OVERRIDDEN`.
    The one exception is the first requirement: a DSL who phoned at once and filled in the review
    afterwards has already referred, so a referral recorded before any criterion was met answers
    it. `criteria` are those the latest review meets: a criterion no longer met needs nothing, and
    if it meets none, nothing is required. When the latest facts allow no override
    (`override_allowed` false: threats, money demanded, an unverified contact), an override agreed
    earlier answers nothing: it was agreed on facts that no longer hold.
    """
    if not override_allowed:
        events = [e for e in events if e.kind is not RequirementKind.OVERRIDE]
    waiting: set[str] = set()
    satisfied_by: RequirementKind | None = None
    early_referral = met_before = False
    for event in sorted(events, key=lambda e: e.at):
        if event.kind is RequirementKind.CRITERION_MET:
            if early_referral and not met_before:
                satisfied_by = RequirementKind.REFERRAL
            else:
                waiting |= event.criteria
            met_before = True
        elif waiting:
            covered = event.criteria - NEVER_OVERRIDDEN
            answered = set(waiting) if event.kind is RequirementKind.REFERRAL else waiting & covered
            if answered:
                waiting -= answered
                satisfied_by = event.kind  # the latest answer; what is left is checked below
        elif not met_before and event.kind is RequirementKind.REFERRAL:
            early_referral = True
    still = tuple(str(c) for c in Criterion if c in waiting and c in criteria)
    if not criteria:
        return ReferralRequirement(False, None)
    if still:
        return ReferralRequirement(True, None, still)
    return ReferralRequirement(False, satisfied_by)


# ---------------------------------------------------------------------------------------------
# Take-down routes for a young person
# ---------------------------------------------------------------------------------------------


class ImageAge(StrEnum):
    """Whether the person pictured was under 18 when the image was made: this, not their age
    today, decides which take-down routes are open to them."""

    UNDER_18 = "under_18"
    ADULT = "adult"  # 18 or over when it was made
    NOT_KNOWN = "not_known"


def takedown_routes(age_in_image: str, *, reporter_age: int | None = None) -> tuple[str, ...]:
    """The routes to offer for imagery of a person (GUIDANCE.md): eligibility by their age when it
    was made, and who may use a route by the age today of the person who would report.

    Report Remove is for images of under-18s reported by the young person while under 18 today
    (Childline checks their age), so not for someone who is 18 now; Take It Down is for images
    taken under 18, whatever the reporter's age now; StopNCII is for adults only (18 or over in
    the image), so it is offered only when that is known. While the age in the image is not known,
    the children's routes are offered: their services check. Platform reports and CEOP are open
    to all. An unrecognised age in the image counts as not known; an unknown age today does not
    rule Report Remove out.
    """
    if age_in_image == ImageAge.ADULT:
        return ("stop_ncii", "platform", "ceop")
    under_18_now = reporter_age is None or reporter_age < ADULT_AGE
    children = ("report_remove", "take_it_down") if under_18_now else ("take_it_down",)
    return (*children, "platform", "ceop")
