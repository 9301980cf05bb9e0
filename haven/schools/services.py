"""Changes to schools, staff and pupils. Each takes the acting user and writes its audit event."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from haven.accounts.models import User
from haven.accounts.rules import touches_team
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.schools.models import (
    Pupil,
    Role,
    School,
    StaffMembership,
    Trust,
    YearGroup,
)

TEAM_NEEDS_AGREEMENT = (
    "The roles of DSL, deputy DSL and headteacher change only when the DSL or headteacher agrees."
)


class SchoolError(Refused):
    """A change to a school or its staff that the rules do not allow; the message says why."""


@transaction.atomic
def create_trust(*, actor: User | None, name: str, slug: str) -> Trust:
    trust = Trust.objects.create(name=name, slug=slug)
    record("schools.trust_created", actor=actor, obj=trust)
    return trust


@transaction.atomic
def create_school(
    *, actor: User | None, name: str, slug: str, trust: Trust | None = None
) -> School:
    """Audit: schools.school_created (in the new school's own chain)."""
    school = School.objects.create(name=name, slug=slug, trust=trust)
    record("schools.school_created", actor=actor, school=school, obj=school)
    return school


@transaction.atomic
def add_staff_member(
    *,
    actor: User | None,
    school: School | None,
    email: str,
    full_name: str,
    roles: list[Role],
    trust: Trust | None = None,
    job_title: str = "",
    password: str | None = None,
) -> User:
    """Create the person if new (by e-mail) and give them each role at once, with no invitation.

    For the demo, benchmarks and tests, run by the operator (actor None). Staff are otherwise
    invited (haven.accounts.services.invite_staff_member). Audit: schools.role_granted.
    """
    if actor is not None and touches_team(roles):
        raise SchoolError(TEAM_NEEDS_AGREEMENT)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
    for role in roles:
        at_trust = role == Role.TRUST_LEAD
        membership, created = StaffMembership.objects.get_or_create(
            user=user,
            school=None if at_trust else school,
            trust=trust if at_trust else None,
            role=role,
            defaults={"job_title": job_title},
        )
        if created:
            record(
                "schools.role_granted",
                actor=actor,
                school=None if at_trust else school,
                obj=membership,
                data={"role": role.value, "user": user.pk},
            )
    return user


@transaction.atomic
def add_pupil(*, actor: User | None, school: School, **fields: Any) -> Pupil:
    """Audit: schools.pupil_added."""
    pupil = Pupil(school=school, **fields)
    pupil.save()
    record("schools.pupil_added", actor=actor, school=school, pupil=pupil, obj=pupil)
    return pupil


def ensure_year_groups(school: School, years: range) -> dict[int, YearGroup]:
    groups = {}
    for year in years:
        groups[year], _ = YearGroup.objects.get_or_create(
            school=school, name=f"Year {year}", defaults={"curriculum_year": year}
        )
    return groups


@transaction.atomic
def update_school_settings(
    *,
    actor: User,
    school: School,
    name: str,
) -> list[str]:
    """Save the school's settings that the administrator keeps (its name); return the names of
    the fields that changed. The alert times are part of the safeguarding policy, which the DSL
    and headteacher set together (haven.schools.policy).

    Audit: schools.settings_changed (field names only).
    """
    wanted = {"name": name}
    changed = [field for field, value in wanted.items() if getattr(school, field) != value]
    if changed:
        for field in changed:
            setattr(school, field, wanted[field])
        school.save(update_fields=changed)
        record(
            "schools.settings_changed",
            actor=actor,
            school=school,
            obj=school,
            data={"fields": changed},
        )
    return changed


@transaction.atomic
def grant_roles(
    *, actor: User | None, school: School, user: User, roles: list[Role], job_title: str = ""
) -> list[StaffMembership]:
    """Give the user each role at the school (again, if it had been taken away).

    A safeguarding role (DSL, deputy DSL, headteacher) is given here only by the operator (actor
    None); anyone else asks for it (haven.schools.team), and a DSL or headteacher agrees.
    Audit: schools.role_granted for each role they did not hold.
    """
    if Role.TRUST_LEAD in roles:
        raise SchoolError("A trust lead is set up by the trust, not by a school.")
    held = _active_roles(school, user)
    if actor is not None and touches_team(set(roles) - held):
        raise SchoolError(TEAM_NEEDS_AGREEMENT)
    granted = apply_roles(actor=actor, school=school, user=user, add=roles, remove=[])
    if job_title:
        StaffMembership.objects.filter(user=user, school=school).update(job_title=job_title)
    return granted


@transaction.atomic
def change_roles(*, actor: User, school: School, user: User, roles: list[Role]) -> None:
    """Make the user's roles at the school exactly these, when no safeguarding role changes
    (haven.schools.team.change_staff_roles decides, and asks for agreement when one does).
    Old roles are switched off, not deleted, so the record of who held which role stays.
    Audit: schools.role_granted / schools.role_removed.
    """
    check_wanted_roles(actor=actor, school=school, user=user, roles=roles)
    held = _active_roles(school, user)
    if touches_team(held ^ set(roles)):
        raise SchoolError(TEAM_NEEDS_AGREEMENT)
    apply_roles(actor=actor, school=school, user=user, add=roles, remove=list(held - set(roles)))


def check_wanted_roles(*, actor: User, school: School, user: User, roles: list[Role]) -> None:
    """The rules for any new set of roles at a school, one person's or two people's change."""
    if not roles:
        raise SchoolError("Choose at least one role. To remove someone, deactivate them.")
    removing_own_admin = Role.SCHOOL_ADMIN in _active_roles(school, user) - set(roles)
    if user.pk == actor.pk and removing_own_admin:
        raise SchoolError(
            "You cannot remove your own administrator role. Ask another administrator."
        )
    if Role.TRUST_LEAD in roles:
        raise SchoolError("A trust lead is set up by the trust, not by a school.")


def _active_roles(school: School, user: User) -> set[Role]:
    memberships = StaffMembership.objects.filter(user=user, school=school, is_active=True)
    return {Role(role) for role in memberships.values_list("role", flat=True)}


def apply_roles(
    *,
    actor: User | None,
    school: School,
    user: User,
    add: Iterable[Role | str],
    remove: Iterable[Role | str],
    data: dict[str, Any] | None = None,
) -> list[StaffMembership]:
    """Switch roles on and off with no rule checks: the callers have checked (or the change was
    agreed by two people). Returns the roles switched on. Audit: schools.role_granted and
    schools.role_removed, each with `data` added (the agreed change, or the invitation)."""
    current = {m.role: m for m in StaffMembership.objects.filter(user=user, school=school)}
    granted = []
    for role in [Role(r) for r in add]:
        membership = current.get(role)
        if membership is not None and membership.is_active:
            continue
        if membership is None:
            membership = StaffMembership.objects.create(user=user, school=school, role=role)
        else:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        granted.append(membership)
        _record_role("schools.role_granted", actor, school, membership, user, data)
    for role in [Role(r) for r in remove]:
        membership = current.get(role)
        if membership is None or not membership.is_active:
            continue
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        _record_role("schools.role_removed", actor, school, membership, user, data)
    return granted


def _record_role(
    action: str,
    actor: User | None,
    school: School,
    membership: StaffMembership,
    user: User,
    data: dict[str, Any] | None,
) -> None:
    payload = {"role": membership.role, "user": user.pk, **(data or {})}
    record(action, actor=actor, school=school, obj=membership, data=payload)
