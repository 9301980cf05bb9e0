"""Concerns' own background job: forgetting public reports' held receipt codes. Alerts' delivery
and escalation are haven.alerts.tasks."""

from datetime import timedelta

from django.tasks import task

from haven.concerns.services import forget_held_receipt_codes
from haven.system.schedule import every


@every(timedelta(minutes=5))
@task
def forget_receipt_codes() -> int:
    """A public report's code is held only until its receipt is shown, and never for long."""
    return forget_held_receipt_codes()
