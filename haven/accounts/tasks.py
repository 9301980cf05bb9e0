"""Background work for accounts: the invitation e-mail; expiring resets nobody agreed to."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from haven.accounts import slowdown
from haven.accounts.models import Invitation, User
from haven.accounts.resets import MFA_RESET
from haven.accounts.services import issue_invitation_token
from haven.agreements.services import expire_overdue
from haven.schools.models import Role, School
from haven.system.schedule import every

logger = logging.getLogger(__name__)


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


@every(timedelta(hours=1))
@task
def expire_mfa_resets() -> int:
    """Resets nobody agreed to within their lifetime are marked expired. Returns how many."""
    return expire_overdue(MFA_RESET)


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


@every(timedelta(hours=1))
@task
def forget_quiet_sign_in_failures() -> int:
    """Counts of wrong passwords quiet for a day are forgotten. Returns how many."""
    return slowdown.prune()
