"""Fault injection: record concerns and public reports over HTTP while Haven's processes are killed.

A benchmark, not a test (docs/fault-injection.md). It makes a school of its own (`fault-<time>`)
with a DSL, teachers and a pupil, starts gunicorn (its own process group, as docs/deploy.md says a
supervisor must) and one `haven_worker`, and runs clients that behave like careful people: each
teacher records concerns through the staff form and each family sends reports through "let us
know", and whenever an answer does not come (a dropped connection, a 5xx, a timeout) sends the
same form again (the same submission id) until it sees a reference. Meanwhile, in rounds, it
kills a gunicorn worker, kills the gunicorn master with `kill -9` and then its group (what a
supervisor does), kills the worker, and cuts the database's connections (`pg_terminate_backend`
on PostgreSQL; on SQLite, which has no server, it holds the write lock for a few seconds). Then
it lets the worker catch up and counts:

- acknowledged but missing: a reference the client saw that the database does not hold;
- duplicates: one client's report saved more than once;
- unconfirmed: given up without a reference (the words would still be in the sender's browser);
- undelivered alerts: a saved concern the DSL has no alert for, and alert e-mails not sent;
- stuck tasks: tasks still running or waiting long after the worker caught up.

Never in production: it records made-up concerns and runs servers.
"""

import contextlib
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from haven.accounts.models import TOTPDevice
from haven.alerts.models import Alert, OutboxKind, OutboxMessage
from haven.concerns.management.commands.bench_pages import Browser
from haven.concerns.models import Concern
from haven.concerns.seeding import BENCH_PASSWORD, bench_totp_secret_hex
from haven.schools import services as schools
from haven.schools.models import Pupil, Role

REFERENCE = re.compile(r'data-testid="reference">(HV-[A-Z0-9]+)<')
FAULTS = ["gunicorn worker", "gunicorn master and group", "haven worker", "database"]
SETTLE_SECONDS = 120


@dataclass
class Sent:
    """One thing a client sent: what it typed (with a marker), and the reference it was shown."""

    kind: str
    marker: str
    submission_id: str
    reference: str = ""
    tries: int = 0
    started: float = 0.0


@dataclass
class Tally:
    sent: list[Sent] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


