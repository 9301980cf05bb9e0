"""Early help: when no criterion for immediate referral is met but the family would benefit from
help, the school may offer the local early help offer (named in its policy settings), with the
family's agreement. Early help is not a referral: it answers no criterion.

Plain data in, outcome out: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Collection


def early_help_refused(*, reviewed: bool, criteria: Collection[str]) -> str | None:
    """Why early help cannot be the route now (None: it can)."""
    if not reviewed:
        return "Hold the initial review first: it decides whether a referral is needed."
    if criteria:
        return (
            "A criterion for immediate referral is met: refer to children's social care and/or"
            " the police. Early help does not replace a referral."
        )
    return None
