"""Measure how long a new concern takes to reach the DSL as an alert, through a real worker.

Records concerns through the real service at a bench school (made if missing, or --school), with
`manage.py haven_worker` running as a separate process, and times each from the moment it is
saved to the moment the DSL's Alert row exists. The target is under 5 seconds: the worker polls
its queue every 0.5 s (--interval) and delivery is enqueued as the concern's transaction commits.
Concerns are spaced (--pause) so that each finds the worker idle, between two polls.
"""

import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import User
from haven.alerts.models import Alert
from haven.alerts.people import dsls_of
from haven.concerns.services import ConcernDetails, PupilInConcern, record_concern
from haven.schools import services as schools
from haven.schools.models import Pupil, Role, School
from haven.schools.parts import PupilRole
from haven.system.models import WorkerHeartbeat

BENCH_SLUG = "haven-bench"
POLL = 0.01


@dataclass(frozen=True)
class Bench:
    school: School
    dsl: User
    teacher: User
    pupil: Pupil


def bench_school() -> Bench:
    """A school of its own for the benchmark, so no real school's team is alerted."""
    school = School.objects.filter(slug=BENCH_SLUG).first() or schools.create_school(
        actor=None, name="Haven benchmark school", slug=BENCH_SLUG
    )
    people = {
        role: schools.add_staff_member(
            actor=None,
            school=school,
            email=f"bench-{role.value}@{BENCH_SLUG}.invalid",
            full_name=f"Benchmark {role.label}",
            roles=[role],
        )
        for role in (Role.DSL, Role.STAFF)
    }
    pupil = Pupil.objects.filter(school=school).first() or schools.add_pupil(
        actor=None,
        school=school,
        upn="BENCH00000001",
        legal_first_name="Bench",
        legal_last_name="Pupil",
        date_of_birth="2012-01-01",
    )
    return Bench(school, people[Role.DSL], people[Role.STAFF], pupil)


def existing_school(slug: str) -> Bench:
    school = School.objects.filter(slug=slug).first()
    dsl = dsls_of(school)[0] if school and dsls_of(school) else None
    teacher = User.objects.filter(
        memberships__school=school, memberships__role=Role.STAFF, is_active=True
    ).first()
    pupil = Pupil.objects.filter(school=school, on_roll=True).first()
    if school is None or dsl is None or teacher is None or pupil is None:
        raise CommandError(f"School {slug!r} needs a DSL, a member of staff and a pupil.")
    return Bench(school, dsl, teacher, pupil)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


class Command(BaseCommand):
    help = "Time from saving a concern to the DSL's alert, with a real worker process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=20, help="Concerns to record.")
        parser.add_argument("--school", default="", help="Slug of a school to use instead.")
        parser.add_argument("--interval", type=float, default=0.5, help="Worker poll interval.")
        parser.add_argument("--timeout", type=float, default=60.0, help="Give up after seconds.")
        parser.add_argument(
            "--pause",
            type=float,
            default=1.0,
            help="Seconds between concerns, so each one finds the worker idle (asleep between "
            "polls), as a real concern usually does. 0 measures back-to-back concerns.",
        )

    def handle(self, *args: Any, count: int, school: str, interval: float, **options: Any) -> None:
        if settings.PRODUCTION:
            # It records concerns and alerts a team: never against real children's records.
            raise CommandError("The benchmark never runs in production.")
        if count < 1:
            raise CommandError("--count must be at least 1")
        self.verbosity = int(options.get("verbosity", 1))
        bench = existing_school(school) if school else bench_school()
        with tempfile.TemporaryFile(mode="w+") as log:
            worker = self.start_worker(interval, log)
            try:
                self.wait_for_worker(worker, log, options["timeout"])
                latencies = []
                for _ in range(count):
                    time.sleep(options["pause"])
                    latencies.append(self.one(bench, worker, log, options["timeout"]))
            finally:
                self.stop_worker(worker)
        self.stdout.write(f"concerns: {count}")
        self.stdout.write(f"median alert latency: {statistics.median(latencies):.2f} s")
        self.stdout.write(f"p95 alert latency: {percentile(latencies, 0.95):.2f} s")

    def start_worker(self, interval: float, log: IO[str]) -> subprocess.Popen[bytes]:
        # The worker sends no real e-mail while benchmarking.
        env = {**os.environ, "HAVEN_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "haven_worker"]
        return subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py, fixed arguments)
            [*command, "--interval", str(interval)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    def wait_for_worker(
        self, worker: subprocess.Popen[bytes], log: IO[str], timeout: float
    ) -> None:
        deadline = time.monotonic() + timeout
        while not WorkerHeartbeat.objects.filter(pid=worker.pid).exists():
            self.check_alive(worker, log, deadline)
            time.sleep(0.05)

    def check_alive(self, worker: subprocess.Popen[bytes], log: IO[str], deadline: float) -> None:
        if worker.poll() is None and time.monotonic() < deadline:
            return
        log.seek(0)
        tail = log.read()[-2000:]
        raise CommandError(f"the worker stopped or did not answer in time:\n{tail}")

    def one(
        self, bench: Bench, worker: subprocess.Popen[bytes], log: IO[str], timeout: float
    ) -> float:
        started = time.monotonic()  # from the start of saving: includes the save itself
        concern = record_concern(
            actor=bench.teacher,
            school=bench.school,
            submission_id=uuid.uuid4(),
            details=ConcernDetails(narrative="Benchmark concern: no real child.", urgent=False),
            pupils=[PupilInConcern(bench.pupil, PupilRole.UNKNOWN)],
        ).concern
        alerted = Alert.objects.filter(concern=concern, recipient=bench.dsl)
        while not alerted.exists():
            self.check_alive(worker, log, started + timeout)
            time.sleep(POLL)
        latency = time.monotonic() - started
        if self.verbosity > 1:
            self.stdout.write(f"{concern.reference}: {latency:.3f} s")
        return latency

    def stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is not None:
            return
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
