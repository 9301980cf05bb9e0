"""The demo trust: two schools, every role, 200 pupils. For trying Haven, never for production.

Idempotent: running it again changes nothing that exists. Demo secrets are derived from the e-mail
address so that they can be printed again on every run.
"""

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from haven.accounts.models import TOTPDevice, User
from haven.schools import services
from haven.schools.models import Pupil, Role, School, SendStatus, Trust

DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 (a published demo credential)
PUPILS_PER_SCHOOL = 100

FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harry", "Isla", "Jay", "Kai", "Lily",
    "Mo", "Nia", "Oscar", "Priya", "Quinn", "Ruby", "Sam", "Tara", "Umar", "Violet", "Wes", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quinn", "Roberts", "Smith", "Taylor",
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    school_slug: str | None


ACCOUNTS = [
    DemoAccount("dsl@oakfield.example", "Dana Shah", (Role.DSL,), "oakfield"),
    DemoAccount("deputy@oakfield.example", "Dev Patel", (Role.DEPUTY_DSL,), "oakfield"),
    DemoAccount("head@oakfield.example", "Helen Ward", (Role.HEADTEACHER,), "oakfield"),
    DemoAccount("teacher@oakfield.example", "Tom Reed", (Role.STAFF,), "oakfield"),
    DemoAccount("teacher2@oakfield.example", "Tess Okafor", (Role.STAFF,), "oakfield"),
    DemoAccount("office@oakfield.example", "Olivia Grant", (Role.SCHOOL_ADMIN,), "oakfield"),
    DemoAccount("pshe@oakfield.example", "Paula Quinn", (Role.PSHE_LEAD, Role.STAFF), "oakfield"),
    DemoAccount("dsl@riverside.example", "Rita Lowe", (Role.DSL, Role.HEADTEACHER), "riverside"),
    DemoAccount("teacher@riverside.example", "Ravi Nair", (Role.STAFF,), "riverside"),
    DemoAccount("lead@trust.example", "Tariq Lyons", (Role.TRUST_LEAD,), None),
]


def demo_totp_secret_hex(email: str) -> str:
    return hashlib.sha256(f"haven-demo-totp:{email}".encode()).hexdigest()[:40]


def base32(secret_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(secret_hex)).decode().rstrip("=")


def _ensure_totp(user: User) -> None:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user,
            name="Demo authenticator",
            confirmed=True,
            secret_hex=demo_totp_secret_hex(user.email),
        )


def _ensure_pupils(school: School, seed: int) -> None:
    if school.pupils.exists():
        return
    rng = random.Random(seed)  # noqa: S311 (demo names, not security)
    years = services.ensure_year_groups(school, range(7, 12))
    for n in range(PUPILS_PER_SCHOOL):
        year = 7 + n % 5
        born = date(2026 - year - 5, rng.randint(1, 12), rng.randint(1, 28))
        services.add_pupil(
            actor=None,
            school=school,
            upn=f"D{seed:02d}{n:010d}"[:13],
            legal_first_name=rng.choice(FIRST_NAMES),
            legal_last_name=rng.choice(LAST_NAMES),
            date_of_birth=born,
            year_group=years[year],
            gender=rng.choice(["Female", "Male", "Non-binary"]),
            send=SendStatus.SUPPORT if n % 9 == 0 else SendStatus.NONE,
            has_social_worker=n % 17 == 0,
        )


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    trust = Trust.objects.filter(slug="demo-trust").first() or services.create_trust(
        actor=None, name="Demo Learning Trust", slug="demo-trust"
    )
    schools = {}
    for seed, (slug, name) in enumerate(
        [("oakfield", "Oakfield Academy"), ("riverside", "Riverside School")], start=1
    ):
        schools[slug] = School.objects.filter(slug=slug).first() or services.create_school(
            actor=None, name=name, slug=slug, trust=trust
        )
        _ensure_pupils(schools[slug], seed)
    for account in ACCOUNTS:
        user = services.add_staff_member(
            actor=None,
            school=schools.get(account.school_slug or ""),
            trust=trust,
            email=account.email,
            full_name=account.full_name,
            roles=list(account.roles),
            password=DEMO_PASSWORD,
        )
        _ensure_totp(user)
    return ACCOUNTS


def pupil_count() -> int:
    return Pupil.objects.filter(school__slug__in=["oakfield", "riverside"]).count()
