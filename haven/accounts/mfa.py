"""Second-factor rules: enrolling an authenticator app, recovery codes, and checking a code."""

import base64
import io
import secrets
from collections.abc import MutableMapping
from datetime import timedelta
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP

from haven.accounts.models import (
    RecoveryCode,
    RecoveryCodeDevice,
    TOTPDevice,
    User,
    hash_recovery_code,
)
from haven.audit.services import record

RECOVERY_CODE_COUNT = 10

# When the second factor was last given in this session (seconds since the epoch): exports ask
# for it again when it is older than FRESH_FOR (haven.accounts.decorators.fresh_second_factor).
SECOND_FACTOR_AT = "haven_second_factor_at"
FRESH_FOR = timedelta(minutes=15)


def note_second_factor(session: MutableMapping[str, Any]) -> None:
    """Remember that the second factor was given just now (each place Haven checks it)."""
    session[SECOND_FACTOR_AT] = int(timezone.now().timestamp())


def second_factor_is_fresh(session: MutableMapping[str, Any]) -> bool:
    given = session.get(SECOND_FACTOR_AT)
    if not isinstance(given, int):
        return False
    age = timezone.now().timestamp() - given
    return 0 <= age <= FRESH_FOR.total_seconds()


def confirmed_devices(user: User) -> list[TOTPDevice | RecoveryCodeDevice]:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *RecoveryCodeDevice.objects.filter(user=user, confirmed=True),
    ]


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made once: a reload shows the same QR code)."""
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False, secret_hex=secrets.token_hex(20)
        )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    secret = base64.b32encode(bytes.fromhex(device.secret_hex)).decode().rstrip("=")
    issuer = settings.OTP_TOTP_ISSUER
    label = f"{issuer}:{device.user.email}"
    return f"otpauth://totp/{label}?secret={secret}&issuer={issuer}&digits=6&period=30"


def manual_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(bytes.fromhex(device.secret_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now (used by the demo and the tests)."""
    totp = TOTP(bytes.fromhex(device.secret_hex), TOTPDevice.STEP, 0, TOTPDevice.DIGITS, 0)
    return f"{totp.token():06d}"


def new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def confirm_authenticator(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm the app and issue fresh recovery codes (returned once, stored only as hashes).

    Audit: accounts.mfa_enrolled.
    """
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    holder = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=holder, code_hash=hash_recovery_code(code)) for code in codes
    )
    record("accounts.mfa_enrolled", actor=user, data={"recovery_codes": len(codes)})
    return codes


def match_device(user: User, code: str) -> TOTPDevice | RecoveryCodeDevice | None:
    """The device that accepts this code, or None. Each code works once."""
    for device in confirmed_devices(user):
        if device.verify_token(code):
            return device
    return None
