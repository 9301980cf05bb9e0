"""The audit app's periodic job: sign a checkpoint of each chain that has grown."""

from datetime import timedelta

from django.tasks import task

from haven.audit.checkpoints import Outcome, write_all
from haven.system.schedule import every


@every(timedelta(minutes=15))
@task
def write_audit_checkpoints() -> dict[str, int]:
    """Safe to run twice: a chain that has not grown since its last checkpoint is left alone."""
    results = write_all()
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return counts