class Processes:
    """gunicorn in its own process group and one worker, each restarted as a supervisor would."""

    def __init__(self, port: int, workers: int, log: Path) -> None:
        self.port, self.workers, self.log = port, workers, log
        self.env = {
            **os.environ,
            "HAVEN_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # Each family's client writes its own address, as a proxy would.
            "HAVEN_CLIENT_IP_HEADERS": "X-Forwarded-For,REMOTE_ADDR",
        }
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        out = self.log.open("ab")
        # Our own interpreter with fixed arguments; start_new_session makes it a group leader.
        return subprocess.Popen(  # noqa: S603
            command,
            env=self.env,
            cwd=settings.BASE_DIR,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )

    def start_web(self) -> None:
        self.web = self._spawn([
            sys.executable, "-m", "gunicorn", "haven.wsgi:application",
            f"--workers={self.workers}", f"--bind=127.0.0.1:{self.port}",
            "--log-level=warning", "--timeout=30", "--graceful-timeout=5",
        ])  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise CommandError(f"gunicorn stopped at once: see {self.log}")
            try:
                if Browser(self.port).get("/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not answer within 60 s")

    def start_worker(self) -> None:
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        self.worker = self._spawn([sys.executable, manage, "haven_worker", "--interval", "0.2"])

    def kill_group(self, process: subprocess.Popen[bytes] | None) -> None:
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def gunicorn_children(self) -> list[int]:
        assert self.web is not None
        found = subprocess.run(  # noqa: S603
            ["/usr/bin/pgrep", "-P", str(self.web.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.web, self.worker):
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_group(process)


class Client(threading.Thread):
    """One teacher or one family sending one thing after another until told to stop."""

    def __init__(self, cmd: "Command", kind: str, number: int, email: str = "") -> None:
        super().__init__(daemon=True)
        self.cmd, self.kind, self.number, self.email = cmd, kind, number, email
        self.browser = Browser(cmd.port)
        self.signed_in = False

    def run(self) -> None:
        n = 0
        while not self.cmd.stopping.is_set():
            n += 1
            marker = f"fault-{self.kind}-{self.number}-{n}-{uuid.uuid4().hex[:8]}"
            sent = Sent(self.kind, marker, str(uuid.uuid4()), started=time.monotonic())
            with self.cmd.tally.lock:
                self.cmd.tally.sent.append(sent)
            self.until_acknowledged(sent)
            time.sleep(self.cmd.pause)

    def until_acknowledged(self, sent: Sent) -> None:
        deadline = time.monotonic() + self.cmd.give_up
        while time.monotonic() < deadline:
            sent.tries += 1
            try:
                reference = (
                    self.send_staff(sent) if self.kind == "staff" else self.send_public(sent)
                )
            except (OSError, CommandError, ValueError) as error:  # http.client errors are OSError
                self.cmd.tally.error(type(error).__name__)
                reference = ""
            if reference:
                sent.reference = reference
                return
            self.browser = self.fresh(self.browser)
            time.sleep(0.5)

    def fresh(self, old: Browser) -> Browser:
        browser = Browser(self.cmd.port)
        browser.cookies = old.cookies  # the same person, the same session, a new connection
        return browser

    def send_staff(self, sent: Sent) -> str:
        if not self.signed_in:
            self.browser.sign_in(self.email)
            self.signed_in = True
        token = self.browser.csrf("/concerns/new/")
        school, pupil = self.cmd.school, self.cmd.pupil
        status, _text, headers, _t = self.browser.request("POST", "/concerns/new/", {
            "csrfmiddlewaretoken": token, "submission_id": sent.submission_id,
            "school": str(school.pk), "pupil": [str(pupil.pk)], f"role-{pupil.pk}": "recipient",
            "narrative": f"A pupil told me a picture was being passed round. {sent.marker}",
            "urgent": "no", "platforms": ["snapchat"],
        })  # fmt: skip
        return self.follow(status, headers, "staff")

    def send_public(self, sent: Sent) -> str:
        path = f"/s/{self.cmd.school.slug}/let-us-know/"
        # A different family each time: the per-address limit is for floods from one sender.
        address = {"X-Forwarded-For": f"10.{self.number}.{len(self.cmd.tally.sent) % 250}.7"}
        status, text, _h, _t = self.browser.get(path, **address)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or not found:
            self.cmd.tally.error(f"public form {status}")
            return ""
        status, _text, headers, _t = self.browser.request("POST", path, {
            "csrfmiddlewaretoken": found.group(1), "submission_id": sent.submission_id,
            "what_happened": f"My son was sent a photo of a girl in his class. {sent.marker}",
            "contact": "none",
        }, **address)  # fmt: skip
        return self.follow(status, headers, "public", **address)

    def follow(self, status: int, headers: dict[str, str], kind: str, **extra: str) -> str:
        location = headers.get("Location", "")
        if status != 302 or "sign-in" in location:
            self.signed_in = self.signed_in and "sign-in" not in location
            self.cmd.tally.error(f"{kind} post {status}")
            return ""
        status, text, _h, _t = self.browser.get(location, **extra)
        found = REFERENCE.search(text)
        if status != 200 or not found:
            self.cmd.tally.error(f"{kind} receipt {status}")
            return ""
        return found.group(1)


class Command(BaseCommand):
    help = "Record concerns and public reports over HTTP while killing Haven's processes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=8, help="Faults, cycled through kinds.")
        parser.add_argument("--round-seconds", type=float, default=15.0)
        parser.add_argument("--teachers", type=int, default=3)
        parser.add_argument("--families", type=int, default=1)
        parser.add_argument("--port", type=int, default=8799)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--pause", type=float, default=0.2, help="Between one send and next.")
        parser.add_argument("--give-up", type=float, default=90.0, help="Seconds per send.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("fault_rounds records made-up concerns: never in production.")
        self.port, self.pause, self.give_up = options["port"], options["pause"], options["give_up"]
        self.stopping = threading.Event()
        self.tally = Tally()
        self.vendor = connection.vendor
        self.begun = timezone.now()
        staff = self.make_school(options["teachers"])
        log = Path(settings.BASE_DIR) / "var" / f"fault-{self.school.slug}.log"
        log.parent.mkdir(exist_ok=True)
        self.processes = Processes(self.port, options["web_workers"], log)
        faults: list[str] = []
        try:
            self.processes.start_web()
            self.processes.start_worker()
            clients = [Client(self, "staff", i, email) for i, email in enumerate(staff)]
            clients += [Client(self, "public", 100 + i) for i in range(options["families"])]
            for client in clients:
                client.start()
            for number in range(options["rounds"]):
                time.sleep(options["round_seconds"] / 2)
                faults.append(self.inject(FAULTS[number % len(FAULTS)]))
                time.sleep(options["round_seconds"] / 2)
            self.stopping.set()
            for client in clients:
                client.join(timeout=self.give_up + 30)
            self.settle()
        finally:
            self.stopping.set()
            self.processes.stop()
        self.report(faults, options, log)

    def make_school(self, teachers: int) -> list[str]:
        slug = f"fault-{int(time.time())}"
        self.school = schools.create_school(actor=None, name=f"Fault rounds {slug}", slug=slug)
        emails = [f"dsl@{slug}.invalid", *[f"t{i}@{slug}.invalid" for i in range(teachers)]]
        users = []
        for n, email in enumerate(emails):
            role = Role.DSL if n == 0 else Role.STAFF
            user = schools.add_staff_member(
                actor=None, school=self.school, email=email, full_name=f"Fault {role.label} {n}",
                roles=[role], password=BENCH_PASSWORD,
            )  # fmt: skip
            TOTPDevice.objects.create(
                user=user, confirmed=True, name="Fault", secret_hex=bench_totp_secret_hex(email)
            )
            users.append(user)
        self.dsl = users[0]
        self.pupil: Pupil = schools.add_pupil(
            actor=None, school=self.school, upn=f"F{int(time.time()) % 10**12:012d}",
            legal_first_name="Fault", legal_last_name="Pupil", date_of_birth="2012-01-01",
        )  # fmt: skip
        return emails[1:]

    def inject(self, fault: str) -> str:
        processes = self.processes
        if fault == "gunicorn worker":
            children = processes.gunicorn_children()
            if children:
                os.kill(children[0], signal.SIGKILL)  # the master starts another
        elif fault == "gunicorn master and group":
            assert processes.web is not None
            os.kill(processes.web.pid, signal.SIGKILL)  # its workers are orphaned, holding the port
            time.sleep(0.5)
            processes.kill_group(processes.web)  # the supervisor stops the whole group
            processes.start_web()
        elif fault == "haven worker":
            processes.kill_group(processes.worker)
            time.sleep(1)
            processes.start_worker()
        else:
            self.cut_database()
        self.stdout.write(f"{timezone.now():%H:%M:%S} fault: {fault}")
        return fault

    def cut_database(self) -> None:
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            return
        # SQLite has no connections to cut: hold the write lock, as a stalled disk would.
        held = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
        held.execute("BEGIN EXCLUSIVE")
        time.sleep(4)
        held.rollback()
        held.close()

    def saved(self) -> Any:
        return Concern.objects.filter(school=self.school)

    def settle(self) -> None:
        """Wait for the worker to deliver every alert (or SETTLE_SECONDS)."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            if (
                not self.saved().exclude(alerts__recipient=self.dsl).exists()
                and not (
                    OutboxMessage.objects.filter(concern__school=self.school, delivered_at=None)
                ).exists()
            ):
                return
            time.sleep(1)

    def report(self, faults: list[str], options: dict[str, Any], log: Path) -> None:
        sent = self.tally.sent
        acknowledged = {s.reference for s in sent if s.reference}
        concerns = list(self.saved().only("reference", "narrative", "created_at"))
        held = {c.reference for c in concerns}
        by_marker: dict[str, int] = {}
        for concern in concerns:
            found = re.search(r"fault-\S+", concern.narrative)
            if found:
                by_marker[found.group(0)] = by_marker.get(found.group(0), 0) + 1
        unconfirmed = [s for s in sent if not s.reference]
        latencies = self.latencies(concerns)
        stale = timezone.now() - timedelta(seconds=90)
        tasks = DBTaskResult.objects.filter(enqueued_at__lt=stale)
        figures = {
            "database": self.vendor,
            "rounds": f"{len(faults)} ({', '.join(sorted(set(faults)))})",
            "sent (staff / public)": f"{sum(s.kind == 'staff' for s in sent)} / "
            f"{sum(s.kind == 'public' for s in sent)}",
            "acknowledged": len(acknowledged),
            "saved": len(concerns),
            "acknowledged but missing": len(acknowledged - held),
            "duplicates": sum(n - 1 for n in by_marker.values()),
            "unconfirmed (gave up, words kept by the sender)": len(unconfirmed),
            "of those, in fact saved": sum(s.marker in by_marker for s in unconfirmed),
            "sends that needed more than one try": sum(s.tries > 1 for s in sent),
            "undelivered alerts": self.saved().exclude(alerts__recipient=self.dsl).count(),
            "alert e-mails not sent": OutboxMessage.objects.filter(
                kind=OutboxKind.ALERT_EMAIL, alert__school=self.school, delivered_at=None
            ).count(),
            "stuck tasks (running or waiting > 90 s)": tasks.filter(
                status__in=["RUNNING", "READY"], run_after__lt=stale
            ).count(),
            "failed tasks": DBTaskResult.objects.filter(
                status="FAILED", finished_at__gte=self.begun
            ).count(),
            "alert latency p50 / p95 s": self.spread(latencies),
            "client errors seen (and retried)": ", ".join(
                f"{k} {v}" for k, v in sorted(self.tally.errors.items())
            )
            or "none",
        }
        self.stdout.write(f"\nfault rounds against {self.school.slug}; log: {log}")
        self.stdout.write("| figure | value |\n| --- | --- |")
        for name, value in figures.items():
            self.stdout.write(f"| {name} | {value} |")

    def latencies(self, concerns: list[Concern]) -> list[float]:
        firsts = {
            a.concern_id: a.created_at
            for a in Alert.objects.filter(concern__in=concerns, recipient=self.dsl)
        }
        return [(firsts[c.pk] - c.created_at).total_seconds() for c in concerns if c.pk in firsts]

    @staticmethod
    def spread(values: list[float]) -> str:
        if not values:
            return "none"
        ordered = sorted(values)
        p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
        return f"{statistics.median(ordered):.2f} / {p95:.2f}"
