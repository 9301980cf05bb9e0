"""What must be settled before a case closes: one rule for the case's task list and for closing.

Closing settles everything. Each thing still due is a `ClosingBlocker`, in words, with the page
where it is settled. The DSL may close over some of them only with a written reason that the
headteacher agrees to (a "close with work not finished" decision); never over a decision still
waiting for the headteacher, a required referral not made, or a review not held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from haven.cases.rules.facts import Criterion


@dataclass(frozen=True)
class CaseProgress:
    """What is recorded in a case, as counts and flags: the only input to `case_tasks` and to
    `closing_blockers_of`."""

    is_closed: bool = False
    reviewed: bool = False
    criteria: tuple[Criterion, ...] = ()
    unanswered: int = 0
    referral_outstanding: bool = False
    referral_override: bool = False
    referrals: int = 0
    acknowledgements_overdue: int = 0
    managed_in_school: bool = False
    pupils: int = 0
    pupils_parents_settled: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    actions_closed: int = 0
    takedowns: int = 0
    takedowns_pending: int = 0
    deletions: int = 0
    deletions_unconfirmed: int = 0
    deletions_overdue: int = 0
    devices: int = 0
    devices_held: int = 0
    follow_ups_booked: tuple[date, ...] = ()
    follow_ups_overdue: int = 0
    follow_ups_held: int = 0
    # Imagery seen unavoidably by staff outside the team, and how many with no support offered.
    staff_seen: int = 0
    staff_seen_without_support: int = 0
    # The pupils nobody has recorded a conversation with yet: (id, name), in the case's order.
    pupils_not_heard: tuple[tuple[str, str], ...] = ()
    # Searches of devices during which a member of staff saw imagery.
    searches_imagery_seen: int = 0
    # For closing: decisions waiting for the head (their names), required referrals neither
    # acknowledged nor chased (the agencies), deletion requests neither confirmed nor closed with
    # a reason, whether the typology is recorded, and what an agreed "close with work not
    # finished" decision covers (blocker kinds).
    decisions_pending_head: tuple[str, ...] = ()
    referrals_unanswered: tuple[str, ...] = ()
    deletions_unsettled: int = 0
    typology_recorded: bool = False
    unfinished_agreed: frozenset[str] = field(default_factory=frozenset)
    # The LADO (haven.cases.rules.lado): the last day to tell them when an adult who works with
    # children is involved (None: no such adult), whether a referral to the LADO is recorded,
    # and whether it was acknowledged or chased.
    lado_due: date | None = None
    lado_told: bool = False
    lado_answered: bool = False
    lado_overdue: bool = False
    # Referrals to children's social care or the police, and how many have a decision recorded
    # in their terms (haven.cases.rules.outcomes).
    partner_referrals: int = 0
    partner_referrals_decided: int = 0
    # Early help offered (haven.cases.rules.early_help): how many times.
    early_help: int = 0


class BlockerKind(StrEnum):
    """What stops closing, in the order the page lists it. Stable codes: stored on a decision."""

    REVIEW = "review"
    HEAD_AGREEMENT = "head_agreement"
    REFERRAL = "referral"
    LADO = "lado"
    ACKNOWLEDGEMENT = "acknowledgement"
    DEVICE = "device"
    DELETION = "deletion"
    PARENTS = "parents"
    FOLLOW_UP = "follow_up"
    SUPPORT = "support"
    TYPOLOGY = "typology"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def waivable(self) -> bool:
        """Whether the head may agree to closing with this not settled."""
        return self not in NEVER_WAIVED


_LABELS: Final = {
    BlockerKind.REVIEW: "the initial review",
    BlockerKind.HEAD_AGREEMENT: "a decision waiting for the headteacher",
    BlockerKind.REFERRAL: "a required referral",
    BlockerKind.LADO: "telling the LADO",
    BlockerKind.ACKNOWLEDGEMENT: "a referral neither acknowledged nor chased",
    BlockerKind.DEVICE: "a device still held",
    BlockerKind.DELETION: "a deletion not confirmed",
    BlockerKind.PARENTS: "the parents and carers decision",
    BlockerKind.FOLLOW_UP: "a follow-up review not held",
    BlockerKind.SUPPORT: "a support action still open",
    BlockerKind.TYPOLOGY: "the type of incident",
}
# The review decides everything else; a decision waiting for the head is answered by the head, not
# waived by them; a required referral not made is overridden (with its own rules), not waived.
NEVER_WAIVED: Final = frozenset(
    {BlockerKind.REVIEW, BlockerKind.HEAD_AGREEMENT, BlockerKind.REFERRAL, BlockerKind.LADO}
)


@dataclass(frozen=True)
class ClosingBlocker:
    """One thing that stops closing: what it is (`kind`), in words, and the task (`where`, a key
    of `case_tasks`, or "typology") where it is settled."""

    kind: BlockerKind
    text: str
    where: str

    @property
    def waivable(self) -> bool:
        return self.kind.waivable


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _review_and_decisions(p: CaseProgress) -> list[ClosingBlocker]:
    found = []
    if not p.reviewed:
        found.append(ClosingBlocker(BlockerKind.REVIEW, "Hold the initial review.", "review"))
    if p.decisions_pending_head:
        names = "; ".join(p.decisions_pending_head)
        found.append(
            ClosingBlocker(
                BlockerKind.HEAD_AGREEMENT,
                f"A decision waits for the headteacher's agreement ({names}): the headteacher"
                " answers it first, or you replace it with another decision.",
                "decisions",
            )
        )
    return found


def _referrals(p: CaseProgress) -> list[ClosingBlocker]:
    found = []
    if p.referral_outstanding:
        met = "; ".join(c.label.lower() for c in p.criteria)
        found.append(
            ClosingBlocker(
                BlockerKind.REFERRAL,
                f"A referral is required ({met}): record it, or an override the headteacher"
                " agrees to.",
                "referrals",
            )
        )
    if p.lado_due is not None and not p.lado_told:
        found.append(
            ClosingBlocker(
                BlockerKind.LADO,
                "An adult who works with children is involved: tell the LADO, and record the"
                " referral.",
                "lado",
            )
        )
    if p.referrals_unanswered:
        agencies = "; ".join(p.referrals_unanswered)
        found.append(
            ClosingBlocker(
                BlockerKind.ACKNOWLEDGEMENT,
                f"A referral has not been acknowledged ({agencies}): record the acknowledgement,"
                " or that you chased it.",
                "referrals",
            )
        )
    return found


def _records(p: CaseProgress) -> list[ClosingBlocker]:
    found = []
    if p.devices_held:
        held = _plural(p.devices_held, "device is", "devices are")
        found.append(
            ClosingBlocker(
                BlockerKind.DEVICE,
                f"{held} still held in school: record who each went to (the police, the young"
                " person, a parent or carer).",
                "devices",
            )
        )
    if p.deletions_unsettled:
        asks = _plural(p.deletions_unsettled, "request", "requests")
        found.append(
            ClosingBlocker(
                BlockerKind.DELETION,
                f"{asks} to delete the imagery neither confirmed nor closed with a reason.",
                "takedown",
            )
        )
    missing = p.pupils - p.pupils_parents_settled
    if missing > 0:
        found.append(
            ClosingBlocker(
                BlockerKind.PARENTS,
                f"Parents and carers: nothing recorded for {missing} of {p.pupils} pupils. Record"
                " that they were told, or the decision not to tell them.",
                "parents",
            )
        )
    return found


def _support(p: CaseProgress) -> list[ClosingBlocker]:
    found = []
    if p.follow_ups_booked:
        days = ", ".join(_when(d) for d in sorted(p.follow_ups_booked))
        found.append(
            ClosingBlocker(
                BlockerKind.FOLLOW_UP,
                f"A follow-up review booked for {days} has not been held: record what it found.",
                "follow_up",
            )
        )
    if p.actions_open:
        open_ = _plural(p.actions_open, "support action is", "support actions are")
        found.append(
            ClosingBlocker(
                BlockerKind.SUPPORT,
                f"{open_} still open: mark each done or cancelled.",
                "support",
            )
        )
    if not p.typology_recorded:
        found.append(
            ClosingBlocker(
                BlockerKind.TYPOLOGY, "Record the type of incident, for reports.", "typology"
            )
        )
    return found


def closing_blockers_of(p: CaseProgress) -> list[ClosingBlocker]:
    """Everything that stops the case closing, in the order the guidance walks it.

    An empty list means it may close. The task list's "Ready to close" and the closing service
    both come from this, so one can never say yes while the other says no.
    """
    return [
        *_review_and_decisions(p),
        *_referrals(p),
        *_records(p),
        *_support(p),
    ]


def still_blocking(p: CaseProgress) -> list[ClosingBlocker]:
    """The blockers an agreed "close with work not finished" decision does not cover: every one
    never waived, and every other one not listed when the decision was asked for."""
    return [
        b for b in closing_blockers_of(p) if not (b.waivable and str(b.kind) in p.unfinished_agreed)
    ]


def waived(p: CaseProgress) -> list[ClosingBlocker]:
    """The blockers the case would close over, as the headteacher agreed."""
    left = still_blocking(p)
    return [b for b in closing_blockers_of(p) if b not in left]


def unfinished_request_blockers(p: CaseProgress) -> list[str]:
    """Why the DSL may not ask to close with work not finished now; an empty list means they may.

    There must be something to leave unfinished, and nothing that is never waived.
    """
    blockers = closing_blockers_of(p)
    if not blockers:
        return ["Everything is settled: close the case."]
    return [
        f"Settle this first, it cannot be left unfinished: {b.text}"
        for b in blockers
        if not b.waivable
    ]


def unfinished_agreement_blockers(p: CaseProgress, *, asked_for: frozenset[str]) -> list[str]:
    """Why the head may not agree now to the "close with work not finished" asked for
    (`asked_for`: the blocker kinds then); `p` leaves out the decision itself. Anything new since
    (or anything never waived) needs the DSL to settle it, or ask again."""
    blockers = closing_blockers_of(p)
    never = [b.text for b in blockers if not b.waivable]
    new = [b.text for b in blockers if b.waivable and str(b.kind) not in asked_for]
    found = [f"This must be settled first: {text}" for text in never]
    found += [
        f"Not settled, and new since this was asked for: {text} The DSL must settle it, or ask"
        " again."
        for text in new
    ]
    return found
