"""Account rules as pure functions: roles in, yes or no out. No ORM, no HTTP.

Resetting someone's second factor lets whoever knows their password set up a new authenticator
app, so it takes two people from different sides of the school: the administrator, who runs
accounts, and the DSL or headteacher, who answers for safeguarding. Neither can do it alone, and
the person being reset takes no part (they cannot sign in, and must not approve their own reset).
"""

from collections.abc import Collection

from haven.schools.models import Role

ADMIN_SIDE = frozenset({Role.SCHOOL_ADMIN})
SAFEGUARDING_SIDE = frozenset({Role.DSL, Role.HEADTEACHER})


def may_take_part_in_mfa_reset(roles: Collection[Role]) -> bool:
    """May ask for, agree to or cancel a reset at a school where they hold these roles."""
    return bool(set(roles) & (ADMIN_SIDE | SAFEGUARDING_SIDE))


def may_approve_mfa_reset(
    *,
    requester_roles: Collection[Role],
    approver_roles: Collection[Role],
    same_person: bool,
) -> bool:
    """One side asks and the other side agrees; the person who asked never agrees."""
    if same_person:
        return False
    requester, approver = set(requester_roles), set(approver_roles)
    return bool(
        (requester & ADMIN_SIDE and approver & SAFEGUARDING_SIDE)
        or (requester & SAFEGUARDING_SIDE and approver & ADMIN_SIDE)
    )
