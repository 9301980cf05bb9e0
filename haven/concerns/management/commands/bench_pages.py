"""Time Haven's key pages from outside, each interleaved with the floor view, under gunicorn.

`make bench` runs this. It seeds the small preset if the benchmark trust is missing (`seed_scale`),
starts gunicorn with haven.bench_settings (Haven plus /bench/floor/, a bare view doing one indexed
query, and a header giving each answer's query count) on 127.0.0.1 against the same database, signs
in as the benchmark DSL, teacher, head and trust lead with both factors, and then, round by round,
times each page right after a request to the floor. It prints each page's p50 and p95, their ratio
to the floor's in the same run, and the queries the page made. A benchmark, never a timed test.
"""

import http.client
import math
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django_otp.oath import TOTP

from haven.cases.models import Case, CaseStatus
from haven.chronology.models import ChronologyEntry
from haven.concerns.seeding import BENCH_ACCOUNTS, BENCH_PASSWORD, bench_totp_secret_hex
from haven.schools.models import School

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POLL = re.compile(r'hx-get="(/concerns/inbox/\?[^"]*seen=[^"]+)"')
BENCH_SETTINGS = "haven.bench_settings"


class Browser:
    """One signed-in person: a kept-alive connection and the cookies Haven set."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
    ) -> tuple[int, str, dict[str, str], float]:
        sent = {"Host": "127.0.0.1", **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=data, headers=sent)
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        return response.status, text, dict(response.getheaders()), elapsed

    def get(self, path: str, **headers: str) -> tuple[int, str, dict[str, str], float]:
        return self.request("GET", path, None, **headers)

    def csrf(self, path: str) -> str:
        status, text, _headers, _t = self.get(path)
        found = CSRF.search(text)
        if status != 200 or not found:
            raise CommandError(f"No form at {path} (status {status}).")
        return found.group(1)

    def post(self, path: str, data: dict[str, Any]) -> tuple[int, str, dict[str, str], float]:
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.csrf(path)})

    def sign_in(self, email: str) -> None:
        status, *_ = self.post("/account/sign-in/", {"username": email, "password": BENCH_PASSWORD})
        code = TOTP(bytes.fromhex(bench_totp_secret_hex(email)), 30, 0, 6, 0).token()
        second, *_ = self.post("/account/sign-in/code/", {"code": f"{code:06d}"})
        if status != 302 or second != 302:
            raise CommandError(f"Could not sign in as {email} ({status}, {second}).")


@dataclass
class Timed:
    name: str
    who: str
    make: Callable[[], tuple[int, str, dict[str, str], float]]
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    queries: str = "?"
    statuses: set[int] = field(default_factory=set)
    prepare: Callable[[], None] | None = None  # run before each round's floor, untimed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Benchmark Haven's key pages against a floor view under gunicorn (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=40, help="Rounds per page.")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--preset", default="small", help="Seeded if the trust is missing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("bench_pages seeds made-up records: never in production.")
        call_command("seed_scale", preset=options["preset"], if_empty=True, stdout=self.stdout)
        server = self._serve(options["port"], options["workers"])
        try:
            pages = self._pages(options["port"])
            self._run(pages, options["requests"], options["port"])
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _serve(self, port: int, workers: int) -> subprocess.Popen[bytes]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "haven.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ]
        # Our own interpreter with fixed arguments: nothing from outside reaches the command line.
        server = subprocess.Popen(command, env=env, cwd=Path(settings.BASE_DIR))  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped at once: see its output above.")
            try:
                # The floor, not /health/: with no worker running, health answers 503.
                if Browser(port).get("/bench/floor/")[0] == 200:
                    return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not answer within 60 s.")

    def _pages(self, port: int) -> list[Timed]:
        people = {}
        for account in BENCH_ACCOUNTS:
            people[account.key] = Browser(port)
            people[account.key].sign_in(account.email)
        school = School.objects.get(slug="scale-0000")
        case = (
            Case.objects.filter(school=school, status=CaseStatus.OPEN)
            .annotate(n=Count("case_pupils"))
            .order_by("-n", "opened_at")
            .first()
        )
        busiest = (
            ChronologyEntry.objects.filter(school=school)
            .values("pupil_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if case is None or busiest is None:
            raise CommandError("The benchmark school has no open case or no chronology.")
        pupil = busiest["pupil_id"]
        dsl, teacher, head, lead = (people[k] for k in ("dsl", "teacher", "head", "trust_lead"))
        poll_url = ["/concerns/inbox/"]

        def seen_inbox() -> None:
            """The poll's URL as the inbox last drew it: nothing new since (the concern POST
            adds a concern every round, so it is read again each round, untimed)."""
            found = POLL.search(dsl.get("/concerns/inbox/")[1])
            if found:
                poll_url[0] = found.group(1).replace("&amp;", "&")

        anyone = Browser(port)
        concern_post = self._concern_post(teacher, school, pupil)

        def get(who: Browser, path: str, **headers: str) -> Callable[[], Any]:
            return lambda: who.get(path, **headers)

        background = {"HX-Request": "true", "X-Haven-Background": "1"}
        return [
            Timed("DSL inbox", "dsl", get(dsl, "/concerns/inbox/")),
            Timed(
                "inbox poll, nothing new",
                "dsl",
                lambda: dsl.get(poll_url[0], **background),
                prepare=seen_inbox,
            ),
            Timed("case list", "dsl", get(dsl, "/cases/")),
            Timed("case page", "dsl", get(dsl, f"/cases/{case.pk}/")),
            Timed("pupil chronology", "dsl", get(dsl, f"/pupils/{pupil}/")),
            Timed("who has seen this pupil", "dsl", get(dsl, f"/audit/pupil/{pupil}/")),
            Timed("DSL home", "dsl", get(dsl, "/account/home/")),
            Timed("teacher's own concerns", "teacher", get(teacher, "/concerns/mine/")),
            Timed("concern form", "teacher", get(teacher, "/concerns/new/")),
            Timed("concern POST", "teacher", concern_post),
            Timed("head home", "head", get(head, "/account/home/")),
            Timed("trust lead home", "trust lead", get(lead, "/account/home/")),
            Timed("public school page", "anyone", get(anyone, f"/s/{school.slug}/")),
            Timed("/health/", "anyone", get(anyone, "/health/")),
        ]

    def _concern_post(self, teacher: Browser, school: School, pupil: object) -> Callable[[], Any]:
        token = teacher.csrf("/concerns/new/")

        def post() -> tuple[int, str, dict[str, str], float]:
            data = {
                "csrfmiddlewaretoken": token,
                "submission_id": str(uuid.uuid4()),
                "school": str(school.pk),
                "pupil": [str(pupil)],
                f"role-{pupil}": "recipient",
                "narrative": "A pupil told me a picture was being passed round a group chat.",
                "urgent": "no",
                "platforms": ["snapchat"],
            }
            return teacher.request("POST", "/concerns/new/", data)

        return post

    def _run(self, pages: list[Timed], rounds: int, port: int) -> None:
        floor = Browser(port)
        for page in pages:  # warm up: caches, connections, compiled templates
            for _ in range(3):
                if page.prepare is not None:
                    page.prepare()
                floor.get("/bench/floor/")
                page.make()
        floor_all: list[float] = []
        for _ in range(rounds):
            for page in pages:
                if page.prepare is not None:
                    page.prepare()
                status, _text, _h, floor_time = floor.get("/bench/floor/")
                page.floors.append(floor_time)
                floor_all.append(floor_time)
                status, _text, headers, elapsed = page.make()
                page.statuses.add(status)
                page.times.append(elapsed)
                page.queries = headers.get("X-Haven-Queries", "?")
        floor_queries = floor.get("/bench/floor/")[2].get("X-Haven-Queries", "?")
        self._print(pages, floor_all, floor_queries, rounds)

    def _print(self, pages: list[Timed], floor: list[float], queries: str, rounds: int) -> None:
        f50, f95 = statistics.median(floor) * 1000, p95(floor) * 1000
        vendor = str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1]
        self.stdout.write(
            f"\n{rounds} requests per page, each after one to the floor; database: {vendor}\n"
        )
        self.stdout.write("| page | as | p50 ms | p95 ms | x floor p50 / p95 | queries | status |")
        self.stdout.write("| --- | --- | --- | --- | --- | --- | --- |")
        for page in pages:
            p50_ms, p95_ms = statistics.median(page.times) * 1000, p95(page.times) * 1000
            statuses = ",".join(str(s) for s in sorted(page.statuses))
            self.stdout.write(
                f"| {page.name} | {page.who} | {p50_ms:.1f} | {p95_ms:.1f} | "
                f"{p50_ms / f50:.1f} / {p95_ms / f95:.1f} | {page.queries} | {statuses} |"
            )
        self.stdout.write(f"| floor | anyone | {f50:.1f} | {f95:.1f} | 1 / 1 | {queries} | 200 |")
