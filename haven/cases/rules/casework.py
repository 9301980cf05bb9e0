"""The guidance's rules for running a case: managing in school, closing, working days, whether a
required referral is still outstanding, and which take-down routes suit a young person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from haven.cases.rules.criteria import fact_question
from haven.cases.rules.facts import ADULT_AGE, Assessment

# ---------------------------------------------------------------------------------------------
# Managing in school and closing a case
# ---------------------------------------------------------------------------------------------


def manage_in_school_blockers(*, assessment: Assessment, head_agreed: bool) -> list[str]:
    """Why the case may not be managed in school yet; an empty list means it may.

    The guidance allows it only when none of the five criteria holds (so a recorded referral does
    not unblock it: the referral decides what happens next) and the headteacher agrees.
    """
    blockers = [
        f"A criterion for immediate referral is met ({c.label}): refer instead."
        for c in assessment.criteria
    ]
    blockers += [f"Still to answer: {fact_question(path)}" for path in assessment.unanswered]
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


def next_working_day(day: date, holidays: frozenset[date] = frozenset()) -> date:
    """The first working day after `day`: not a Saturday, Sunday or one of `holidays`.

    Children's social care acknowledges a referral within one working day, so a referral made on
    a Friday (or a Saturday or Sunday) is due an acknowledgement on the Monday.
    """
    following = day + timedelta(days=1)
    while following.weekday() >= SATURDAY or following in holidays:
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
    at: datetime
    kind: RequirementKind


@dataclass(frozen=True)
class ReferralRequirement:
    outstanding: bool
    satisfied_by: RequirementKind | None  # REFERRAL or OVERRIDE once met; None while not


def referral_requirement(
    events: Iterable[RequirementEvent], *, criteria_met: bool
) -> ReferralRequirement:
    """Whether a referral is required and not yet made, from the case's history.

    Each newly met criterion requires a referral made after it: new facts mean the agencies need
    to hear again. The one exception is the first: a DSL who phoned at once and filled in the
    review afterwards has already referred, so a referral recorded before any criterion was met
    answers the first requirement. `criteria_met` is whether the latest review meets any
    criterion; if an edited review meets none, nothing is required.
    """
    outstanding = False
    satisfied_by: RequirementKind | None = None
    early: RequirementKind | None = None
    met_before = False
    for event in sorted(events, key=lambda e: e.at):
        if event.kind is RequirementKind.CRITERION_MET:
            outstanding = met_before or early is None
            satisfied_by = None if outstanding else early
            met_before = True
        elif outstanding:
            outstanding, satisfied_by = False, event.kind
        elif not met_before and early is not RequirementKind.REFERRAL:
            early = event.kind
    if not criteria_met:
        return ReferralRequirement(outstanding=False, satisfied_by=None)
    return ReferralRequirement(outstanding=outstanding, satisfied_by=satisfied_by)


# ---------------------------------------------------------------------------------------------
# Take-down routes for a young person
# ---------------------------------------------------------------------------------------------


def takedown_routes(age: int | None) -> tuple[str, ...]:
    """The routes to offer a person of this age for imagery of themselves (GUIDANCE.md).

    Report Remove is for under-18s, and Take It Down for images taken under 18; StopNCII is for
    adults only, so it is offered only to someone known to be 18 or over (an unknown age gets the
    children's routes). Platform reports and CEOP are open to all.
    """
    if age is not None and age >= ADULT_AGE:
        return ("take_it_down", "stop_ncii", "platform", "ceop")
    return ("report_remove", "take_it_down", "platform", "ceop")
