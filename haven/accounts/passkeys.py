"""Passkeys (WebAuthn): a phishing-resistant second factor staff may add beside their
authenticator app. django-otp-webauthn runs the ceremonies and py_webauthn checks every answer
(signature, challenge, origin, domain, signature counter); this module is Haven's part: how a new
passkey is named, how many one person may hold, the audit events, and removing one.

A passkey is only ever the second step, after the password (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN
is off), and only someone already past both factors may add one, so a password alone can never
add a way in. The authenticator app stays: it is how staff sign in where a passkey is not to hand.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.services import record

MAX_PASSKEYS = 10


class TooManyPasskeys(OTPWebAuthnApiError):  # type: ignore[misc]  # the library is untyped
    status_code = 409
    code = "too_many_passkeys"
    default_detail = (
        f"You already have {MAX_PASSKEYS} passkeys, the most Haven keeps for one person. "
        "Remove one you no longer use, then add the new one."
    )


class PasskeysOff(OTPWebAuthnApiError):  # type: ignore[misc]  # the library is untyped
    status_code = 404
    code = "passkeys_off"
    default_detail = "Passkeys are not available at this address."


def available() -> bool:
    """Whether this Haven's address can carry passkeys (settings.HAVEN_PASSKEYS)."""
    return bool(settings.HAVEN_PASSKEYS)


def passkeys_of(user: User) -> list[WebAuthnCredential]:
    """The user's own passkeys, newest first."""
    return list(WebAuthnCredential.objects.filter(user=user).order_by("-created_at", "-pk"))


def has_passkey(user: User) -> bool:
    return bool(WebAuthnCredential.objects.filter(user=user, confirmed=True).exists())


def default_name(when: Any) -> str:
    local = timezone.localtime(when)
    return f"Passkey added {local.day} {local:%B %Y} at {local:%H:%M}"


def check_may_add(user: User) -> None:
    """Refuse a new passkey past the limit (a lost device's passkeys should be removed)."""
    if not available():
        raise PasskeysOff()
    if WebAuthnCredential.objects.filter(user=user).count() >= MAX_PASSKEYS:
        raise TooManyPasskeys()


@transaction.atomic
def remove_passkey(*, actor: User, passkey_id: int) -> None:
    """Remove one of the actor's own passkeys; another person's (or none) is Http404.

    Audit: accounts.passkey_removed (with the passkey's id).
    """
    passkey = WebAuthnCredential.objects.filter(pk=passkey_id, user=actor).first()
    if passkey is None:
        raise Http404
    record("accounts.passkey_removed", actor=actor, obj=passkey, data={"passkey": passkey.pk})
    passkey.delete()


def remove_all(user: User) -> int:
    """Remove every passkey the user holds (an authenticator reset, a leaver coming back);
    return how many."""
    _, per_model = WebAuthnCredential.objects.filter(user=user).delete()
    # The deletion also counts each passkey's attestation row: count the passkeys only.
    return int(per_model.get(WebAuthnCredential._meta.label, 0))


class PasskeyHelper(WebAuthnHelper):  # type: ignore[misc]  # the library is untyped
    """django-otp-webauthn's ceremonies with Haven's naming and audit
    (settings.OTP_WEBAUTHN_HELPER_CLASS)."""

    def get_credential_name(self, user: User) -> str:
        return str(user.email)

    def get_credential_display_name(self, user: User) -> str:
        return str(user.full_name or user.email)

    def create_credential(self, user: User, *args: Any, **kwargs: Any) -> WebAuthnCredential:
        passkey: WebAuthnCredential = super().create_credential(user, *args, **kwargs)
        passkey.name = default_name(timezone.now())
        return passkey

    def register_complete(self, user: User, state: dict[str, Any], data: Any) -> Any:
        """The passkey, its attestation and the audit event are saved together.

        Audit: accounts.passkey_added (with the passkey's id)."""
        with transaction.atomic():
            passkey = super().register_complete(user=user, state=state, data=data)
            record(
                "accounts.passkey_added",
                actor=user,
                obj=passkey,
                context=AuditContext.of(self.request),
                data={"passkey": passkey.pk},
            )
        return passkey
