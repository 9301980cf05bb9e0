from datetime import timedelta

import pytest
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.system import schedule
from haven.system.clock import beat
from haven.system.models import ScheduledRun
from haven.system.tasks import requeue_stale_tasks

pytestmark = pytest.mark.django_db


def test_health_is_degraded_when_no_worker_has_been_seen(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["worker"] == "not seen in the last minute"


def test_health_is_ok_when_a_worker_beat_recently(client):
    beat("worker-1", timezone.now())
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@task
def noop() -> None:
    return None


def test_a_scheduled_job_is_enqueued_once_per_slot_however_many_workers_tick(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.every(timedelta(minutes=5))(noop)
    now = timezone.now()
    first = schedule.tick(now)
    second = schedule.tick(now)
    assert first == [noop.module_path]
    assert second == []
    assert ScheduledRun.objects.filter(job=noop.module_path).count() == 1


def test_the_reaper_returns_a_dead_workers_task_to_the_queue():
    result = noop.enqueue()
    stale = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(id=result.id).update(status="RUNNING", started_at=stale)
    assert requeue_stale_tasks(older_than=timedelta(minutes=10)) == 1
    assert DBTaskResult.objects.get(id=result.id).status == "READY"


def test_the_reaper_leaves_a_long_task_whose_worker_is_still_alive():
    result = noop.enqueue()
    stale = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING", started_at=stale, worker_ids=["live-worker"]
    )
    beat("live-worker", timezone.now())
    assert requeue_stale_tasks(older_than=timedelta(minutes=10)) == 0
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"


def test_the_reaper_leaves_a_task_that_is_still_running_recently():
    result = noop.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(status="RUNNING", started_at=timezone.now())
    assert requeue_stale_tasks(older_than=timedelta(minutes=10)) == 0
