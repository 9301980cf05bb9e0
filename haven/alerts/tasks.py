"""Background work for alerts: delivering the outbox, and escalating unacknowledged concerns.

`deliver_outbox` is enqueued when a transaction that wrote to the outbox commits, and swept on a
schedule too, so a crash between saving and sending loses nothing. Both jobs are safe to run twice.
"""

from datetime import timedelta

from django.tasks import task

from haven.alerts.escalation import escalate_overdue
from haven.alerts.outbox import deliver_due
from haven.system.schedule import every
from haven.system.work import enqueue_unless_waiting

# The worker's clock ticks every 5 seconds, so a shorter interval would not run any sooner.
OUTBOX_SWEEP = timedelta(seconds=10)


@every(OUTBOX_SWEEP)
@task
def deliver_outbox() -> int:
    return deliver_due()


def request_delivery() -> None:
    """Ask a worker to deliver the outbox now: one waiting delivery at a time, however many
    changes ask (every run delivers the whole outbox, so one more waiting run adds nothing)."""
    enqueue_unless_waiting(deliver_outbox)


@every(timedelta(minutes=1))
@task
def escalate_alerts() -> int:
    escalated = escalate_overdue()
    if escalated:
        request_delivery()  # the escalation e-mails, now rather than at the next sweep
    return escalated
