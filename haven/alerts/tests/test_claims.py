"""A dead worker's outbox claims are released with its stale tasks, not held for CLAIM_FOR."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.alerts import outbox
from haven.alerts.models import Alert, OutboxMessage
from haven.alerts.tasks import deliver_outbox
from haven.concerns.tests.conftest import make_concern
from haven.system.clock import beat
from haven.system.models import WorkerHeartbeat
from haven.system.tasks import requeue_stale_tasks


def claimed_by(worker_id: str) -> None:
    OutboxMessage.objects.update(
        claimed_by=worker_id, claimed_until=timezone.now() + outbox.CLAIM_FOR
    )


def silent(worker_id: str) -> None:
    beat(worker_id, timezone.now())
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen_at=timezone.now() - timedelta(minutes=5)
    )


def test_the_reaper_releases_a_dead_workers_claims_with_its_task(cast):
    make_concern(cast)
    task = deliver_outbox.enqueue()  # the run the dead worker had started
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dead-worker"]
    )
    claimed_by("dead-worker")
    assert outbox.deliver_due() == 0  # held: nobody else may deliver it
    assert requeue_stale_tasks(older_than=timedelta(minutes=10)) == 1
    assert outbox.deliver_due() == 4  # at once, not two minutes later
    assert Alert.objects.count() == 3


def test_the_reaper_releases_the_claims_of_a_worker_that_stopped_beating(cast):
    make_concern(cast)
    silent("silent-worker")
    claimed_by("silent-worker")
    requeue_stale_tasks(older_than=timedelta(minutes=10))
    assert outbox.deliver_due() == 4


def test_the_reaper_leaves_a_live_workers_claims(cast):
    make_concern(cast)
    beat("live-worker", timezone.now())
    claimed_by("live-worker")
    requeue_stale_tasks(older_than=timedelta(minutes=10))
    assert outbox.deliver_due() == 0
    assert OutboxMessage.objects.get().claimed_by == "live-worker"


def test_a_claim_made_outside_a_worker_names_nobody_and_is_not_released_early(cast):
    make_concern(cast)
    claimed_by("")
    silent("")
    requeue_stale_tasks(older_than=timedelta(minutes=10))
    assert outbox.deliver_due() == 0
