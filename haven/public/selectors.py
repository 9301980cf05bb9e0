"""Reads for the public pages and their admin pages. Public reads hold nothing about any child."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from haven.public.content import default_text, render_markdown
from haven.public.models import (
    Audience,
    ContactRoute,
    ContactSettings,
    PageVersion,
    PolicyVersion,
    PublicPage,
    SupportService,
)
from haven.schools.models import Role, School, StaffMembership

# The roles a family may be pointed to, in the order a family should try them.
CONTACT_ROLES = (Role.DSL, Role.DEPUTY_DSL, Role.HEADTEACHER, Role.STAFF)


def school_by_slug(slug: str) -> School:
    return get_object_or_404(School, slug=slug)


@dataclass(frozen=True)
class PageText:
    body: str
    version: PageVersion | None  # None: Haven's own text

    @property
    def number(self) -> int:
        return self.version.number if self.version else 0

    @property
    def html(self) -> SafeString:
        return render_markdown(self.body)


def page_text(school: School, page: PublicPage) -> PageText:
    """The page's newest saved version, or Haven's own text if the school has saved none."""
    latest = PageVersion.objects.filter(school=school, page=page).order_by("-number").first()
    if latest is None:
        return PageText(body=default_text(page), version=None)
    return PageText(body=latest.body, version=latest)


def page_versions(school: School, page: PublicPage) -> list[PageVersion]:
    return list(
        PageVersion.objects.filter(school=school, page=page)
        .select_related("saved_by")
        .order_by("-number")
    )


def page_version(school: School, page: PublicPage, number: int) -> PageVersion | None:
    return PageVersion.objects.filter(school=school, page=page, number=number).first()


@dataclass
class DirectoryEntry:
    """One line of a school's directory: the service as shown, and where it came from."""

    service: SupportService
    havens: SupportService | None  # Haven's entry this stands for, if any

    @property
    def is_schools_own(self) -> bool:
        return self.service.school_id is not None

    @property
    def is_changed_havens(self) -> bool:
        return self.havens is not None and self.service.school_id is not None


def directory_entries(school: School) -> list[DirectoryEntry]:
    """Haven's directory with the school's own versions in place, hidden ones included."""
    rows = list(SupportService.objects.filter(Q(school__isnull=True) | Q(school=school)))
    havens = {row.pk: row for row in rows if row.school_id is None}
    replaced = {row.replaces_id: row for row in rows if row.replaces_id is not None}
    entries = [
        DirectoryEntry(service=replaced.get(pk, row), havens=row) for pk, row in havens.items()
    ]
    entries += [
        DirectoryEntry(service=row, havens=None)
        for row in rows
        if row.school_id is not None and row.replaces_id is None
    ]
    return sorted(entries, key=lambda e: (e.service.order, e.service.name.lower()))


def support_directory(
    school: School, audiences: Iterable[Audience] | None = None
) -> list[SupportService]:
    """What the public sees: the school's directory without the services it has hidden."""
    wanted = set(audiences) if audiences is not None else None
    return [
        entry.service
        for entry in directory_entries(school)
        if not entry.service.hidden and (wanted is None or entry.service.audience in wanted)
    ]


def service_for_school(school: School, service_id: int) -> SupportService | None:
    """One of Haven's entries or one of this school's own; never another school's."""
    return (
        SupportService.objects.filter(pk=service_id)
        .filter(Q(school__isnull=True) | Q(school=school))
        .first()
    )


@dataclass
class NamedContact:
    name: str
    job_title: str = ""
    roles: list[str] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    rank: int = 0  # the first of their roles in CONTACT_ROLES: the DSL comes first


def _role_label(membership: StaffMembership) -> str:
    if membership.role == Role.STAFF:
        return ""
    return str(Role(membership.role).label)


def named_contacts(school: School) -> list[NamedContact]:
    """The people the school chose to name publicly (public_contact), in the order to try them."""
    memberships = StaffMembership.objects.filter(
        school=school,
        public_contact=True,
        is_active=True,
        user__is_active=True,
        role__in=CONTACT_ROLES,
    ).select_related("user")
    people: dict[int, NamedContact] = {}
    for m in sorted(memberships, key=lambda m: CONTACT_ROLES.index(Role(m.role))):
        rank = CONTACT_ROLES.index(Role(m.role))
        person = people.setdefault(m.user_id, NamedContact(name=m.user.full_name, rank=rank))
        person.job_title = person.job_title or m.job_title
        label = _role_label(m)
        if label and label not in person.roles:
            person.roles.append(label)
    for route in ContactRoute.objects.filter(school=school, user_id__in=people.keys()):
        people[route.user_id].phone = route.phone
        people[route.user_id].email = route.email
    return sorted(people.values(), key=lambda p: (p.rank, p.name))


def contact_settings(school: School) -> ContactSettings:
    """The school's public phone, e-mail and directions (empty until the admin sets them)."""
    found = ContactSettings.objects.filter(school=school).first()
    return found or ContactSettings(school=school)


def contact_candidates(school: School) -> list[StaffMembership]:
    """Everyone who could be named as a contact: the admin picks from these."""
    return list(
        StaffMembership.objects.filter(
            school=school, is_active=True, user__is_active=True, role__in=CONTACT_ROLES
        )
        .select_related("user")
        .order_by("user__full_name", "role")
    )


def contact_routes(school: School) -> dict[int, ContactRoute]:
    return {route.user_id: route for route in ContactRoute.objects.filter(school=school)}


def current_policy(school: School) -> PolicyVersion | None:
    """The policy shown on the public pages: the newest version, unless it took it down."""
    latest = (
        PolicyVersion.objects.filter(school=school)
        .select_related("saved_by")
        .order_by("-number")
        .first()
    )
    return latest if latest is not None and latest.is_shown else None


def policy_versions(school: School) -> list[PolicyVersion]:
    """Every version, newest first, with how many characters its words have (`characters`) but
    not the words themselves (the list never shows them)."""
    return list(
        PolicyVersion.objects.filter(school=school)
        .defer("text")
        .annotate(characters=Length("text"))
        .select_related("saved_by")
        .order_by("-number")
    )
