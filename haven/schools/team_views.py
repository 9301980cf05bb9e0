"""Changes to the safeguarding team (DSL, deputy DSL, headteacher): asked for by the school
administrator, the DSL or the headteacher, agreed by a DSL or headteacher other than the asker and
the person changed (haven.schools.team). All three use these pages; everyone else gets 404."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.agreements import views as agreement_views
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.schools import selectors
from haven.schools.forms import ROLE_HINTS, TeamChangeForm
from haven.schools.models import Role, School
from haven.schools.team import TEAM_CHANGE, ask_for_roles

DONE = "Agreed. The change has been made and the safeguarding team has been told."


def team_school(request: HttpRequest, slug: str) -> School:
    """The school, if this person may ask for team changes there; else 404 (as for no school).

    The people who may (administrator, DSL, headteacher) are those of the authenticator reset,
    so its rule answers; haven.schools.team checks the rules of each change again.
    """
    return get_for(request.user, Action.CHANGE_SAFEGUARDING_TEAM, School.objects.all(), slug=slug)


def _form(request: HttpRequest, school: School, data: object = None) -> TeamChangeForm:
    staff = [row.user for row in selectors.staff_at(school) if row.is_active]
    return TeamChangeForm(data, staff=[user for user in staff if user.pk != request.user.pk])


def _page(
    request: AuthenticatedHttpRequest,
    school: School,
    form: TeamChangeForm,
    problem: str | None = None,
) -> HttpResponse:
    changes = selectors.team_changes_at(school)
    context = {
        "school": school,
        "form": form,
        "hints": ROLE_HINTS,
        "problem": problem,
        "waiting": agreement_views.with_steps(TEAM_CHANGE, changes.waiting, request.user),
        "decided": changes.decided,
        "urls": agreement_views.step_urls("schools:team_change"),
    }
    return render(request, "schools/team_changes.html", context)


@staff_required
@require_GET
def changes(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = team_school(request, school)
    return _page(request, place, _form(request, place))


@staff_required
@require_POST
def change_ask(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = team_school(request, school)
    form = _form(request, place, request.POST)
    if form.is_valid():
        roles = [Role(role) for role in form.cleaned_data["roles"]]
        try:
            ask_for_roles(actor=request.user, school=place, user=form.chosen(), roles=roles)
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Asked. A DSL or headteacher other than you must agree.")
            return redirect("schools:team_changes", school=place.slug)
    return _page(request, place, form)


@staff_required
@require_POST
def change_step(
    request: AuthenticatedHttpRequest, school: str, change_id: uuid.UUID, step: str
) -> HttpResponse:
    """Agree to, refuse or withdraw a change (the step comes from the address)."""
    place = team_school(request, school)
    return agreement_views.take_step(
        request,
        TEAM_CHANGE,
        selectors.team_change_at(place, change_id),
        step,
        actor=request.user,
        agreed_message=DONE,
        done=lambda: redirect("schools:team_changes", school=place.slug),
        refused=lambda reason: _page(request, place, _form(request, place), problem=reason),
    )
