"""Resetting a colleague's lost authenticator app: a two-person act between the school
administrator and the DSL or headteacher (haven.accounts.rules). Both sides use these pages."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import Action, get_for
from haven.accounts.services import (
    AccountError,
    approve_mfa_reset,
    cancel_mfa_reset,
    request_mfa_reset,
)
from haven.schools import selectors
from haven.schools.forms import MfaResetForm
from haven.schools.models import School


def reset_school(request: HttpRequest, slug: str) -> School:
    """The school, if this person may take part in resets there; else 404 (as for no school)."""
    return get_for(request.user, Action.RESET_STAFF_MFA, School.objects.all(), slug=slug)


def _form(request: HttpRequest, school: School, data: object = None) -> MfaResetForm:
    staff = [row.user for row in selectors.staff_at(school) if row.is_active]
    staff = [user for user in staff if user.pk != request.user.pk]
    return MfaResetForm(data, staff=staff)


def _page(
    request: HttpRequest, school: School, form: MfaResetForm, problem: str | None = None
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "problem": problem,
        "resets": selectors.mfa_resets_at(school),
    }
    return render(request, "schools/mfa_resets.html", context)


@staff_required
@require_GET
def resets(request: HttpRequest, school: str) -> HttpResponse:
    place = reset_school(request, school)
    form = _form(request, place)
    if chosen := request.GET.get("staff_member"):
        form.initial["staff_member"] = chosen
    return _page(request, place, form)


@staff_required
@require_POST
def reset_request(request: HttpRequest, school: str) -> HttpResponse:
    place = reset_school(request, school)
    form = _form(request, place, request.POST)
    if form.is_valid():
        actor: User = request.user  # type: ignore[assignment]
        try:
            request_mfa_reset(actor=actor, school=place, staff_member=form.chosen())
        except AccountError as refused:
            form.add_error("staff_member", str(refused))
        else:
            messages.success(request, "Asked. Someone on the other side must now agree to it.")
            return redirect("schools:mfa_resets", school=place.slug)
    return _page(request, place, form)


@staff_required
@require_POST
def reset_approve(request: HttpRequest, school: str, reset_id: uuid.UUID) -> HttpResponse:
    return _decide(request, school, reset_id, approve=True)


@staff_required
@require_POST
def reset_cancel(request: HttpRequest, school: str, reset_id: uuid.UUID) -> HttpResponse:
    return _decide(request, school, reset_id, approve=False)


def _decide(request: HttpRequest, slug: str, reset_id: uuid.UUID, *, approve: bool) -> HttpResponse:
    place = reset_school(request, slug)
    reset = selectors.mfa_reset_at(place, reset_id)
    actor: User = request.user  # type: ignore[assignment]
    try:
        if approve:
            approve_mfa_reset(actor=actor, reset=reset)
        else:
            cancel_mfa_reset(actor=actor, reset=reset)
    except AccountError as refused:
        return _page(request, place, _form(request, place), problem=str(refused))
    done = "Reset done. They set up their app again when they next sign in."
    messages.success(request, done if approve else "Reset cancelled.")
    return redirect("schools:mfa_resets", school=place.slug)
