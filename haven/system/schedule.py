"""Periodic jobs: what runs every few minutes without anyone asking (escalations, reaping, sweeps).

Apps register jobs with `every(...)`. Each worker ticks the schedule between tasks; a job's run
for a time slot is claimed through a unique row, so with several workers it is enqueued once.
Every job must be safe to run twice. Jobs are enqueued at `CLOCK_PRIORITY`, so they run before a
backlog of other tasks, and not again while a run of the same job is still waiting.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.tasks import Task

from haven.system.models import ScheduledRun
from haven.system.work import CLOCK_PRIORITY, enqueue_unless_waiting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    task: Task[[], Any]


_jobs: dict[str, Job] = {}


def every(interval: timedelta) -> Callable[[Task[[], Any]], Task[[], Any]]:
    """Register a task (taking no arguments) to be enqueued once every interval."""

    def register(task: Task[[], Any]) -> Task[[], Any]:
        _jobs[task.module_path] = Job(name=task.module_path, interval=interval, task=task)
        return task

    return register


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def slot_for(now: datetime, interval: timedelta) -> datetime:
    """The start of the interval that now falls in, counted from the Unix epoch."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    seconds = int(interval.total_seconds())
    elapsed = int((now - epoch).total_seconds())
    return epoch + timedelta(seconds=elapsed - elapsed % seconds)


def tick(now: datetime) -> list[str]:
    """Enqueue each job whose current slot has not been claimed yet (unless a run of it is still
    waiting); return the names enqueued."""
    enqueued = []
    for job in registered_jobs():
        slot = slot_for(now, job.interval)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                fresh = enqueue_unless_waiting(job.task, priority=CLOCK_PRIORITY)
        except IntegrityError:
            continue  # another worker claimed this slot first
        if not fresh:
            continue  # the last slot's run has not started yet: one waiting run is enough
        enqueued.append(job.name)
        logger.debug("scheduled job=%s slot=%s", job.name, slot.isoformat())
    return enqueued
