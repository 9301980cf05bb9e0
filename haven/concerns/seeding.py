"""Haven at scale, for benchmarks: a trust of schools with years of concerns, cases and audit log.

Made through Haven's own models and writers: schools, staff and roles through the schools services
(so their audit events are real), and the bulk (pupils, concerns, cases, chronology lines, audit
events) with `bulk_create`, where a service call per row would take hours. Narrative and titles are
encrypted as in real use (the encrypted fields encrypt in bulk too), and the seeded audit events
continue each school's hash chain exactly as `haven.audit.services.record` would, so
`verify_audit_chain` passes. Never for production (the command refuses there).
"""

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import TOTPDevice, User
from haven.audit.chain import hash_event
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.services import scope_for
from haven.cases.models import Case, CasePupil, CaseStatus, PupilRole
from haven.chronology.models import ChronologyEntry
from haven.concerns import rules
from haven.concerns.models import Concern, ConcernPupil, ConcernStatus
from haven.schools import services
from haven.schools.demo import FIRST_NAMES, LAST_NAMES
from haven.schools.models import Pupil, Role, School, SendStatus, Trust

BENCH_PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 (a published benchmark credential)
TRUST_SLUG = "scale-trust"
BATCH = 2000
YEARS_OF_RECORDS = 3


@dataclass(frozen=True)
class Size:
    schools: int
    concerns_per_school: int
    audit_events: int
    pupils_per_school: int = 600

    @property
    def cases_per_school(self) -> int:
        return max(1, self.concerns_per_school // 10)


PRESETS = {
    "small": Size(schools=3, concerns_per_school=200, audit_events=20_000, pupils_per_school=200),
    "trust": Size(schools=300, concerns_per_school=1000, audit_events=3_000_000),
    "national": Size(schools=3000, concerns_per_school=1000, audit_events=30_000_000),
}


@dataclass(frozen=True)
class BenchAccount:
    key: str  # dsl, teacher, head, trust_lead
    email: str
    full_name: str
    role: Role


BENCH_ACCOUNTS = [
    BenchAccount("dsl", "dsl@scale.example", "Dina Scale", Role.DSL),
    BenchAccount("head", "head@scale.example", "Hal Scale", Role.HEADTEACHER),
    BenchAccount("teacher", "teacher@scale.example", "Tia Scale", Role.STAFF),
    BenchAccount("trust_lead", "lead@scale.example", "Lee Scale", Role.TRUST_LEAD),
]


def bench_totp_secret_hex(email: str) -> str:
    import hashlib

    return hashlib.sha256(f"haven-bench-totp:{email}".encode()).hexdigest()[:40]


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    started: float = field(default_factory=time.monotonic)

    def add(self, kind: str, n: int) -> None:
        self.rows[kind] += n

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def rate(self) -> float:
        return self.total / max(time.monotonic() - self.started, 1e-9)


def is_seeded() -> bool:
    return User.objects.filter(email=BENCH_ACCOUNTS[0].email).exists()


def seed(size: Size, *, say: Callable[[str], None] = print, seed_value: int = 20) -> Counts:
    """Add `size.schools` schools to the scale trust, with everything in them."""
    counts = Counts()
    rng = random.Random(seed_value)  # noqa: S311 (made-up records, not security)
    trust = Trust.objects.filter(slug=TRUST_SLUG).first() or services.create_trust(
        actor=None, name="Scale Learning Trust", slug=TRUST_SLUG
    )
    first = School.objects.filter(trust=trust).count()
    events_per_school = size.audit_events // max(size.schools, 1)
    for n in range(first, first + size.schools):
        with transaction.atomic():
            school = services.create_school(
                actor=None, name=f"Scale School {n + 1}", slug=f"scale-{n:04d}", trust=trust
            )
            staff = _staff(school, trust, bench=(n == 0))
            pupils = _pupils(school, size.pupils_per_school, rng, counts)
            cases = _cases(school, size.cases_per_school, staff["dsl"], pupils, rng, counts)
            concerns = _concerns(school, size, staff["teacher"], pupils, cases, rng, counts)
            _audit(school, events_per_school, staff, pupils, concerns, cases, rng, counts)
        if (n - first + 1) % max(1, size.schools // 10) == 0 or n == first + size.schools - 1:
            say(
                f"  {n - first + 1}/{size.schools} schools, {counts.total:,} rows, "
                f"{counts.rate():,.0f} rows/s"
            )
    _analyze()
    return counts


def _analyze() -> None:
    """Fresh planner statistics: after a bulk load PostgreSQL still guesses the tables are tiny."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _staff(school: School, trust: Trust, *, bench: bool) -> dict[str, User]:
    """The school's DSL, head and a teacher (the first school's sign in for the benchmark)."""
    made = {}
    for account in BENCH_ACCOUNTS:
        if account.role == Role.TRUST_LEAD and not bench:
            continue
        email = account.email if bench else account.email.replace("@", f"+{school.slug}@")
        user = services.add_staff_member(
            actor=None,
            school=school,
            trust=trust,
            email=email,
            full_name=account.full_name,
            roles=[account.role],
            password=BENCH_PASSWORD if bench else None,
        )
        if bench:
            TOTPDevice.objects.get_or_create(
                user=user,
                confirmed=True,
                defaults={"name": "Bench", "secret_hex": bench_totp_secret_hex(email)},
            )
        made[account.key] = user
    return made


def _pupils(school: School, n: int, rng: random.Random, counts: Counts) -> list[Pupil]:
    years = services.ensure_year_groups(school, range(7, 12))
    pupils = []
    for i in range(n):
        year = 7 + i % 5
        pupil = Pupil(
            school=school,
            upn=f"S{school.pk:05d}{i:07d}"[:13],
            legal_first_name=rng.choice(FIRST_NAMES),
            legal_last_name=rng.choice(LAST_NAMES),
            date_of_birth=date(2026 - year - 5, rng.randint(1, 12), rng.randint(1, 28)),
            year_group=years[year],
            send=SendStatus.SUPPORT if i % 9 == 0 else SendStatus.NONE,
        )
        pupil.refresh_search_name()
        pupils.append(pupil)
    Pupil.objects.bulk_create(pupils, batch_size=BATCH)
    counts.add("pupils", len(pupils))
    return pupils


def _when(rng: random.Random) -> datetime:
    return timezone.now() - timedelta(seconds=rng.randint(60, YEARS_OF_RECORDS * 365 * 86400))


def _parts(rng: random.Random) -> list[str]:
    return [rng.choice([PupilRole.PICTURED, PupilRole.SENDER, PupilRole.RECIPIENT]).value]


def _cases(
    school: School,
    n: int,
    dsl: User,
    pupils: list[Pupil],
    rng: random.Random,
    counts: Counts,
) -> list[Case]:
    cases = []
    for i in range(n):
        closed = rng.random() < 0.7  # most cases of past years are closed
        opened = _when(rng)
        cases.append(
            Case(
                school=school,
                reference=f"C-S{school.pk:04d}{i:05d}",
                title=f"Image shared between pupils ({i + 1})",
                summary="Seeded for the benchmark: what the team knew when the case opened.",
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                opened_by=dsl,
                opened_at=opened,
                closed_at=opened + timedelta(days=14) if closed else None,
            )
        )
    Case.objects.bulk_create(cases, batch_size=BATCH)
    links = [
        CasePupil(case=case, pupil=pupil, roles=_parts(rng))
        for case in cases
        for pupil in rng.sample(pupils, k=min(len(pupils), rng.randint(1, 3)))
    ]
    CasePupil.objects.bulk_create(links, batch_size=BATCH)
    counts.add("cases", len(cases))
    counts.add("case pupils", len(links))
    return cases


def _reference(school: School, i: int) -> str:
    """A reference in the concern alphabet, unique per school and number."""
    alphabet, number = rules.REFERENCE_ALPHABET, school.pk * 100_000 + i
    letters = ""
    for _ in range(rules.REFERENCE_LENGTH + 1):
        number, digit = divmod(number, len(alphabet))
        letters = alphabet[digit] + letters
    return f"{rules.REFERENCE_PREFIX}{letters}"[:12]


def _concerns(
    school: School,
    size: Size,
    teacher: User,
    pupils: list[Pupil],
    cases: list[Case],
    rng: random.Random,
    counts: Counts,
) -> list[Concern]:
    concerns, links, lines = [], [], []
    for i in range(size.concerns_per_school):
        case = cases[i] if i < len(cases) else None
        if case is not None:
            status = ConcernStatus.IN_CASE
        else:
            roll = rng.random()
            status = (
                ConcernStatus.NEW
                if roll < 0.03
                else ConcernStatus.ACKNOWLEDGED
                if roll < 0.05
                else ConcernStatus.NO_FURTHER_ACTION
            )
        created = case.opened_at if case else _when(rng)
        concern = Concern(
            school=school,
            reference=_reference(school, i),
            status=status,
            reported_by=teacher,
            urgent=rng.random() < 0.1,
            narrative=(
                "A pupil told me a picture had been shared in a group chat and was upset. "
                "I said I would pass it on to the safeguarding team."
            ),
            platforms=["snapchat"],
            created_at=created,
            case=case,
        )
        concerns.append(concern)
        for pupil in rng.sample(pupils, k=min(len(pupils), rng.randint(1, 2))):
            links.append(ConcernPupil(concern=concern, pupil=pupil, roles=_parts(rng)))
            lines.append(
                ChronologyEntry(
                    school=school,
                    pupil=pupil,
                    occurred_at=created,
                    recorded_by=teacher,
                    kind="concern_recorded",
                    summary=f"Concern {concern.reference} recorded by staff",
                    case=case,
                    object_type="concerns.concern",
                    object_id=str(concern.pk),
                )
            )
    Concern.objects.bulk_create(concerns, batch_size=BATCH)
    ConcernPupil.objects.bulk_create(links, batch_size=BATCH)
    ChronologyEntry.objects.bulk_create(lines, batch_size=BATCH)
    counts.add("concerns", len(concerns))
    counts.add("concern pupils", len(links))
    counts.add("chronology lines", len(lines))
    return concerns


def _event_kinds(
    staff: dict[str, User], pupils: list[Pupil], concerns: list[Concern], cases: list[Case]
) -> Iterator[Callable[[random.Random], dict[str, Any]]]:
    """What a school's audit log holds, roughly as often as real use writes it."""

    def recorded(rng: random.Random) -> dict[str, Any]:
        concern = rng.choice(concerns)
        return {
            "action": "concerns.concern_recorded",
            "actor_id": staff["teacher"].pk,
            "object_type": "concerns.concern",
            "object_id": str(concern.pk),
            "data": {"reference": concern.reference, "source": "staff", "urgent": False},
        }

    def case_viewed(rng: random.Random) -> dict[str, Any]:
        case = rng.choice(cases)
        return {
            "action": "cases.case_viewed",
            "actor_id": staff["dsl"].pk,
            "object_type": "cases.case",
            "object_id": str(case.pk),
            "data": {"section": "detail"},
        }

    def case_step(rng: random.Random) -> dict[str, Any]:
        case = rng.choice(cases)
        return {
            "action": "cases.action_added",
            "actor_id": staff["dsl"].pk,
            "data": {"case": str(case.pk)},
        }

    def chronology(rng: random.Random) -> dict[str, Any]:
        return {
            "action": "chronology.viewed",
            "actor_id": staff["dsl"].pk,
            "pupil_id": rng.choice(pupils).pk,
        }

    def inbox(rng: random.Random) -> dict[str, Any]:
        return {"action": "concerns.inbox_viewed", "actor_id": staff["dsl"].pk, "data": {"page": 1}}

    weighted = [inbox] * 4 + [case_viewed] * 3 + [recorded, case_step, chronology]
    while True:
        yield from weighted


def _audit(
    school: School,
    n: int,
    staff: dict[str, User],
    pupils: list[Pupil],
    concerns: list[Concern],
    cases: list[Case],
    rng: random.Random,
    counts: Counts,
) -> None:
    """`n` events continuing the school's chain, oldest first, hashed as `record` hashes them."""
    head = ChainHead.objects.select_for_update().get(scope=scope_for(school.pk))
    start = timezone.now() - timedelta(days=YEARS_OF_RECORDS * 365)
    step = (timezone.now() - timedelta(minutes=5) - start) / max(n, 1)
    kinds = _event_kinds(staff, pupils, concerns, cases)
    batch: list[AuditEvent] = []
    sequence, previous = head.sequence, head.hash
    for i in range(n):
        sequence += 1
        fields = {"object_type": "", "object_id": "", "data": {}, **next(kinds)(rng)}
        event = AuditEvent(
            scope=head.scope,
            sequence=sequence,
            occurred_at=start + step * i,
            school_id=school.pk,
            ip_address="192.0.2.10",
            prev_hash=previous,
            **fields,
        )
        event.hash = previous = hash_event(event)
        batch.append(event)
        if len(batch) == BATCH:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    ChainHead.objects.filter(pk=head.pk).update(sequence=sequence, hash=previous)
    counts.add("audit events", n)
