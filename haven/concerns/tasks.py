"""Background work for concerns: delivering the outbox, and escalating unacknowledged alerts.

`deliver_outbox` is enqueued when a transaction that wrote to the outbox commits, and swept on a
schedule too, so a crash between saving and sending loses nothing. Both jobs are safe to run twice.
"""

from datetime import timedelta

from django.tasks import task

from haven.concerns.alerts import escalate_overdue
from haven.concerns.outbox import deliver_due
from haven.concerns.services import forget_held_receipt_codes
from haven.system.schedule import every

# The worker's clock ticks every 5 seconds, so a shorter interval would not run any sooner.
OUTBOX_SWEEP = timedelta(seconds=10)


@every(OUTBOX_SWEEP)
@task
def deliver_outbox() -> int:
    return deliver_due()


@every(timedelta(minutes=1))
@task
def escalate_alerts() -> int:
    return escalate_overdue()


@every(timedelta(minutes=5))
@task
def forget_receipt_codes() -> int:
    """A public report's code is held only until its receipt is shown, and never for long."""
    return forget_held_receipt_codes()
