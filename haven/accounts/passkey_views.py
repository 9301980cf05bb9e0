"""Passkey pages and the four WebAuthn ceremony endpoints.

The ceremonies are django-otp-webauthn's views (JSON in and out, driven by the library's own
scripts from its static files), behind Haven's decorators: adding a passkey takes both factors
already; using one is the second step after the password. Haven adds what its other sign-in
steps do: the audit event, a new session key, the remembered browser, and where to go next.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import views as ceremonies
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.models import WebAuthnCredential

from haven.accounts import mfa, passkeys, slowdown
from haven.accounts.decorators import public, signed_in, staff_required
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.http import AuthenticatedHttpRequest


def ceremony_config(request: HttpRequest) -> dict[str, Any]:
    """What the library's scripts read from the page (json_script "otp_webauthn_config")."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_add_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_add_complete"),
    }


@staff_required
@require_GET
def passkey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's passkeys: add one, see when each was last used, remove one."""
    user = request.user
    context = {
        "passkeys": passkeys.passkeys_of(user),
        "available": passkeys.available(),
        "limit": passkeys.MAX_PASSKEYS,
        "config": ceremony_config(request),
        "signed_in_with": getattr(user, "otp_device", None),
    }
    return render(request, "accounts/passkeys.html", context)


@staff_required
@require_POST
def passkey_remove(request: AuthenticatedHttpRequest, passkey_id: int) -> HttpResponse:
    user = request.user
    passkeys.remove_passkey(actor=user, passkey_id=passkey_id)
    messages.success(request, "The passkey is removed. It no longer signs you in to Haven.")
    return redirect("accounts:passkeys")


class _Available:
    """Every ceremony answers "not here" where this address cannot carry passkeys."""

    def initial(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if not passkeys.available():
            raise passkeys.PasskeysOff()
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class BeginAdding(_Available, ceremonies.BeginCredentialRegistrationView):  # type: ignore[misc]
    def check_can_register(self) -> None:
        passkeys.check_may_add(self.request.user)


class CompleteAdding(_Available, ceremonies.CompleteCredentialRegistrationView):  # type: ignore[misc]
    """The library's check and save; the helper writes accounts.passkey_added with it."""

    def check_can_register(self) -> None:
        passkeys.check_may_add(self.request.user)

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)
        messages.success(self.request, "Your passkey is added. Use it at your next sign-in.")
        return response


class BeginSignIn(_Available, ceremonies.BeginCredentialAuthenticationView):  # type: ignore[misc]
    pass


class CompleteSignIn(_Available, ceremonies.CompleteCredentialAuthenticationView):  # type: ignore[misc]
    """The second step by passkey: what second_factor does for a code."""

    def complete_auth(self, device: WebAuthnCredential) -> None:
        otp_login(self.request, device)
        # A new session key once both factors pass, as in views.second_factor.
        self.request.session.cycle_key()
        mfa.note_second_factor(self.request.session)
        record(
            "accounts.second_factor_passed",
            actor=device.user,
            context=AuditContext.of(self.request),
            data={"by": "passkey", "passkey": device.pk},
        )

    def get_success_url(self) -> str:
        return str(self.request.session.pop("haven_next", None) or reverse("accounts:home"))

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)
        slowdown.remember_browser(response, self.request.user)
        return response

    def handle_exception(self, exc: Exception) -> JsonResponse:
        if isinstance(exc, OTPWebAuthnApiError) and not isinstance(exc, passkeys.PasskeysOff):
            record(
                "accounts.second_factor_failed",
                actor=self.request.user,
                context=AuditContext.of(self.request),
                data={"by": "passkey"},
            )
        response: JsonResponse = super().handle_exception(exc)
        return response


add_begin = staff_required(BeginAdding.as_view())
add_complete = staff_required(CompleteAdding.as_view())
sign_in_begin = signed_in(BeginSignIn.as_view())
sign_in_complete = signed_in(CompleteSignIn.as_view())
# The words the library's scripts show, as a script (it is served as English text as it is).
_catalog = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])


@public
@require_GET
def script_words(request: HttpRequest) -> HttpResponse:
    response = _catalog(request)
    assert isinstance(response, HttpResponse)  # the catalog is a plain page, never streamed
    return response
