"""Changes to a school's public pages, made by its school admin. Each takes the acting user and
writes its audit event in the same transaction. Audit data holds ids and codes, never page text.

Reports from families and pupils are not made here: they go to haven.concerns.services.
"""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.public.content import default_text
from haven.public.models import (
    ContactRoute,
    ContactSettings,
    PageVersion,
    PolicyVersion,
    PublicPage,
    SupportService,
)
from haven.public.policy import (
    PolicyRefused,
    check_policy_link,
    check_policy_text,
    read_policy,
)
from haven.public.selectors import CONTACT_ROLES
from haven.schools.models import School, StaffMembership


class PublicPageError(Exception):
    """A change that cannot be made as asked; the message says why, in the admin's words."""


class PageChanged(PublicPageError):
    """Someone else saved the page since this editor opened it."""


NO_POLICY = "Upload the policy, paste its words, or give a link to it on your school's website."
POLICY_CHANGED = (
    "Someone else published the policy at the same moment. Check the policy page, then try again."
)
PAGE_CHANGED = (
    "Someone else saved this page while you were editing it. Your text is still below: check "
    "the latest version, then save again."
)


def _next_version(
    *, actor: User, school: School, page: PublicPage, body: str, based_on: int, restored: int | None
) -> PageVersion:
    latest = (
        PageVersion.objects.filter(school=school, page=page)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    ) or 0
    if latest != based_on:
        raise PageChanged(PAGE_CHANGED)
    try:
        with transaction.atomic():
            return PageVersion.objects.create(
                school=school,
                page=page,
                number=latest + 1,
                body=body,
                saved_by=actor,
                saved_at=timezone.now(),
                restored_from=restored,
            )
    except IntegrityError:  # two saves at the same moment: the second is told, not lost
        raise PageChanged(PAGE_CHANGED) from None


@transaction.atomic
def save_page(
    *,
    actor: User,
    school: School,
    page: PublicPage,
    body: str,
    based_on: int,
    context: AuditContext | None = None,
) -> PageVersion:
    """Save a new version of the page. `based_on` is the version the editor started from (0 for
    Haven's text); if another has been saved since, PageChanged. Audit: public.page_edited."""
    version = _next_version(
        actor=actor, school=school, page=page, body=body, based_on=based_on, restored=None
    )
    record(
        "public.page_edited",
        actor=actor,
        school=school,
        obj=version,
        context=context,
        data={"page": page.value, "version": version.number},
    )
    return version


@transaction.atomic
def restore_page_version(
    *,
    actor: User,
    school: School,
    page: PublicPage,
    number: int,
    based_on: int,
    context: AuditContext | None = None,
) -> PageVersion:
    """Bring back an earlier version (0: Haven's own text) as a new version; nothing is lost.
    Audit: public.page_edited, with the version restored."""
    if number == 0:
        body = default_text(page)
    else:
        earlier = PageVersion.objects.filter(school=school, page=page, number=number).first()
        if earlier is None:
            raise PublicPageError("That version does not exist.")
        body = earlier.body
    version = _next_version(
        actor=actor, school=school, page=page, body=body, based_on=based_on, restored=number
    )
    record(
        "public.page_edited",
        actor=actor,
        school=school,
        obj=version,
        context=context,
        data={"page": page.value, "version": version.number, "restored_from": number},
    )
    return version


SERVICE_FIELDS = (
    "name",
    "audience",
    "who_for",
    "offers",
    "phone",
    "phone_note",
    "chat_url",
    "web_url",
    "last_checked",
    "order",
)


def _copy_for_school(school: School, havens: SupportService) -> SupportService:
    own = SupportService.objects.filter(school=school, replaces=havens).first()
    if own is not None:
        return own
    values = {name: getattr(havens, name) for name in SERVICE_FIELDS}
    return SupportService(school=school, replaces=havens, **values)


@transaction.atomic
def save_support_service(
    *,
    actor: User,
    school: School,
    service: SupportService | None,
    values: dict[str, Any],
    context: AuditContext | None = None,
) -> SupportService:
    """Add a service to the school's directory (service None), change one of the school's, or
    change one of Haven's for this school only (the school gets its own version, Haven's entry is
    untouched for every other school). Audit: public.support_service_saved."""
    if service is None:
        target = SupportService(school=school)
    elif service.school_id is None:
        target = _copy_for_school(school, service)
    elif service.school_id == school.pk:
        target = service
    else:
        raise PublicPageError("That service is not in this school's directory.")
    for name in SERVICE_FIELDS:
        if name in values:
            setattr(target, name, values[name])
    target.updated_by = actor
    target.save()
    record(
        "public.support_service_saved",
        actor=actor,
        school=school,
        obj=target,
        context=context,
        data={"replaces": target.replaces_id},
    )
    return target


@transaction.atomic
def set_service_hidden(
    *,
    actor: User,
    school: School,
    service: SupportService,
    hidden: bool,
    context: AuditContext | None = None,
) -> SupportService:
    """Hide a service from the school's public pages, or show it again.
    Audit: public.support_service_hidden or public.support_service_shown."""
    if service.school_id is None:
        target = _copy_for_school(school, service)
    elif service.school_id == school.pk:
        target = service
    else:
        raise PublicPageError("That service is not in this school's directory.")
    target.hidden = hidden
    target.updated_by = actor
    target.save()
    action = "public.support_service_hidden" if hidden else "public.support_service_shown"
    record(action, actor=actor, school=school, obj=target, context=context)
    return target


