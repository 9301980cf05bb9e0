"""Account rules as pure functions: roles in, yes or no out. No ORM, no HTTP.

Resetting someone's second factor lets whoever knows their password set up a new authenticator
app, so it takes two people from different sides of the school: the administrator, who runs
accounts, and the DSL or headteacher, who answers for safeguarding. Neither can do it alone, and
the person being reset takes no part (they cannot sign in, and must not approve their own reset).
"""

from collections.abc import Collection

from haven.schools.models import SAFEGUARDING_TEAM, Role

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


# --- Changes to the safeguarding team -----------------------------------------------------------
# The DSL, deputy DSLs and headteacher see every safeguarding record of the school. Giving or
# taking away one of those roles, or deactivating someone who holds one, takes two people: the
# administrator, the DSL or the headteacher asks, and a DSL or headteacher who is neither the asker
# nor the person changed agrees. So an administrator cannot make a second account of their own a
# DSL, nor take the school's DSL away, alone; and the team always hears of it.


def may_ask_for_team_change(roles: Collection[Role]) -> bool:
    """May ask for (or cancel) a change to the safeguarding team at a school with these roles."""
    return bool(set(roles) & (ADMIN_SIDE | SAFEGUARDING_SIDE))


def may_agree_to_team_change(
    *, approver_roles: Collection[Role], is_requester: bool, is_subject: bool
) -> bool:
    """A DSL or headteacher agrees; never the person who asked, nor the person changed."""
    if is_requester or is_subject:
        return False
    return bool(set(approver_roles) & SAFEGUARDING_SIDE)


def touches_team(roles: Collection[Role | str]) -> bool:
    """Whether a change to these roles is a change to the safeguarding team."""
    return bool({Role(role) for role in roles} & SAFEGUARDING_TEAM)


# --- Slowing password guessing ------------------------------------------------------------------
# django-axes pauses one account from one address. Guessing spread over many addresses is slowed
# per account instead, by a wait that grows with each wrong password and never passes a ceiling:
# the owner is kept waiting at most that long, never locked out.


def sign_in_wait_seconds(failures: int, *, free: int, longest: int) -> int:
    """Seconds the next try at an account waits after `failures` wrong passwords in a row (from
    anywhere). The first `free` cost nothing; from then on the wait doubles, up to `longest`."""
    if failures < free:
        return 0
    doubled: int = 2 ** min(failures - free, 30)
    return min(longest, doubled)


def sign_in_failures_are_unusual(failures: int, *, threshold: int, reported: bool) -> bool:
    """Whether to tell the account's holder and their school now: once a spell, at the threshold."""
    return failures >= threshold and not reported


def may_take_part_in_policy(roles: Collection[Role]) -> bool:
    """May ask for, refuse or withdraw a change to the school's safeguarding policy settings."""
    return bool(set(roles) & SAFEGUARDING_SIDE)


def may_agree_to_policy(*, asker_roles: Collection[Role], approver_roles: Collection[Role]) -> bool:
    """The DSL and the headteacher set the policy together: whoever agrees holds the role the asker
    does not (a DSL asks, a head agrees; or the other way round). An asker who is both may be
    answered by any other DSL or head. The asker never agrees to their own request."""
    needed = SAFEGUARDING_SIDE - set(asker_roles)
    held = set(approver_roles) & SAFEGUARDING_SIDE
    return bool(held & needed) if needed else bool(held)


# --- Cases restricted because an adult who works with children is involved ----------------------
# The adult (a member of staff, a coach, a volunteer, a tutor) may work alongside a deputy DSL, so
# the case is seen by the DSL and the headteacher only, and by a member of the safeguarding team
# whom the DSL (or the head) names, with a reason. haven.cases.rules.lado says when it applies.

SEE_RESTRICTED = frozenset({Role.DSL, Role.HEADTEACHER})


def may_see_restricted_case(roles: Collection[Role], *, named: bool) -> bool:
    """The DSL and the headteacher; a deputy (or anyone else on the team) only when named."""
    held = set(roles)
    if held & SEE_RESTRICTED:
        return True
    return named and bool(held & SAFEGUARDING_TEAM)


def may_name_for_restricted_case(roles: Collection[Role]) -> bool:
    """Who may name someone to see a restricted case: the DSL or the headteacher."""
    return bool(set(roles) & SEE_RESTRICTED)
