"""The public pages' periodic jobs."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from haven.public.ratelimit import prune
from haven.system.schedule import every


@every(timedelta(hours=1))
@task
def prune_rate_limits() -> int:
    """Counts older than a day decide nothing any more (windows last an hour)."""
    return prune(before=timezone.now() - timedelta(days=1))
