"""Who is told: the people at a school holding a role, for alerts from any app."""

from collections.abc import Iterable

from haven.accounts.models import User
from haven.schools.models import SAFEGUARDING_TEAM, Role, School


def _people_with(school: School, roles: Iterable[Role]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__school=school,
            memberships__is_active=True,
            memberships__role__in=list(roles),
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def team_of(school: School) -> list[User]:
    """The school's safeguarding team: its DSLs, deputy DSLs and headteacher."""
    return _people_with(school, SAFEGUARDING_TEAM)


def heads_of(school: School) -> list[User]:
    return _people_with(school, [Role.HEADTEACHER])


def deputies_of(school: School) -> list[User]:
    return _people_with(school, [Role.DEPUTY_DSL])


def dsls_of(school: School) -> list[User]:
    return _people_with(school, [Role.DSL])
