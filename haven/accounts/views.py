from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from haven.accounts import mfa, passkeys, slowdown
from haven.accounts.decorators import public, signed_in, staff_required
from haven.accounts.forms import CodeForm, EnrolForm, SetPasswordForm, SignInForm
from haven.accounts.models import Invitation, User
from haven.accounts.passkey_views import ceremony_config
from haven.accounts.permissions import Action, can, memberships, roles_at
from haven.accounts.rules import may_ask_for_team_change, may_take_part_in_mfa_reset
from haven.accounts.services import can_sign_in, decline_invitation, usable_invitation
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.overdue import overdue_for
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.schools.joining import accept_invitation, join_school
from haven.schools.models import Role, School, Trust

SESSION_GENERATION = "haven_generation"


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=False
    ):
        return target
    return None


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_GENERATION] = form.user.session_generation
        if next_url := _safe_next(request):
            request.session["haven_next"] = next_url
        record("accounts.signed_in", actor=form.user, context=AuditContext.of(request))
        return redirect("accounts:second_factor")
    context = {"form": form, "next": _safe_next(request)}
    if form.wait_seconds:
        response = render(request, "accounts/sign_in.html", context, status=429)
        response["Retry-After"] = str(form.wait_seconds)
        return response
    return render(request, "accounts/sign_in.html", context)


@public
def locked_out(request: HttpRequest, credentials: object = None, *args: object) -> HttpResponse:
    """Shown by django-axes after repeated failures. Says the same for real and unknown accounts."""
    return render(request, "accounts/locked_out.html", status=429)


@signed_in
@require_http_methods(["GET", "POST"])
def second_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:home")
    if not mfa.has_authenticator(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa.match_device(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            # A new session key once both factors pass, so a key planted before sign-in (session
            # fixation) never becomes a signed-in session.
            request.session.cycle_key()
            mfa.note_second_factor(request.session)
            record("accounts.second_factor_passed", actor=user, context=AuditContext.of(request))
            response = redirect(request.session.pop("haven_next", None) or "accounts:home")
            slowdown.remember_browser(response, user)
            return response
        form.add_error("code", "That code is not right, or has been used. Try the newest code.")
        record("accounts.second_factor_failed", actor=user, context=AuditContext.of(request))
    context: dict[str, object] = {"form": form}
    if passkeys.available() and passkeys.has_passkey(user):
        context |= {"passkey": True, "config": ceremony_config(request)}
    return render(request, "accounts/second_factor.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if mfa.has_authenticator(user):
        return redirect("accounts:second_factor")
    device = mfa.pending_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = mfa.confirm_authenticator(user=user, device=device)
            otp_login(request, device)
            request.session.cycle_key()  # as in second_factor
            mfa.note_second_factor(request.session)
            response = render(request, "accounts/recovery_codes.html", {"codes": codes})
            slowdown.remember_browser(response, user)
            return response
        form.add_error("code", "That code did not match. Check the time on your phone is right.")
    context = {
        "form": form,
        "qr": mfa.qr_data_uri(mfa.provisioning_uri(device)),
        "secret": mfa.manual_secret(device),
    }
    return render(request, "accounts/enrol.html", context)


@public
@require_http_methods(["GET", "POST"])
def accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """An invitation link. Someone new (or a leaver coming back) chooses a password, then sets up
    their authenticator app (the usual first sign-in); someone who already uses Haven signs in
    with both factors and accepts or declines. The link works once, for 72 hours."""
    invitation = usable_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_unusable.html", status=404)
    if can_sign_in(invitation.user):
        return _join(request, invitation)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(invitation=invitation, password=form.cleaned_data["password"])
        except Refused:
            return render(request, "accounts/invitation_unusable.html", status=404)
        logout(request)  # whoever was signed in on this browser, it is the new person now
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_GENERATION] = user.session_generation
        return redirect("accounts:enrol")
    context = {"form": form, "school": invitation.school, "email": invitation.user.email}
    return render(request, "accounts/accept_invitation.html", context)


def _join(request: AuthenticatedHttpRequest, invitation: Invitation) -> HttpResponse:
    """Joining another school takes the account's own sign-in, both factors, first."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
    if not user.is_verified():  # type: ignore[attr-defined]
        request.session["haven_next"] = request.get_full_path()
        return redirect("accounts:second_factor")
    context = {"invitation": invitation, "roles": [Role(r).label for r in invitation.roles]}
    if user.pk != invitation.user_id:
        return render(request, "accounts/join_school.html", context | {"someone_else": True})
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                decline_invitation(actor=user, invitation=invitation)
                messages.info(request, f"You declined the invitation to {invitation.school.name}.")
            else:
                waiting = join_school(actor=user, invitation=invitation)
                messages.success(request, _joined(invitation, waiting is not None))
        except Refused:
            return render(request, "accounts/invitation_unusable.html", status=404)
        return redirect("accounts:home")
    return render(request, "accounts/join_school.html", context)


def _joined(invitation: Invitation, waiting: bool) -> str:
    done = f"You have joined {invitation.school.name} in Haven."
    if waiting:
        return f"{done} Your safeguarding role there starts when the DSL or headteacher agrees."
    return done


@signed_in
@require_POST
def sign_out(request: AuthenticatedHttpRequest) -> HttpResponse:
    record("accounts.signed_out", actor=request.user, context=AuditContext.of(request))
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


@staff_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ends every session of this user, on every device, including this one."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    record("accounts.signed_out_everywhere", actor=user, context=AuditContext.of(request))
    logout(request)
    messages.success(request, "You have signed out on every device.")
    return redirect("accounts:sign_in")


@dataclass
class Place:
    """A school or trust where the user holds roles, and what those roles let them do there."""

    place: School | Trust
    roles: list[str] = field(default_factory=list)
    can: dict[str, bool] = field(default_factory=dict)
    resets_sign_in: bool = False  # takes part in resetting a colleague's authenticator app
    changes_team: bool = False  # asks for or agrees to changes to the safeguarding team


@staff_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who you are, where you work, and what you can do there."""
    user = request.user
    places: dict[str, Place] = {}
    for membership in memberships(user):
        where: School | Trust | None = membership.school or membership.trust
        if where is None:
            continue
        entry = places.setdefault(f"{type(where).__name__}:{where.pk}", Place(place=where))
        entry.roles.append(Role(membership.role).label)
    for entry in places.values():
        entry.can = {action.value: can(user, action, entry.place) for action in Action}
        if isinstance(entry.place, School):
            here = roles_at(user, entry.place.pk)
            entry.resets_sign_in = may_take_part_in_mfa_reset(here)
            entry.changes_team = may_ask_for_team_change(here)
    context = {
        "places": list(places.values()),
        "overdue": overdue_for(user),
        "passkey_count": len(passkeys.passkeys_of(user)),
    }
    return render(request, "accounts/home.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def confirm_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second factor again, before an export when it was given more than 15 minutes ago."""
    user = request.user
    wanted = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    onward = wanted if safe and wanted.startswith("/") else reverse("accounts:home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.match_device(user, form.cleaned_data["code"]) is not None:
            mfa.note_second_factor(request.session)
            record("accounts.second_factor_confirmed", actor=user, context=AuditContext.of(request))
            return redirect(onward)
        form.add_error("code", "That code is not right, or has been used. Try the newest code.")
        record("accounts.second_factor_failed", actor=user, context=AuditContext.of(request))
    return render(request, "accounts/confirm_code.html", {"form": form, "onward": onward})
