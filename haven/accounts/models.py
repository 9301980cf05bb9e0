import hashlib
import hmac
import time
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import PermissionsMixin
from django.db import models, transaction
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin
from django_otp.oath import TOTP

from haven.agreements.models import TwoPersonAgreement
from haven.lib.encryption import EncryptedTextField
from haven.schools.models import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff at one or more schools, or a trust's central lead.

    Leavers are deactivated, never deleted, so what they recorded stays attributed to them.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Bumped by "sign out everywhere": sessions that carry an older value end at their next request.
    session_generation = models.PositiveIntegerField(default=0)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class TOTPDevice(ThrottlingMixin, Device):
    """An authenticator app. Its secret is encrypted at rest (django-otp keeps it in clear)."""

    # django-otp identifies devices by an integer id; the uid binds the encrypted secret to its row.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret_hex = EncryptedTextField(row_key="uid")
    last_t = models.BigIntegerField(default=-1)
    drift = models.SmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    STEP = 30
    DIGITS = 6
    TOLERANCE = 1

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    def get_throttle_factor(self) -> int:
        return 1

    def totp(self) -> TOTP:
        totp = TOTP(bytes.fromhex(self.secret_hex), self.STEP, 0, self.DIGITS, self.drift)
        totp.time = time.time()
        return totp

    def verify_token(self, token: object) -> bool:
        """True once per code: the row is locked so a code cannot be used twice, even at once."""
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.pk)
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                return False
            try:
                code = int(str(token).strip())
            except ValueError:
                code = -1
            totp = device.totp()
            if code >= 0 and totp.verify(code, self.TOLERANCE, device.last_t + 1):
                device.last_t = totp.t()
                device.drift = totp.drift
                device.throttle_reset(commit=False)
                device.save()
                self.last_t, self.drift = device.last_t, device.drift
                return True
            device.throttle_increment(commit=True)
            return False


def normalise_recovery_code(code: str) -> str:
    return code.replace("-", "").replace(" ", "").lower()


def hash_recovery_code(code: str) -> str:
    """A salted, slow hash (Django's password hasher), so the stored codes do not depend on
    SECRET_KEY: rotating it leaves everyone's recovery codes working."""
    return make_password(normalise_recovery_code(code))


def recovery_code_matches(code: str, code_hash: str) -> bool:
    normalised = normalise_recovery_code(code)
    if "$" not in code_hash:
        # Made before codes were hashed with make_password: an HMAC keyed with SECRET_KEY. They
        # keep working (until SECRET_KEY changes) so nobody is locked out; new codes never are.
        legacy = hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256)
        return hmac.compare_digest(legacy.hexdigest(), code_hash)
    return check_password(normalised, code_hash)


def looks_like_recovery_code(code: str) -> bool:
    """Recovery codes are 10 hex digits; checking a 6-digit app code against each slow hash
    would only waste time."""
    normalised = normalise_recovery_code(code)
    return len(normalised) == 10 and all(c in "0123456789abcdef" for c in normalised)


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """One-time recovery codes, stored as salted hashes; each works once."""

    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: object) -> bool:
        """True once per code: the device row is locked while its codes are checked, so the same
        code presented twice at once is used once."""
        code = str(token)
        if not looks_like_recovery_code(code):
            return False
        with transaction.atomic():
            device = RecoveryCodeDevice.objects.select_for_update().get(pk=self.pk)
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                return False
            unused = device.codes.filter(used_at__isnull=True)
            match = next((c for c in unused if recovery_code_matches(code, c.code_hash)), None)
            used = match is not None and RecoveryCode.objects.filter(
                pk=match.pk, used_at__isnull=True
            ).update(used_at=timezone.now())
            if used:
                device.throttle_reset(commit=True)
                return True
            device.throttle_increment(commit=True)
            return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk}"


class Invitation(models.Model):
    """A single-use, expiring link to join a school in Haven, with the roles to be given there.

    Someone new (or a leaver coming back) sets a password with it; someone who already uses Haven
    signs in with both factors and accepts. Either way the roles take effect only on acceptance.

    Only a hash of the token is kept: the token itself exists in the e-mail and nowhere else, so
    reading the database does not give anyone a way in. The token is made when the e-mail is sent
    (haven.accounts.emails.send_invitation), so it is never in the task queue either.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations")
    # What the administrator typed and chose. The roles take effect only when the person accepts,
    # and the school's pages show this name (never the account's own) until then, so inviting an
    # address tells the administrator nothing about whether it already has a Haven account.
    full_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    roles = models.JSONField(default=list, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    def is_usable(self, now: Any) -> bool:
        return self.is_pending and self.expires_at is not None and now < self.expires_at

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]


class SignInFailures(models.Model):
    """Wrong passwords for one account name, from anywhere, since the last right one (or the last
    quiet day): what slows guessing spread over many addresses (haven.accounts.slowdown).

    Names that belong to nobody are counted the same way, so the slow-down never tells a guesser
    which addresses have accounts; the name is kept only as a keyed digest.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    # When the account's holder and their school were told of this spell of failures.
    reported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sign-in failures {self.pk}"


def hash_token(token: str) -> str:
    """Invitation tokens carry 256 random bits, so a plain SHA-256 is enough to keep them safe."""
    return hashlib.sha256(token.encode()).hexdigest()


class MfaReset(TwoPersonAgreement):
    """Removing a colleague's authenticator app and recovery codes (they lost their phone).

    A two-person act (haven.accounts.resets): one side asks, the other agrees, because a reset
    lets whoever knows the password set up a new app.
    """

    staff_member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta(TwoPersonAgreement.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["school", "staff_member"],
                condition=models.Q(status="pending"),
                name="one_pending_mfa_reset",
            )
        ]

    def __str__(self) -> str:
        return f"MFA reset {self.pk}"
