"""The school administrator's pages: settings and staff accounts. No page here shows a concern
or a case: the administrator has no access to safeguarding records.

Every school is fetched through `get_for(..., Action.MANAGE_SCHOOL, ...)`, so another school's
pages (and pages of a school that does not exist) answer 404 alike. A change to the safeguarding
team asked for here waits for a DSL or headteacher to agree (haven.schools.team).
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import Action, get_for
from haven.accounts.rules import touches_team
from haven.accounts.services import (
    AccountError,
    invite_again,
    send_invitation_again,
    withdraw_invitation,
)
from haven.accounts.services import invite_staff_member as invite
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.lib.pagination import paginate, pagination
from haven.schools import selectors
from haven.schools.forms import ROLE_HINTS, InviteForm, RolesForm, SchoolSettingsForm
from haven.schools.models import Role, School
from haven.schools.services import update_school_settings
from haven.schools.team import change_staff_roles, deactivate_or_ask

STAFF_PAGE_SIZE = 100


def managed_school(request: HttpRequest, slug: str) -> School:
    return get_for(request.user, Action.MANAGE_SCHOOL, School.objects.all(), slug=slug)


@staff_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The schools this person administers (most administer one, and go straight to it)."""
    schools = selectors.administered_schools(request.user)
    if len(schools) == 1:
        return redirect("schools:overview", school=schools[0].slug)
    if not schools:
        raise Http404
    return render(request, "schools/index.html", {"schools": schools})


