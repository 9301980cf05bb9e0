"""Resetting a colleague's lost authenticator app: a two-person agreement between the school
administrator and the DSL or headteacher (haven.accounts.resets). Both sides use these pages."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.accounts.resets import MFA_RESET, request_mfa_reset
from haven.agreements import views as agreement_views
from haven.agreements.services import AgreementRefused
from haven.http import AuthenticatedHttpRequest
from haven.schools import selectors
from haven.schools.forms import MfaResetForm
from haven.schools.models import School

DONE = "Reset done. They set up their app again when they next sign in."


def reset_school(request: HttpRequest, slug: str) -> School:
    """The school, if this person may take part in resets there; else 404 (as for no school)."""
    return get_for(request.user, Action.RESET_STAFF_MFA, School.objects.all(), slug=slug)


def _form(request: HttpRequest, school: School, data: object = None) -> MfaResetForm:
    staff = [row.user for row in selectors.staff_at(school) if row.is_active]
    staff = [user for user in staff if user.pk != request.user.pk]
    return MfaResetForm(data, staff=staff)


def _page(
    request: AuthenticatedHttpRequest,
    school: School,
    form: MfaResetForm,
    problem: str | None = None,
) -> HttpResponse:
    resets = selectors.mfa_resets_at(school)
    context = {
        "school": school,
        "form": form,
        "problem": problem,
        "waiting": agreement_views.with_steps(MFA_RESET, resets.waiting, request.user),
        "decided": resets.decided,
        "urls": agreement_views.step_urls("schools:mfa_reset"),
    }
    return render(request, "schools/mfa_resets.html", context)


@staff_required
@require_GET
def resets(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = reset_school(request, school)
    form = _form(request, place)
    if chosen := request.GET.get("staff_member"):
        form.initial["staff_member"] = chosen
    return _page(request, place, form)


@staff_required
@require_POST
def reset_request(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = reset_school(request, school)
    form = _form(request, place, request.POST)
    if form.is_valid():
        try:
            request_mfa_reset(actor=request.user, school=place, staff_member=form.chosen())
        except AgreementRefused as refused:
            form.add_error("staff_member", str(refused))
        else:
            messages.success(request, "Asked. Someone on the other side must now agree to it.")
            return redirect("schools:mfa_resets", school=place.slug)
    return _page(request, place, form)


@staff_required
@require_POST
def reset_step(
    request: AuthenticatedHttpRequest, school: str, reset_id: uuid.UUID, step: str
) -> HttpResponse:
    """Agree to, refuse or withdraw a reset (the step comes from the address)."""
    place = reset_school(request, school)
    return agreement_views.take_step(
        request,
        MFA_RESET,
        selectors.mfa_reset_at(place, reset_id),
        step,
        actor=request.user,
        agreed_message=DONE,
        done=lambda: redirect("schools:mfa_resets", school=place.slug),
        refused=lambda reason: _page(request, place, _form(request, place), problem=reason),
    )
