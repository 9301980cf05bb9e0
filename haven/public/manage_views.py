"""The school admin's pages for the public pages: text (with preview and every version kept),
the support directory, named contacts and the safeguarding policy.

Only a school admin of that school reaches them (Action.MANAGE_SCHOOL); anyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.http import AuthenticatedHttpRequest
from haven.lib.documents import MAX_CHARACTERS
from haven.public import selectors, services
from haven.public.content import render_markdown
from haven.public.forms import (
    ContactsForm,
    PageEditForm,
    PolicyForm,
    SupportServiceForm,
)
from haven.public.models import PublicPage, SupportService
from haven.public.policy import (
    MAX_POLICY_BYTES,
    TOO_BIG,
    PolicyRefused,
    paragraphs,
    read_policy,
)
from haven.public.services import ContactRouteInput, PublicPageError
from haven.schools.models import School

PAGES = {"parents": PublicPage.PARENTS, "young-people": PublicPage.YOUNG_PEOPLE}
PAGE_SLUGS = {page: slug for slug, page in PAGES.items()}


def _school(request: AuthenticatedHttpRequest, school_slug: str) -> School:
    return get_for(request.user, Action.MANAGE_SCHOOL, School.objects.all(), slug=school_slug)


def _page(page_slug: str) -> PublicPage:
    if page_slug not in PAGES:
        raise Http404
    return PAGES[page_slug]


@staff_required
@require_GET
def manage(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    """What the public pages show now, with a way into each editor."""
    school = _school(request, school_slug)
    pages = [
        {"page": page, "slug": slug, "text": selectors.page_text(school, page)}
        for slug, page in PAGES.items()
    ]
    context = {
        "school": school,
        "pages": pages,
        "entries": selectors.directory_entries(school),
        "contacts": selectors.named_contacts(school),
        "policy": selectors.current_policy(school),
    }
    return render(request, "public/manage/index.html", context)


def _save_page(
    request: AuthenticatedHttpRequest, school: School, page: PublicPage, form: PageEditForm
) -> bool:
    form.require_checked_words()
    if form.errors:
        return False
    try:
        services.save_page(
            actor=request.user,
            school=school,
            page=page,
            body=form.cleaned_data["body"],
            based_on=form.cleaned_data["based_on"],
            context=AuditContext.of(request),
        )
    except PublicPageError as error:
        form.add_error(None, str(error))
        return False
    return True


@staff_required
@require_http_methods(["GET", "POST"])
def manage_page(
    request: AuthenticatedHttpRequest, school_slug: str, page_slug: str
) -> HttpResponse:
    """Edit the page's Markdown. "Preview" shows it as families will see it; "Save" publishes it
    as a new version (the old ones stay, and can be brought back)."""
    school, page = _school(request, school_slug), _page(page_slug)
    current = selectors.page_text(school, page)
    if request.method == "GET":
        form = PageEditForm(initial={"body": current.body, "based_on": current.number})
        preview = None
    else:
        form = PageEditForm(request.POST)
        saving = request.POST.get("action") == "save"
        if form.is_valid() and saving and _save_page(request, school, page, form):
            messages.success(request, "Saved. The public page now shows this version.")
            return redirect("public:manage_page", school_slug=school.slug, page_slug=page_slug)
        body = form.cleaned_data.get("body")
        preview = render_markdown(body) if body else None
    context = {
        "school": school,
        "page": page,
        "page_slug": page_slug,
        "current": current,
        "form": form,
        "preview": preview,
    }
    # HtmxMiddleware adds request.htmx; the stubs do not know it.
    if request.htmx and request.method == "POST":  # type: ignore[attr-defined]
        return render(request, "public/manage/page_edit.html#preview", context)
    return render(request, "public/manage/page_edit.html", context)


@staff_required
@require_GET
def manage_page_versions(
    request: AuthenticatedHttpRequest, school_slug: str, page_slug: str
) -> HttpResponse:
    school, page = _school(request, school_slug), _page(page_slug)
    versions = selectors.page_versions(school, page)
    context = {
        "school": school,
        "page": page,
        "page_slug": page_slug,
        "versions": versions,
        "latest": versions[0].number if versions else 0,
    }
    return render(request, "public/manage/page_versions.html", context)


@staff_required
@require_POST
def manage_page_restore(
    request: AuthenticatedHttpRequest, school_slug: str, page_slug: str, number: int
) -> HttpResponse:
    """Bring back an earlier version (0: Haven's own text) as the newest version."""
    school, page = _school(request, school_slug), _page(page_slug)
    try:
        based_on = int(request.POST.get("based_on", "-1"))
        version = services.restore_page_version(
            actor=request.user,
            school=school,
            page=page,
            number=number,
            based_on=based_on,
            context=AuditContext.of(request),
        )
    except (ValueError, PublicPageError) as error:
        messages.error(request, str(error) if isinstance(error, PublicPageError) else "Try again.")
        return redirect("public:manage_page_versions", school_slug=school.slug, page_slug=page_slug)
    what = "Haven's own text" if number == 0 else f"version {number}"
    messages.success(request, f"Restored {what} as version {version.number}.")
    return redirect("public:manage_page", school_slug=school.slug, page_slug=page_slug)


@staff_required
@require_GET
def manage_support(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    school = _school(request, school_slug)
    context = {"school": school, "entries": selectors.directory_entries(school)}
    return render(request, "public/manage/support.html", context)


def _service(school: School, service_id: int) -> SupportService:
    found = selectors.service_for_school(school, service_id)
    if found is None:
        raise Http404
    return found


def _service_form(
    request: AuthenticatedHttpRequest, school: School, service: SupportService | None
) -> Any:
    if request.method == "POST":
        return SupportServiceForm(request.POST)
    if service is not None:
        return SupportServiceForm(initial=model_to_dict(service, SupportServiceForm.Meta.fields))
    # A new service goes after Haven's own (10 to 120), checked today.
    initial = {"order": 200, "last_checked": timezone.localdate(), "audience": "everyone"}
    return SupportServiceForm(initial=initial)


def _edit_service(
    request: AuthenticatedHttpRequest, school: School, service: SupportService | None
) -> HttpResponse:
    form = _service_form(request, school, service)
    if request.method == "POST" and form.is_valid():
        services.save_support_service(
            actor=request.user,
            school=school,
            service=service,
            values=form.cleaned_data,
            context=AuditContext.of(request),
        )
        messages.success(request, f"Saved {form.cleaned_data['name']}.")
        return redirect("public:manage_support", school_slug=school.slug)
    context = {"school": school, "service": service, "form": form}
    return render(request, "public/manage/support_edit.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def manage_support_add(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    return _edit_service(request, _school(request, school_slug), None)


@staff_required
@require_http_methods(["GET", "POST"])
def manage_support_edit(
    request: AuthenticatedHttpRequest, school_slug: str, service_id: int
) -> HttpResponse:
    """Change a service. Changing one of Haven's entries changes it for this school only."""
    school = _school(request, school_slug)
    return _edit_service(request, school, _service(school, service_id))


@staff_required
@require_POST
def manage_support_hide(
    request: AuthenticatedHttpRequest, school_slug: str, service_id: int
) -> HttpResponse:
    school = _school(request, school_slug)
    service = _service(school, service_id)
    hidden = request.POST.get("hidden") == "1"
    services.set_service_hidden(
        actor=request.user,
        school=school,
        service=service,
        hidden=hidden,
        context=AuditContext.of(request),
    )
    messages.success(request, f"{'Hid' if hidden else 'Showed'} {service.name}.")
    return redirect("public:manage_support", school_slug=school.slug)


@staff_required
@require_POST
def manage_support_remove(
    request: AuthenticatedHttpRequest, school_slug: str, service_id: int
) -> HttpResponse:
    school = _school(request, school_slug)
    service = _service(school, service_id)
    try:
        services.remove_school_service(
            actor=request.user, school=school, service=service, context=AuditContext.of(request)
        )
    except PublicPageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed the school's own {service.name}.")
    return redirect("public:manage_support", school_slug=school.slug)


def _contacts_initial(school: School, candidates: list[Any]) -> dict[str, Any]:
    settings_row = selectors.contact_settings(school)
    initial: dict[str, Any] = {
        "phone": settings_row.phone,
        "email": settings_row.email,
        "how_to_reach": settings_row.how_to_reach,
    }
    initial |= {f"show_{m.pk}": m.public_contact for m in candidates}
    for user_id, route in selectors.contact_routes(school).items():
        initial |= {f"phone_{user_id}": route.phone, f"email_{user_id}": route.email}
    return initial


def _people(form: ContactsForm) -> list[dict[str, Any]]:
    """The candidates grouped by person, with their fields, for the template."""
    people: dict[int, dict[str, Any]] = {}
    for m in form.candidates:
        person = people.setdefault(
            m.user_id,
            {
                "user": m.user,
                "roles": [],
                "phone": form[f"phone_{m.user_id}"],
                "email": form[f"email_{m.user_id}"],
            },
        )
        person["roles"].append({"membership": m, "field": form[f"show_{m.pk}"]})
    return list(people.values())


@staff_required
@require_http_methods(["GET", "POST"])
def manage_contacts(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    """Who is named on the public pages, and how families reach the school about a worry."""
    school = _school(request, school_slug)
    candidates = selectors.contact_candidates(school)
    if request.method == "POST":
        form = ContactsForm(request.POST, candidates=candidates)
    else:
        form = ContactsForm(initial=_contacts_initial(school, candidates), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        routes = [
            ContactRouteInput(user_id=uid, phone=data[f"phone_{uid}"], email=data[f"email_{uid}"])
            for uid in {m.user_id for m in candidates}
        ]
        services.save_contacts(
            actor=request.user,
            school=school,
            phone=data["phone"],
            email=data["email"],
            how_to_reach=data["how_to_reach"],
            shown=form.shown(),
            routes=routes,
            context=AuditContext.of(request),
        )
        messages.success(request, "Saved the contact details.")
        return redirect("public:manage_contacts", school_slug=school.slug)
    context = {"school": school, "form": form, "people": _people(form)}
    return render(request, "public/manage/contacts.html", context)


def _policy_page(
    request: AuthenticatedHttpRequest, school: School, form: PolicyForm, *, preview: bool = False
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "policy": selectors.current_policy(school),
        "versions": selectors.policy_versions(school),
        "preview": preview,
        "preview_paragraphs": paragraphs(str(form["text"].value() or "")) if preview else [],
        "max_characters": MAX_CHARACTERS,
    }
    return render(request, "public/manage/policy.html", context)


def _too_big(request: AuthenticatedHttpRequest) -> PolicyForm | None:
    """A file over the upload limit never reaches the form: say so instead of "choose a file"."""
    if int(request.META.get("CONTENT_LENGTH") or 0) <= MAX_POLICY_BYTES + 256 * 1024:
        return None
    form = PolicyForm(data={})
    form.full_clean()
    form.errors["document"] = form.error_class([TOO_BIG])
    return form


def _read_upload(form: PolicyForm) -> PolicyForm:
    """The form again, holding the words read from the uploaded file (or the reason it could not
    be read). The file itself goes no further than this request."""
    upload = form.cleaned_data["document"]
    try:
        document = read_policy(upload.read(), upload.name or "policy")
    except PolicyRefused as refused:
        form.add_error("document", str(refused))
        return form
    return form.show_words(upload.name or "policy", document)


@staff_required
@require_http_methods(["GET", "POST"])
def manage_policy(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    """The safeguarding policy: upload it (or paste it), check the words Haven read, publish.

    A POST with a file only reads it and shows its words to check: nothing is published until the
    admin presses "Publish" with the words in front of them."""
    school = _school(request, school_slug)
    if request.method == "GET":
        current = selectors.current_policy(school)
        initial = {"text": current.text, "link": current.link} if current else {}
        return _policy_page(request, school, PolicyForm(initial=initial))
    if (too_big := _too_big(request)) is not None:
        return _policy_page(request, school, too_big)
    form = PolicyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _policy_page(request, school, form)
    if form.cleaned_data["document"]:
        return _policy_page(request, school, _read_upload(form), preview=True)
    if request.POST.get("action") != "publish":
        return _policy_page(request, school, form, preview=True)
    try:
        services.publish_policy(
            actor=request.user, school=school, words=form.words(), context=AuditContext.of(request)
        )
    except PolicyRefused as error:
        form.add_error(None, str(error))
        return _policy_page(request, school, form)
    messages.success(request, "Published. The policy page now shows these words.")
    return redirect("public:manage_policy", school_slug=school.slug)


@staff_required
@require_POST
def manage_policy_remove(request: AuthenticatedHttpRequest, school_slug: str) -> HttpResponse:
    school = _school(request, school_slug)
    if services.remove_policy(actor=request.user, school=school, context=AuditContext.of(request)):
        messages.success(request, "The policy is no longer on the public pages.")
    return redirect("public:manage_policy", school_slug=school.slug)
