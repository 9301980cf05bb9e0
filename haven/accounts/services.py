"""Changes to staff accounts: invitations and the two-person reset of a lost second factor.

Each takes the acting user, runs in one transaction and writes its audit event. A change the
rules do not allow raises AccountError, whose message the page shows as a form error.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from haven.accounts.models import (
    Invitation,
    MfaReset,
    MfaResetStatus,
    RecoveryCodeDevice,
    TOTPDevice,
    User,
    hash_token,
)
from haven.accounts.permissions import roles_at
from haven.accounts.rules import may_approve_mfa_reset, may_take_part_in_mfa_reset
from haven.audit.services import record
from haven.schools.models import Role, School, StaffMembership
from haven.schools.services import grant_roles

INVITATION_LIFETIME = timedelta(hours=72)
MFA_RESET_LIFETIME = timedelta(hours=72)


class AccountError(Exception):
    """A change to an account that the rules do not allow; the message says why."""


def end_sessions(user: User) -> None:
    """Every session of this user ends at its next request (IdleTimeoutMiddleware checks)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def remove_second_factor(user: User) -> int:
    """Remove the user's authenticator apps and recovery codes; return how many were removed."""
    apps, _ = TOTPDevice.objects.filter(user=user).delete()
    codes = int(RecoveryCodeDevice.objects.filter(user=user).count())
    RecoveryCodeDevice.objects.filter(user=user).delete()
    return int(apps) + codes


# --- Invitations --------------------------------------------------------------------------------


@transaction.atomic
def invite_staff_member(
    *,
    actor: User | None,
    school: School,
    email: str,
    full_name: str,
    roles: list[Role],
    job_title: str = "",
) -> tuple[User, Invitation | None]:
    """Give a person roles at the school and, unless they can already sign in, invite them.

    Someone already using Haven (at another school of the trust) just gains the roles. A former
    leaver starts again: their old password and authenticator no longer work.
    Audit: schools.role_granted per new role; accounts.invitation_created.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    elif not user.is_active:
        _restart_account(user, full_name=full_name)
    grant_roles(actor=actor, school=school, user=user, roles=roles, job_title=job_title)
    if user.is_active and user.has_usable_password():
        return user, None
    return user, _new_invitation(actor=actor, school=school, user=user)


def _restart_account(user: User, *, full_name: str) -> None:
    remove_second_factor(user)
    user.set_unusable_password()
    user.is_active = True
    user.deactivated_at = None
    user.full_name = full_name or user.full_name
    user.save(update_fields=["password", "is_active", "deactivated_at", "full_name"])
    end_sessions(user)


def _new_invitation(*, actor: User | None, school: School, user: User) -> Invitation:
    from haven.accounts.tasks import send_invitation  # the task module imports this one

    now = timezone.now()
    # One working link at a time: a new invitation replaces any earlier one.
    Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(revoked_at=now)
    invitation = Invitation.objects.create(school=school, user=user, invited_by=actor)
    record(
        "accounts.invitation_created",
        actor=actor,
        school=school,
        obj=invitation,
        data={"user": user.pk},
    )
    # Enqueued in this transaction: the task row is the outbox, so the e-mail is never lost.
    send_invitation.enqueue(str(invitation.pk))
    return invitation


@transaction.atomic
def invite_again(*, actor: User, school: School, user: User) -> Invitation:
    """A fresh link for someone who has not set their password yet. Audit: as invite."""
    if user.has_usable_password():
        raise AccountError(f"{user.full_name} has already set up their account.")
    return _new_invitation(actor=actor, school=school, user=user)


@transaction.atomic
def issue_invitation_token(invitation_id: str) -> tuple[Invitation, str] | None:
    """Make the link's token, keeping only its hash; None if the invitation is no longer pending.

    Run by the e-mail task. Running it again (a worker died before sending) makes a new token,
    so only the link in the newest e-mail works.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("user", "school")
        .filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .first()
    )
    if invitation is None:
        return None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    invitation.save(update_fields=["token_hash", "expires_at"])
    return invitation, token


