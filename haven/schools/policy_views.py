"""The school's safeguarding policy settings: the DSL or the headteacher asks, the other agrees
(haven.schools.policy). Both use these pages; everyone else gets 404."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.agreements import views as agreement_views
from haven.agreements.models import AgreementStatus
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.schools.forms import PolicyForm
from haven.schools.models import PolicyChange, School
from haven.schools.policy import POLICY_CHANGE, Policy, ask_for_policy, policy_of

DONE = "Agreed. The school's safeguarding policy settings have changed."


def policy_school(request: HttpRequest, slug: str) -> School:
    """The school, if this person is its DSL or headteacher; else 404 (as for no school)."""
    return get_for(request.user, Action.SET_SAFEGUARDING_POLICY, School.objects.all(), slug=slug)


def _page(
    request: AuthenticatedHttpRequest, school: School, form: PolicyForm, problem: str | None = None
) -> HttpResponse:
    changes = PolicyChange.objects.filter(school=school).select_related(
        "requested_by", "decided_by"
    )
    waiting = [c for c in changes if c.status == AgreementStatus.PENDING]
    context = {
        "school": school,
        "form": form,
        "problem": problem,
        "current": policy_of(school),
        "waiting": agreement_views.with_steps(POLICY_CHANGE, waiting, request.user),
        "decided": [c for c in changes if c.status != AgreementStatus.PENDING][:20],
        "urls": agreement_views.step_urls("schools:policy_change"),
    }
    return render(request, "schools/policy.html", context)


@staff_required
@require_GET
def policy(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = policy_school(request, school)
    return _page(request, place, PolicyForm.for_school(place))


@staff_required
@require_POST
def policy_ask(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = policy_school(request, school)
    form = PolicyForm.for_school(place, request.POST)
    if form.is_valid():
        try:
            ask_for_policy(actor=request.user, school=place, policy=Policy(**form.cleaned_data))
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Asked. The other of the DSL and the headteacher must agree.")
            return redirect("schools:policy", school=place.slug)
    return _page(request, place, form)


@staff_required
@require_POST
def policy_step(
    request: AuthenticatedHttpRequest, school: str, change_id: uuid.UUID, step: str
) -> HttpResponse:
    """Agree to, refuse or withdraw a policy change (the step comes from the address)."""
    place = policy_school(request, school)
    change = get_object_or_404(
        PolicyChange.objects.select_related("requested_by"), pk=change_id, school=place
    )
    return agreement_views.take_step(
        request,
        POLICY_CHANGE,
        change,
        step,
        actor=request.user,
        agreed_message=DONE,
        done=lambda: redirect("schools:policy", school=place.slug),
        refused=lambda reason: _page(request, place, PolicyForm.for_school(place), problem=reason),
    )
