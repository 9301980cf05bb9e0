"""Background work for accounts: the invitation e-mail; expiring resets nobody agreed to."""

from datetime import timedelta

from django.tasks import task

from haven.accounts import slowdown

# The e-mail jobs live in haven.accounts.emails; named here too so that jobs queued before they
# moved still find them.
from haven.accounts.emails import send_invitation, tell_of_sign_in_failures  # noqa: F401
from haven.accounts.resets import MFA_RESET

# The e-mail jobs live in haven.accounts.emails; named here too for jobs queued before they moved.
from haven.agreements.services import expire_overdue
from haven.system.schedule import every


@every(timedelta(hours=1))
@task
def expire_mfa_resets() -> int:
    """Resets nobody agreed to within their lifetime are marked expired. Returns how many."""
    return expire_overdue(MFA_RESET)


@every(timedelta(hours=1))
@task
def forget_quiet_sign_in_failures() -> int:
    """Counts of wrong passwords quiet for a day are forgotten. Returns how many."""
    return slowdown.prune()
