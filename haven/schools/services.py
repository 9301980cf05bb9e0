"""Changes to schools, staff and pupils. Each takes the acting user and writes its audit event."""

from typing import Any

from django.db import transaction

from haven.accounts.models import User
from haven.audit.services import record
from haven.schools.models import Pupil, Role, School, StaffMembership, Trust, YearGroup


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
