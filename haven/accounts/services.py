"""Changes to staff accounts: invitations and the sessions and second factors they hold.
(Leavers are haven.schools.team; the two-person reset of a lost second factor is
haven.accounts.resets.)

Each takes the acting user, runs in one transaction and writes its audit event. A change the
rules do not allow raises AccountError, whose message the page shows as a form error.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from haven.accounts import passkeys
from haven.accounts.emails import send_invitation
from haven.accounts.models import (
    Invitation,
    RecoveryCodeDevice,
    TOTPDevice,
    User,
    hash_token,
)
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.schools.models import Role, School, StaffMembership


class AccountError(Refused):
    """A change to an account that the rules do not allow; the message says why."""


def end_sessions(user: User) -> None:
    """Every session of this user ends at its next request (IdleTimeoutMiddleware checks)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def remove_second_factor(user: User) -> int:
    """Remove the user's authenticator apps, passkeys and recovery codes; return how many were
    removed."""
    apps, _ = TOTPDevice.objects.filter(user=user).delete()
    codes = int(RecoveryCodeDevice.objects.filter(user=user).count())
    RecoveryCodeDevice.objects.filter(user=user).delete()
    return int(apps) + passkeys.remove_all(user) + codes


# --- Invitations --------------------------------------------------------------------------------

ALREADY_HERE = (
    "Someone with this e-mail address already works at this school. To change their roles, "
    "open their page from the staff list."
)


def can_sign_in(user: User) -> bool:
    return bool(user.is_active and user.has_usable_password())


@transaction.atomic
def invite_staff_member(
    *,
    actor: User | None,
    school: School,
    email: str,
    full_name: str,
    roles: list[Role],
    job_title: str = "",
) -> tuple[User, Invitation]:
    """Invite a person to join the school with these roles. Nothing changes for anyone until
    they accept: the roles take effect then (accept_invitation, join_school), and a safeguarding
    role then also waits for a DSL or headteacher to agree (haven.schools.team).

    The same happens whether or not the address already has a Haven account (an account that
    cannot sign in yet is made for a new address), so the administrator learns nothing about
    anyone from it; the school's pages show the name they typed until the person accepts.
    Audit: accounts.invitation_created (with the roles asked for).
    """
    if not roles:
        raise AccountError("Choose at least one role.")
    if Role.TRUST_LEAD in roles:
        raise AccountError("A trust lead is set up by the trust, not by a school.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    elif StaffMembership.objects.filter(user=user, school=school, is_active=True).exists():
        # The administrator already sees this person on the staff list: nothing to hide here.
        raise AccountError(ALREADY_HERE)
    invitation = _new_invitation(
        actor=actor,
        school=school,
        user=user,
        full_name=full_name,
        job_title=job_title,
        roles=[Role(role).value for role in roles],
    )
    return user, invitation


def _new_invitation(
    *,
    actor: User | None,
    school: School,
    user: User,
    full_name: str,
    job_title: str = "",
    roles: list[str] | None = None,
) -> Invitation:
    now = timezone.now()
    # One working link per person per school: a new invitation replaces this school's earlier
    # one. Another school's invitation is left alone (this school may not know of it).
    Invitation.objects.filter(user=user, school=school, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        school=school,
        user=user,
        invited_by=actor,
        full_name=full_name,
        job_title=job_title,
        roles=roles or [],
    )
    record(
        "accounts.invitation_created",
        actor=actor,
        school=school,
        obj=invitation,
        data={"user": user.pk, "roles": invitation.roles},
    )
    # Enqueued in this transaction: the task row is the outbox, so the e-mail is never lost.
    send_invitation.enqueue(str(invitation.pk))
    return invitation


@transaction.atomic
def invite_again(*, actor: User, school: School, user: User) -> Invitation:
    """A fresh link for a member of staff who holds roles here but has not set their password
    yet. Audit: as invite."""
    if user.has_usable_password():
        raise AccountError(f"{user.full_name} has already set up their account.")
    return _new_invitation(actor=actor, school=school, user=user, full_name=user.full_name)


@transaction.atomic
def send_invitation_again(*, actor: User, invitation: Invitation) -> Invitation:
    """A fresh link, with the same roles, for an invitation not yet accepted; the old link stops
    working. Audit: accounts.invitation_created."""
    invitation = _pending(invitation)
    return _new_invitation(
        actor=actor,
        school=invitation.school,
        user=invitation.user,
        full_name=invitation.full_name,
        job_title=invitation.job_title,
        roles=list(invitation.roles),
    )


@transaction.atomic
def withdraw_invitation(*, actor: User, invitation: Invitation) -> None:
    """The administrator takes an invitation back; its link stops working.
    Audit: accounts.invitation_withdrawn."""
    _revoke(_pending(invitation), "accounts.invitation_withdrawn", actor)


def _pending(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update()
        .select_related("school", "user")
        .filter(pk=invitation.pk, accepted_at=None, revoked_at=None)
        .first()
    )
    if locked is None:
        raise AccountError("This invitation has already been accepted or withdrawn.")
    return locked


def _revoke(invitation: Invitation, action: str, actor: User | None) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(action, actor=actor, school=invitation.school, obj=invitation)


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
def decline_invitation(*, actor: User, invitation: Invitation) -> None:
    """Someone who already uses Haven says no. Audit: accounts.invitation_declined."""
    if actor.pk != invitation.user_id:
        raise AccountError("This invitation is for someone else.")
    _revoke(_pending(invitation), "accounts.invitation_declined", actor)


def claim_invitation(invitation: Invitation) -> None:
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        raise AccountError("This link has already been used or is no longer valid.")


def restart_account(user: User, *, invitation: Invitation) -> None:
    """A leaver comes back: none of their old sign-in works.

    Audit: accounts.account_restarted."""
    removed = remove_second_factor(user)
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    end_sessions(user)
    record(
        "accounts.account_restarted",
        actor=user,
        school=invitation.school,
        obj=user,
        data={"user": user.pk, "invitation": str(invitation.pk), "removed": removed},
    )