@staff_required
@require_GET
def overview(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = managed_school(request, school)
    context = {"school": place, "imports": selectors.recent_imports(place, limit=5)}
    return render(request, "schools/overview.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def settings(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = managed_school(request, school)
    form = SchoolSettingsForm.for_school(place, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_school_settings(actor=request.user, school=place, **form.cleaned_data)
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Settings saved." if changed else "Nothing changed.")
            return redirect("schools:settings", school=place.slug)
    return render(request, "schools/settings.html", {"school": place, "form": form})


@staff_required
@require_GET
def staff_list(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = managed_school(request, school)
    # A school's staff fit in one query (people are grouped with all their roles, current staff
    # first), and are shown a page at a time.
    page = paginate(selectors.staff_at(place), request.GET.get("page"), STAFF_PAGE_SIZE)
    context = {
        "school": place,
        "staff": page,
        "page": page,
        "pager": pagination(page, {}, label="Pages of staff"),
        "invitations": selectors.invitations_waiting_at(place),
    }
    return render(request, "schools/staff_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_invite(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Invite a member of staff: an e-mail to join; their roles start when they accept."""
    place = managed_school(request, school)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invite(
                actor=request.user,
                school=place,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                roles=[Role(r) for r in data["roles"]],
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            # The same words whether or not the address already has a Haven account.
            messages.success(request, f"We have sent an invitation to {data['email']}.")
            return redirect("schools:staff_list", school=place.slug)
    return render(
        request, "schools/staff_invite.html", {"school": place, "form": form, "hints": ROLE_HINTS}
    )


@staff_required
@require_GET
def staff_member(request: AuthenticatedHttpRequest, school: str, user_id: int) -> HttpResponse:
    place = managed_school(request, school)
    row = selectors.staff_member_at(place, user_id)
    form = RolesForm(initial={"roles": [role.value for role in row.roles]})
    return _render_member(request, place, row, form)


def _render_member(
    request: HttpRequest, place: School, row: selectors.StaffRow, form: RolesForm
) -> HttpResponse:
    context = {
        "school": place,
        "member": row,
        "form": form,
        "hints": ROLE_HINTS,
        "is_me": row.user.pk == request.user.pk,
        "waiting": selectors.team_change_waiting_for(place, row.user.pk),
    }
    return render(request, "schools/staff_member.html", context)


@staff_required
@require_POST
def staff_roles(request: AuthenticatedHttpRequest, school: str, user_id: int) -> HttpResponse:
    place = managed_school(request, school)
    row = selectors.staff_member_at(place, user_id)
    form = RolesForm(request.POST)
    if form.is_valid() and row.is_active:
        roles = [Role(role) for role in form.cleaned_data["roles"]]
        try:
            asked = change_staff_roles(actor=request.user, school=place, user=row.user, roles=roles)
        except Refused as error:
            form.add_error("roles", str(error))
        else:
            messages.success(request, _roles_message(row.user, asked is not None))
            return redirect("schools:staff_member", school=place.slug, user_id=row.user.pk)
    return _render_member(request, place, row, form)


def _roles_message(user: User, asked: bool) -> str:
    if asked:
        return (
            f"Asked. {user.full_name}'s roles change when the DSL or headteacher agrees. "
            "The safeguarding team has been told."
        )
    return f"Roles saved for {user.full_name}."


@staff_required
@require_http_methods(["GET", "POST"])
def staff_deactivate(request: AuthenticatedHttpRequest, school: str, user_id: int) -> HttpResponse:
    """A leaver: asks to confirm (GET), then deactivates (POST). Nothing is deleted."""
    place = managed_school(request, school)
    row = selectors.staff_member_at(place, user_id)
    error = None
    if request.method == "POST" and row.is_active:
        try:
            asked = deactivate_or_ask(actor=request.user, school=place, user=row.user)
        except Refused as refused:
            error = str(refused)
        else:
            messages.success(request, _deactivated_message(row.user, asked is not None))
            return redirect("schools:staff_list", school=place.slug)
    context = {
        "school": place,
        "member": row,
        "error": error,
        "in_team": touches_team(row.roles),
        "waiting": selectors.team_change_waiting_for(place, row.user.pk),
    }
    return render(request, "schools/staff_deactivate.html", context)


def _deactivated_message(user: User, asked: bool) -> str:
    if asked:
        return (
            f"Asked. {user.full_name} is deactivated when the DSL or headteacher agrees. "
            "The safeguarding team has been told."
        )
    return f"{user.full_name} has been deactivated."


@staff_required
@require_POST
def staff_invite_again(
    request: AuthenticatedHttpRequest, school: str, user_id: int
) -> HttpResponse:
    place = managed_school(request, school)
    row = selectors.staff_member_at(place, user_id)
    if not row.is_active:
        messages.info(request, "Reactivate them by adding them again as a member of staff.")
    else:
        try:
            invite_again(actor=request.user, school=place, user=row.user)
        except AccountError as refused:
            messages.info(request, str(refused))
        else:
            messages.success(request, f"A new invitation has been sent to {row.user.email}.")
    return redirect("schools:staff_member", school=place.slug, user_id=row.user.pk)


# --- Invitations waiting ------------------------------------------------------------------------


@staff_required
@require_GET
def invitation(
    request: AuthenticatedHttpRequest, school: str, invitation_id: uuid.UUID
) -> HttpResponse:
    """An invitation not yet accepted: the name typed, the address, the roles asked for."""
    place = managed_school(request, school)
    waiting = selectors.invitation_at(place, invitation_id)
    return render(request, "schools/invitation.html", {"school": place, "invitation": waiting})


@staff_required
@require_POST
def invitation_again(
    request: AuthenticatedHttpRequest, school: str, invitation_id: uuid.UUID
) -> HttpResponse:
    place = managed_school(request, school)
    waiting = selectors.invitation_at(place, invitation_id)
    try:
        send_invitation_again(actor=request.user, invitation=waiting)
    except AccountError as refused:
        messages.info(request, str(refused))
    else:
        messages.success(request, f"We have sent a new invitation to {waiting.email}.")  # type: ignore[attr-defined]
    return redirect("schools:staff_list", school=place.slug)


@staff_required
@require_POST
def invitation_withdraw(
    request: AuthenticatedHttpRequest, school: str, invitation_id: uuid.UUID
) -> HttpResponse:
    place = managed_school(request, school)
    waiting = selectors.invitation_at(place, invitation_id)
    try:
        withdraw_invitation(actor=request.user, invitation=waiting)
    except AccountError as refused:
        messages.info(request, str(refused))
    else:
        messages.success(request, "Invitation withdrawn. Its link no longer works.")
    return redirect("schools:staff_list", school=place.slug)
