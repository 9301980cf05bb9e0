"""The e-mails staff accounts send, as worker jobs: the invitation link (its token made only when
it is sent, so the task queue never holds it) and the warning about many wrong passwords.

Kept apart from `services` and `slowdown`, which enqueue these jobs inside their transactions
(the task row is the outbox), so neither imports the other and nothing imports back.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Invitation, User, hash_token
from haven.schools.models import Role, School

INVITATION_LIFETIME = timedelta(hours=72)

logger = logging.getLogger(__name__)


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


@task
def send_invitation(invitation_id: str) -> bool:
    """E-mail the invitation link. The e-mail names only Haven and the school: nothing else
    about the school's records, in case it reaches the wrong inbox. Safe to run twice (the
    second e-mail's link replaces the first's)."""
    issued = issue_invitation_token(invitation_id)
    if issued is None:
        logger.info("invitation not pending invitation=%s", invitation_id)
        return False
    invitation, token = issued
    link = settings.HAVEN_BASE_URL + reverse("accounts:accept_invitation", args=[token])
    context = {"school": invitation.school.name, "link": link}
    send_mail(
        subject=f"You've been invited to Haven at {invitation.school.name}",
        message=render_to_string("accounts/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.user.email],
    )
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    logger.info("invitation sent invitation=%s", invitation_id)
    return True


def _told_at(school: School, holder: User) -> list[User]:
    """Who at a school hears of unusual sign-in failures on a colleague's account: its
    administrators, who run accounts, or where it has none (apart from the holder) its DSLs."""
    for role in (Role.SCHOOL_ADMIN, Role.DSL):
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__school=school,
                memberships__is_active=True,
                memberships__role=role,
            )
            .exclude(pk=holder.pk)
            .distinct()
            .order_by("pk")
        )
        if people:
            return people
    return []


@task
def tell_of_sign_in_failures(user_id: int, failures: int) -> int:
    """E-mail the account's holder, and their schools' administrators (or DSLs), that many wrong
    passwords were tried. Says who and how many, never from where. Returns how many were told;
    run twice, it tells them twice (a repeated warning does no harm)."""
    holder = User.objects.filter(pk=user_id, is_active=True).first()
    if holder is None:
        return 0
    context = {"name": holder.full_name, "failures": failures, "base_url": settings.HAVEN_BASE_URL}
    subject = "Haven: many wrong passwords were tried for a staff account"
    send_mail(
        subject=subject,
        message=render_to_string("accounts/emails/sign_in_failures_holder.txt", context),
        from_email=None,
        recipient_list=[holder.email],
    )
    told = 1
    schools = School.objects.filter(
        memberships__user=holder, memberships__is_active=True
    ).distinct()
    for school in schools.order_by("pk"):
        for person in _told_at(school, holder):
            send_mail(
                subject=subject,
                message=render_to_string(
                    "accounts/emails/sign_in_failures_school.txt",
                    context | {"school": school.name},
                ),
                from_email=None,
                recipient_list=[person.email],
            )
            told += 1
    logger.info("sign-in failures told user=%s people=%s", holder.pk, told)
    return told
