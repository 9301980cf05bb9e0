"""The pages anyone can read without signing in, per school at /s/<school-slug>/.

Nothing here tells a visitor anything about a child or a report, except the one report whose
reference and secret code they hold. Every page has "Exit this page" (base_public.html) and asks
the browser not to pass its address on (Referrer-Policy: no-referrer).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.accounts.decorators import public
from haven.curriculum import selectors as curriculum_selectors
from haven.public import selectors
from haven.public.models import Audience, PublicPage


def no_referrer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A family's visit must not show up in another site's logs as a link from this page.

    "same-origin" sends no referrer to any other site. ("no-referrer" would be stricter in name
    only, and makes browsers send `Origin: null` on the report forms' POST, which Django's CSRF
    check rightly refuses.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


@public
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """Haven's front door: what it is, and the way in for staff, families and young people."""
    return render(request, "public/landing.html")


@public
@no_referrer
@require_GET
def school_home(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    policy = selectors.current_policy(school)
    return render(request, "public/school_home.html", {"school": school, "policy": policy})


def _contact_context(school: Any) -> dict[str, Any]:
    return {
        "contacts": selectors.named_contacts(school),
        "contact": selectors.contact_settings(school),
    }


@public
@no_referrer
@require_GET
def parents(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    context = {
        "school": school,
        "page": selectors.page_text(school, PublicPage.PARENTS),
        "plan": curriculum_selectors.family_plan(school),
        "policy": selectors.current_policy(school),
        "services": selectors.support_directory(school, [Audience.ADULTS, Audience.EVERYONE]),
        **_contact_context(school),
    }
    return render(request, "public/parents.html", context)


@public
@no_referrer
@require_GET
def young_people(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    context = {
        "school": school,
        "page": selectors.page_text(school, PublicPage.YOUNG_PEOPLE),
        "services": selectors.support_directory(school, [Audience.YOUNG_PEOPLE, Audience.EVERYONE]),
        **_contact_context(school),
    }
    return render(request, "public/young_people.html", context)


@public
@no_referrer
@require_GET
def support(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    services = selectors.support_directory(school)
    groups = [
        {"title": title, "services": [s for s in services if s.audience == audience]}
        for audience, title in (
            (Audience.YOUNG_PEOPLE, "For young people"),
            (Audience.ADULTS, "For parents, carers and other adults"),
            (Audience.EVERYONE, "For everyone"),
        )
    ]
    return render(request, "public/support.html", {"school": school, "groups": groups})


@public
@no_referrer
@require_GET
def contacts(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    context = {"school": school, "policy": selectors.current_policy(school)}
    return render(request, "public/contacts.html", context | _contact_context(school))


@public
@no_referrer
@require_GET
def policy(request: HttpRequest, school_slug: str) -> HttpResponse:
    """The school's safeguarding policy, as a web page: its words, never a file.

    Until the school publishes one, the page says so and names who to ask for a copy, rather
    than answering "not found" to a parent who followed a link.
    """
    school = selectors.school_by_slug(school_slug)
    document = selectors.current_policy(school)
    context = {"school": school, "policy": document}
    if document is None:
        return render(request, "public/policy_missing.html", context | _contact_context(school))
    return render(request, "public/policy.html", context)
