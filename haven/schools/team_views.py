"""Changes to the safeguarding team (DSL, deputy DSL, headteacher): asked for by the school
administrator, the DSL or the headteacher, agreed by a DSL or headteacher other than the asker and
the person changed (haven.schools.team). All three use these pages; everyone else gets 404."""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import Action, get_for, roles_at
from haven.accounts.rules import may_agree_to_team_change
from haven.schools import selectors
from haven.schools.forms import ROLE_HINTS, TeamChangeForm
from haven.schools.models import Role, School
from haven.schools.services import SchoolError
from haven.schools.team import agree_to_team_change, ask_for_roles, cancel_team_change


def team_school(request: HttpRequest, slug: str) -> School:
    """The school, if this person may ask for team changes there; else 404 (as for no school).

    The people who may (administrator, DSL, headteacher) are those of the authenticator reset,
    so its rule answers; haven.schools.team checks the rules of each change again.
    """
    return get_for(request.user, Action.CHANGE_SAFEGUARDING_TEAM, School.objects.all(), slug=slug)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _form(request: HttpRequest, school: School, data: object = None) -> TeamChangeForm:
    staff = [row.user for row in selectors.staff_at(school) if row.is_active]
    return TeamChangeForm(data, staff=[user for user in staff if user.pk != request.user.pk])


def _page(
    request: HttpRequest, school: School, form: TeamChangeForm, problem: str | None = None
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "hints": ROLE_HINTS,
        "problem": problem,
        "changes": selectors.team_changes_at(school),
        # Whether to offer "Agree" (the service checks again, with who asked and who changes).
        "agrees": may_agree_to_team_change(
            approver_roles=roles_at(request.user, school.pk), is_requester=False, is_subject=False
        ),
    }
    return render(request, "schools/team_changes.html", context)


@staff_required
@require_GET
def changes(request: HttpRequest, school: str) -> HttpResponse:
    place = team_school(request, school)
    return _page(request, place, _form(request, place))


@staff_required
@require_POST
def change_ask(request: HttpRequest, school: str) -> HttpResponse:
    place = team_school(request, school)
    form = _form(request, place, request.POST)
    if form.is_valid():
        roles = [Role(role) for role in form.cleaned_data["roles"]]
        try:
            ask_for_roles(actor=_actor(request), school=place, user=form.chosen(), roles=roles)
        except SchoolError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Asked. A DSL or headteacher other than you must agree.")
            return redirect("schools:team_changes", school=place.slug)
    return _page(request, place, form)


@staff_required
@require_POST
def change_agree(request: HttpRequest, school: str, change_id: uuid.UUID) -> HttpResponse:
    return _decide(request, school, change_id, agree=True)


@staff_required
@require_POST
def change_cancel(request: HttpRequest, school: str, change_id: uuid.UUID) -> HttpResponse:
    return _decide(request, school, change_id, agree=False)


def _decide(request: HttpRequest, slug: str, change_id: uuid.UUID, *, agree: bool) -> HttpResponse:
    place = team_school(request, slug)
    change = selectors.team_change_at(place, change_id)
    try:
        if agree:
            agree_to_team_change(actor=_actor(request), change=change)
        else:
            cancel_team_change(actor=_actor(request), change=change)
    except SchoolError as refused:
        return _page(request, place, _form(request, place), problem=str(refused))
    done = "Agreed. The change has been made and the safeguarding team has been told."
    messages.success(request, done if agree else "Change cancelled. Nothing was changed.")
    return redirect("schools:team_changes", school=place.slug)
