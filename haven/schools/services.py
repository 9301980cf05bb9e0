"""Changes to schools, staff and pupils. Each takes the acting user and writes its audit event."""

from datetime import time
from typing import Any

from django.db import transaction

from haven.accounts.models import User
from haven.audit.services import record
from haven.schools.models import (
    SAFEGUARDING_TEAM,
    Pupil,
    Role,
    School,
    StaffMembership,
    Trust,
    YearGroup,
)


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
    """Create the person if new (by e-mail) and give them each role. Audit: schools.role_granted."""
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


class SchoolError(Exception):
    """A change to a school or its staff that the rules do not allow; the message says why."""


@transaction.atomic
def update_school_settings(
    *,
    actor: User,
    school: School,
    name: str,
    alert_escalation_minutes: int,
    school_day_starts: time,
    school_day_ends: time,
) -> list[str]:
    """Save the school's settings; return the names of the fields that changed.

    Audit: schools.settings_changed (field names only).
    """
    if school_day_ends <= school_day_starts:
        raise SchoolError("The school day must end after it starts.")
    wanted = {
        "name": name,
        "alert_escalation_minutes": alert_escalation_minutes,
        "school_day_starts": school_day_starts,
        "school_day_ends": school_day_ends,
    }
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

    Audit: schools.role_granted for each role they did not hold.
    """
    granted = []
    current = {m.role: m for m in StaffMembership.objects.filter(user=user, school=school)}
    for role in roles:
        if role == Role.TRUST_LEAD:
            raise SchoolError("A trust lead is set up by the trust, not by a school.")
        membership = current.get(role)
        if membership is not None and membership.is_active:
            continue
        if actor is not None and actor.pk == user.pk and role in SAFEGUARDING_TEAM:
            # An administrator sees no case data; giving themselves a safeguarding role would
            # change that, so someone else must do it.
            raise SchoolError(
                "You cannot give yourself a safeguarding role. Ask another administrator."
            )
        if membership is None:
            membership = StaffMembership.objects.create(
                user=user, school=school, role=role, job_title=job_title
            )
        else:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        granted.append(membership)
        record(
            "schools.role_granted",
            actor=actor,
            school=school,
            obj=membership,
            data={"role": role.value, "user": user.pk},
        )
    if job_title:
        StaffMembership.objects.filter(user=user, school=school).update(job_title=job_title)
    return granted


@transaction.atomic
def change_roles(*, actor: User, school: School, user: User, roles: list[Role]) -> None:
    """Make the user's roles at the school exactly these. Old roles are switched off, not deleted,
    so the record of who held which role stays. Audit: schools.role_granted / schools.role_removed.
    """
    if not roles:
        raise SchoolError("Choose at least one role. To remove someone, deactivate them.")
    if user.pk == actor.pk and Role.SCHOOL_ADMIN not in roles:
        raise SchoolError(
            "You cannot remove your own administrator role. Ask another administrator."
        )
    grant_roles(actor=actor, school=school, user=user, roles=roles)
    removed = StaffMembership.objects.filter(user=user, school=school, is_active=True).exclude(
        role__in=roles
    )
    for membership in removed:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        record(
            "schools.role_removed",
            actor=actor,
            school=school,
            obj=membership,
            data={"role": membership.role, "user": user.pk},
        )
