"""Not making a required referral (an override): when the guidance never allows it, what an
override covers, and what stops a headteacher agreeing to one.

An override is rare and needs the headteacher's agreement. It records the criteria met when it was
asked for and covers only those: a criterion met later needs a referral, or a new override.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from haven.cases.rules.facts import Criterion

# GUIDANCE.md: an adult involved is child sexual abuse and always goes to the police; a child at
# immediate risk of harm is always referred. No reason given in school outweighs either.
NEVER_OVERRIDDEN: Final = frozenset({Criterion.ADULT_INVOLVED, Criterion.IMMEDIATE_RISK_OF_HARM})

_NEVER_WHY: Final[dict[str, str]] = {
    Criterion.ADULT_INVOLVED: "an adult is involved, so the police must be told",
    Criterion.IMMEDIATE_RISK_OF_HARM: (
        "a child is at immediate risk of harm, so it must be referred"
    ),
    # Facts (the assessment's `never_overridden_because`), in fact order.
    "people.works_with_children": (
        "someone involved works with children, so the police and the LADO must be told"
    ),
    "circumstances.threats_or_blackmail": (
        "there were threats or blackmail, which may be sextortion, so the police must be told"
    ),
    "circumstances.money_or_more_images_demanded": (
        "money or more images were demanded, which may be sextortion, so the police must be told"
    ),
    "circumstances.online_contact_unverified": (
        "an online contact is not verified and may be an adult, whatever age they claim"
    ),
}


def override_blockers(*, criteria: Collection[str], refused: Collection[str] = ()) -> list[str]:
    """Why a required referral may not be overridden now; an empty list means it may.

    Needs at least one criterion met (otherwise nothing is required), none of `NEVER_OVERRIDDEN`
    and none of the facts the assessment lists in `never_overridden_because` (`refused`):
    threats, blackmail, money or more images demanded, an unverified online contact.
    """
    if not criteria:
        return ["No criterion for immediate referral is met, so no referral is required."]
    codes = [str(code) for code in Criterion if code in criteria and code in NEVER_OVERRIDDEN]
    codes += [code for code in _NEVER_WHY if code in refused and code not in codes]
    return [
        f"The referral cannot be overridden: {_NEVER_WHY[code]}. Make the referral."
        for code in codes
    ]


def override_agreement_blockers(
    *, asked_for: Collection[str], criteria_now: Collection[str], refused: Collection[str] = ()
) -> list[str]:
    """Why the headteacher may not agree to an override now; an empty list means they may.

    The override covers the criteria met when it was asked for (`asked_for`). If the facts have
    changed since, so that other criteria are met now (or some no longer are), the head would be
    agreeing to something the DSL never weighed: the DSL must refer, or ask again.
    """
    blockers = []
    asked, now = frozenset(asked_for), frozenset(criteria_now)
    if asked != now:
        blockers.append(
            "The facts have changed since this override was asked for"
            + _changes(asked, now)
            + ". It cannot be agreed: the DSL must make the referral, or ask again with the new"
            " facts."
        )
    if now:  # with nothing met, the change above already says why
        blockers += override_blockers(criteria=now, refused=refused)
    return blockers


def _changes(asked: frozenset[str], now: frozenset[str]) -> str:
    parts = []
    added = [Criterion(c).label.lower() for c in Criterion if c in now - asked]
    gone = [Criterion(c).label.lower() for c in Criterion if c in asked - now]
    if added:
        parts.append("now also met: " + "; ".join(added))
    if gone:
        parts.append("no longer met: " + "; ".join(gone))
    return f" ({', '.join(parts)})" if parts else ""