@transaction.atomic
def remove_school_service(
    *, actor: User, school: School, service: SupportService, context: AuditContext | None = None
) -> None:
    """Remove a service the school added, or its own version of one of Haven's (Haven's own
    entry then shows again). Audit: public.support_service_removed."""
    if service.school_id != school.pk:
        raise PublicPageError("Only services this school added or changed can be removed.")
    record(
        "public.support_service_removed",
        actor=actor,
        school=school,
        obj=service,
        context=context,
        data={"replaces": service.replaces_id},
    )
    service.delete()


@dataclass(frozen=True)
class ContactRouteInput:
    user_id: int
    phone: str
    email: str


@transaction.atomic
def save_contacts(
    *,
    actor: User,
    school: School,
    phone: str,
    email: str,
    how_to_reach: str,
    shown: set[int],
    routes: list[ContactRouteInput],
    context: AuditContext | None = None,
) -> None:
    """Set the school's public contact details and which staff roles are named publicly (`shown`
    holds StaffMembership ids). Audit: public.contacts_changed."""
    settings_row, _ = ContactSettings.objects.get_or_create(school=school)
    settings_row.phone, settings_row.email, settings_row.how_to_reach = phone, email, how_to_reach
    settings_row.save()
    # Only people who could be named (not the school admin role): see selectors.CONTACT_ROLES.
    memberships = StaffMembership.objects.filter(school=school, role__in=CONTACT_ROLES)
    memberships.filter(pk__in=shown).update(public_contact=True)
    memberships.exclude(pk__in=shown).update(public_contact=False)
    staff_ids = set(memberships.values_list("user_id", flat=True))
    for route in (r for r in routes if r.user_id in staff_ids):
        if route.phone or route.email:
            ContactRoute.objects.update_or_create(
                school=school,
                user_id=route.user_id,
                defaults={"phone": route.phone, "email": route.email},
            )
        else:
            ContactRoute.objects.filter(school=school, user_id=route.user_id).delete()
    record(
        "public.contacts_changed",
        actor=actor,
        school=school,
        obj=school,
        context=context,
        data={"named": sorted(shown)},
    )


@dataclass(frozen=True)
class PolicyWords:
    """What is published: the policy's words, an optional link to it on the school's website,
    and the file the words were read from (name, kind, pages), if any."""

    text: str
    link: str = ""
    source_name: str = ""
    source_kind: str = ""
    source_pages: int | None = None


def _next_policy_number(school: School) -> int:
    latest = (
        PolicyVersion.objects.select_for_update()
        .filter(school=school)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (latest or 0) + 1


@transaction.atomic
def publish_policy(
    *, actor: User, school: School, words: PolicyWords, context: AuditContext | None = None
) -> PolicyVersion:
    """Publish the policy's words (and link) as a new version; earlier ones stay for the record.
    PolicyRefused if the words hold an encoded file, or the link is not a plain https address,
    or there is neither. Audit: public.policy_uploaded (ids, kind and sizes, never the words)."""
    text = words.text.strip()
    check_policy_text(text)
    if words.link:
        check_policy_link(words.link)
    if not text and not words.link:
        raise PolicyRefused(NO_POLICY)
    try:
        with transaction.atomic():
            version = PolicyVersion.objects.create(
                school=school,
                number=_next_policy_number(school),
                text=text,
                link=words.link,
                source_name=words.source_name[:200],
                source_kind=words.source_kind,
                source_pages=words.source_pages,
                saved_by=actor,
                saved_at=timezone.now(),
            )
    except IntegrityError:  # two publishes at the same moment: the second is told, not lost
        raise PolicyRefused(POLICY_CHANGED) from None
    record(
        "public.policy_uploaded",
        actor=actor,
        school=school,
        obj=version,
        context=context,
        data={
            "version": version.number,
            "kind": version.source_kind,
            "pages": version.source_pages,
            "characters": len(text),
            "link": bool(words.link),
        },
    )
    return version


@transaction.atomic
def upload_policy(
    *,
    actor: User,
    school: School,
    file_name: str,
    data: bytes,
    context: AuditContext | None = None,
) -> PolicyVersion:
    """Read the policy file's words and publish them at once, with no check by the admin (for
    commands and tests; the admin's page shows the words first). PolicyRefused if the file
    cannot be read. Audit: public.policy_uploaded."""
    document = read_policy(data, file_name)
    words = PolicyWords(
        text=document.text,
        source_name=file_name,
        source_kind=document.kind.value,
        source_pages=document.pages,
    )
    return publish_policy(actor=actor, school=school, words=words, context=context)


@transaction.atomic
def remove_policy(
    *, actor: User, school: School, context: AuditContext | None = None
) -> PolicyVersion | None:
    """Take the policy off the public pages: a new version with no words (the earlier ones stay
    for the record). None if none is shown. Audit: public.policy_removed."""
    current = PolicyVersion.objects.filter(school=school).order_by("-number").first()
    if current is None or not current.is_shown:
        return None
    version = PolicyVersion.objects.create(
        school=school,
        number=_next_policy_number(school),
        saved_by=actor,
        saved_at=timezone.now(),
    )
    record(
        "public.policy_removed",
        actor=actor,
        school=school,
        obj=version,
        context=context,
        data={"version": version.number, "removed": current.number},
    )
    return version
