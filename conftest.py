"""The shared cast for every test (STYLE.md): one school with each role, a second school
for isolation, a trust lead, two pupils. Built through the real services, as Haven builds them."""

import time
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from haven.accounts import mfa
from haven.accounts.models import TOTPDevice, User
from haven.schools import services
from haven.schools.models import Pupil, Role, School, SendStatus, Trust

PASSWORD = "correct-horse-battery-staple-42"


@dataclass
class Cast:
    trust: Trust
    school: School
    dsl: User
    deputy: User
    head: User
    teacher: User
    other_teacher: User
    office: User
    trust_lead: User
    school2: School
    dsl2: User
    teacher2: User
    pupil: Pupil
    pupil2: Pupil
    pupil_at_school2: Pupil

    def everyone(self) -> dict[str, User]:
        return {
            "dsl": self.dsl,
            "deputy": self.deputy,
            "head": self.head,
            "teacher": self.teacher,
            "other_teacher": self.other_teacher,
            "office": self.office,
            "trust_lead": self.trust_lead,
            "dsl2": self.dsl2,
            "teacher2": self.teacher2,
        }


def totp_secret_for(email: str) -> str:
    import hashlib

    return hashlib.sha256(f"test-totp:{email}".encode()).hexdigest()[:40]


def make_user(school: School | None, email: str, name: str, *roles: Role, trust=None) -> User:
    user = services.add_staff_member(
        actor=None,
        school=school,
        trust=trust,
        email=email,
        full_name=name,
        roles=list(roles),
        password=PASSWORD,
    )
    TOTPDevice.objects.create(
        user=user, name="Test app", confirmed=True, secret_hex=totp_secret_for(email)
    )
    return user


def make_pupil(school: School, upn: str, first: str, last: str, **extra) -> Pupil:
    year = services.ensure_year_groups(school, range(9, 10))[9]
    fields = {"date_of_birth": date(2012, 3, 4), "year_group": year, "send": SendStatus.NONE}
    fields.update(extra)
    return services.add_pupil(
        actor=None,
        school=school,
        upn=upn,
        legal_first_name=first,
        legal_last_name=last,
        **fields,
    )


def build_cast() -> Cast:
    """The cast, for fixtures of any scope (the database must be open)."""
    trust = services.create_trust(actor=None, name="Test Trust", slug="test-trust")
    school = services.create_school(actor=None, name="Elm School", slug="elm", trust=trust)
    school2 = services.create_school(actor=None, name="Birch School", slug="birch", trust=trust)
    return Cast(
        trust=trust,
        school=school,
        dsl=make_user(school, "dsl@elm.test", "Dina Lead", Role.DSL),
        deputy=make_user(school, "deputy@elm.test", "Derek Deputy", Role.DEPUTY_DSL),
        head=make_user(school, "head@elm.test", "Hana Head", Role.HEADTEACHER),
        teacher=make_user(school, "teacher@elm.test", "Tim Teacher", Role.STAFF),
        other_teacher=make_user(school, "other@elm.test", "Olga Other", Role.STAFF),
        office=make_user(school, "office@elm.test", "Omar Office", Role.SCHOOL_ADMIN),
        trust_lead=make_user(None, "lead@trust.test", "Tara Trust", Role.TRUST_LEAD, trust=trust),
        school2=school2,
        dsl2=make_user(school2, "dsl@birch.test", "Bea Birch", Role.DSL),
        teacher2=make_user(school2, "teacher@birch.test", "Bo Birch", Role.STAFF),
        pupil=make_pupil(school, "A123456789012", "Alex", "Morgan", preferred_first_name="Lex"),
        pupil2=make_pupil(school, "B123456789012", "Sam", "Jones"),
        pupil_at_school2=make_pupil(school2, "C123456789012", "Kit", "Taylor"),
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def signed_in_client(user: User) -> Client:
    """A test client signed in with both factors, as after a real sign-in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["haven_generation"] = user.session_generation
    session[mfa.SECOND_FACTOR_AT] = int(time.time())  # as the sign-in notes it
    session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in_client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database without the audit triggers: transactional tests empty every table
    between tests. haven/audit/tests/test_triggers.py installs them again where it checks them."""
    from django.db import connection

    from haven.audit import triggers

    with django_db_blocker.unblock():
        triggers.remove(connection)