def usable_invitation(token: str) -> Invitation | None:
    """The pending, unexpired invitation this token belongs to, or None (the same for unknown,
    used, replaced and expired links, so a link tells nobody anything)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("user", "school")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable(timezone.now()):
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str) -> User:
    """Set the password (already checked by Django's validators) and use up the link.

    Audit: accounts.invitation_accepted.
    """
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        raise AccountError("This link has already been used or is no longer valid.")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    record("accounts.invitation_accepted", actor=user, school=invitation.school, obj=invitation)
    return user


# --- Resetting a lost second factor -------------------------------------------------------------


def _check_may_take_part(actor: User, school: School) -> None:
    if not may_take_part_in_mfa_reset(roles_at(actor, school.pk)):
        raise AccountError("Only the school administrator, the DSL or the headteacher can do this.")


@transaction.atomic
def request_mfa_reset(*, actor: User, school: School, staff_member: User) -> MfaReset:
    """Ask for a colleague's authenticator app to be reset; someone else must agree.

    Audit: accounts.mfa_reset_requested.
    """
    _check_may_take_part(actor, school)
    if staff_member.pk == actor.pk:
        raise AccountError("You cannot ask for your own reset. Ask a colleague to ask for it.")
    if not roles_at(staff_member, school.pk):
        raise AccountError("Choose someone who works at this school.")
    if MfaReset.objects.filter(
        school=school, staff_member=staff_member, status=MfaResetStatus.PENDING
    ).exists():
        raise AccountError(f"A reset for {staff_member.full_name} is already waiting.")
    reset = MfaReset.objects.create(school=school, staff_member=staff_member, requested_by=actor)
    record(
        "accounts.mfa_reset_requested",
        actor=actor,
        school=school,
        obj=reset,
        data={"user": staff_member.pk},
    )
    return reset


@transaction.atomic
def approve_mfa_reset(*, actor: User, reset: MfaReset) -> int:
    """The second person agrees: remove the colleague's apps and recovery codes and end their
    sessions. Returns how many were removed. Audit: accounts.mfa_reset_approved."""
    reset = (
        MfaReset.objects.select_for_update()
        .select_related("school", "staff_member", "requested_by")
        .get(pk=reset.pk)
    )
    _check_pending(reset)
    if actor.pk == reset.staff_member_id:
        raise AccountError("You cannot agree to a reset of your own account.")
    if not may_approve_mfa_reset(
        requester_roles=roles_at(reset.requested_by, reset.school_id),
        approver_roles=roles_at(actor, reset.school_id),
        same_person=actor.pk == reset.requested_by_id,
    ):
        raise AccountError(_who_must_agree(reset, actor))
    removed = remove_second_factor(reset.staff_member)
    end_sessions(reset.staff_member)
    _decide(reset, actor, MfaResetStatus.DONE)
    record(
        "accounts.mfa_reset_approved",
        actor=actor,
        school=reset.school,
        obj=reset,
        data={"user": reset.staff_member_id, "removed": removed},
    )
    return removed


def _who_must_agree(reset: MfaReset, actor: User) -> str:
    if actor.pk == reset.requested_by_id:
        return "You asked for this reset, so someone else must agree to it."
    return (
        "A reset asked for by the administrator needs the DSL or headteacher to agree, and one "
        "asked for by the DSL or headteacher needs the administrator."
    )


def _check_pending(reset: MfaReset) -> None:
    if reset.status != MfaResetStatus.PENDING:
        raise AccountError("This reset has already been done or cancelled.")
    if timezone.now() - reset.requested_at > MFA_RESET_LIFETIME:
        raise AccountError("This reset was asked for more than 3 days ago. Ask for it again.")


def _decide(reset: MfaReset, actor: User, status: MfaResetStatus) -> None:
    reset.status = status
    reset.decided_by = actor
    reset.decided_at = timezone.now()
    reset.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def cancel_mfa_reset(*, actor: User, reset: MfaReset) -> None:
    """Anyone who may take part calls it off. Audit: accounts.mfa_reset_cancelled."""
    reset = MfaReset.objects.select_for_update().select_related("school").get(pk=reset.pk)
    _check_may_take_part(actor, reset.school)
    if reset.status != MfaResetStatus.PENDING:
        raise AccountError("This reset has already been done or cancelled.")
    _decide(reset, actor, MfaResetStatus.CANCELLED)
    record(
        "accounts.mfa_reset_cancelled",
        actor=actor,
        school=reset.school,
        obj=reset,
        data={"user": reset.staff_member_id},
    )


# --- Leavers ------------------------------------------------------------------------------------


@transaction.atomic
def deactivate_staff_member(*, actor: User, school: School, user: User) -> bool:
    """A leaver: their roles at this school stop, their sessions end and any invitation is
    withdrawn. Nothing is deleted, so what they recorded stays theirs. If they hold no role
    anywhere else, the account itself is closed (is_active off, deactivated_at set).
    Returns whether the account was closed. Audit: schools.staff_deactivated.
    """
    if user.pk == actor.pk:
        raise AccountError("You cannot deactivate yourself. Ask another administrator.")
    now = timezone.now()
    roles = StaffMembership.objects.filter(user=user, school=school, is_active=True)
    role_count = roles.update(is_active=False)
    Invitation.objects.filter(user=user, school=school, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    closed = not StaffMembership.objects.filter(user=user, is_active=True).exists()
    if closed:
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
    end_sessions(user)
    record(
        "schools.staff_deactivated",
        actor=actor,
        school=school,
        obj=user,
        data={"user": user.pk, "roles": role_count, "account_closed": closed},
    )
    return closed
