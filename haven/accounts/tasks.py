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

from haven.accounts.models import Invitation
from haven.accounts.resets import MFA_RESET
from haven.accounts.services import issue_invitation_token
from haven.agreements.services import expire_overdue
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
