"""Joining a school from an invitation: the person sets their password (or, already using Haven,
accepts), the link is used up, and the invitation's roles are given (a safeguarding role waits
for a second person's agreement, `haven.schools.team`).

Here rather than in accounts because giving roles is the school's business: schools call
accounts, never the reverse."""

from django.db import transaction

from haven.accounts.models import (
    Invitation,
    User,
)
from haven.accounts.services import AccountError, can_sign_in, claim_invitation, restart_account
from haven.audit.services import record
from haven.schools.models import TeamChange
from haven.schools.team import give_roles_on_joining


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str) -> User:
    """Someone who cannot sign in yet (new to Haven, or a leaver coming back) sets their password
    (already checked by Django's validators), uses up the link and joins the school.

    A leaver's account starts again: their old password and authenticator no longer work.
    Audit: accounts.invitation_accepted (and accounts.account_restarted for a leaver).
    """
    claim_invitation(invitation)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    if can_sign_in(user):
        raise AccountError("You already have a Haven account. Sign in to accept the invitation.")
    if not user.is_active:
        restart_account(user, invitation=invitation)
    user.full_name = invitation.full_name or user.full_name
    user.set_password(password)
    user.save(update_fields=["password", "full_name"])
    record("accounts.invitation_accepted", actor=user, school=invitation.school, obj=invitation)
    _join(invitation, user)
    return user


@transaction.atomic
def join_school(*, actor: User, invitation: Invitation) -> TeamChange | None:
    """Someone who already uses Haven, signed in with both factors, accepts an invitation to
    another school: only now do they get its roles. Returns the change to the safeguarding team
    that now waits for agreement, if the invitation asked for a safeguarding role.
    Audit: accounts.invitation_accepted."""
    if actor.pk != invitation.user_id or not can_sign_in(actor):
        raise AccountError("This invitation is for someone else.")
    claim_invitation(invitation)
    record("accounts.invitation_accepted", actor=actor, school=invitation.school, obj=invitation)
    return _join(invitation, actor)


def _join(invitation: Invitation, user: User) -> TeamChange | None:
    return give_roles_on_joining(invitation=invitation, user=user)
