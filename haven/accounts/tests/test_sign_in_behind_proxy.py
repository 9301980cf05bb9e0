"""Sign-in throttling keys on the real client, behind a proxy too: one guesser never locks out
someone else, and a school's shared address never locks out the whole staff room."""

import pytest
from django.test import Client

from conftest import PASSWORD
from haven.audit.models import AuditEvent

PROXY = "10.0.0.1"
GUESSER = "203.0.113.66"
DSL_AT_HOME = "198.51.100.7"
WRONG = "wrong-wrong-wrong"


@pytest.fixture
def behind_proxy(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.HAVEN_TRUSTED_PROXY_COUNT = 1
    # These tests are about the pause per account and address; the per-account slow-down
    # (test_slowdown.py) is kept out of their way.
    settings.HAVEN_SIGN_IN_SLOWDOWN_AFTER = 100


def via_proxy(client_address: str, forwarded: str | None = None) -> Client:
    """A browser at client_address whose requests reach Haven through the proxy, which appends
    the address it saw to whatever X-Forwarded-For the browser sent."""
    header = f"{forwarded}, {client_address}" if forwarded else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/account/sign-in/", {"username": email, "password": password})


def test_five_wrong_passwords_from_one_client_lock_only_that_client(cast, behind_proxy):
    guesser = via_proxy(GUESSER)
    answers = [sign_in(guesser, cast.dsl.email, WRONG).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert sign_in(guesser, cast.dsl.email).status_code == 429
    assert sign_in(via_proxy(DSL_AT_HOME), cast.dsl.email).status_code == 302


def test_the_guesser_cannot_dodge_the_lock_by_writing_the_forwarded_header(cast, behind_proxy):
    for n in range(5):
        sign_in(via_proxy(GUESSER, forwarded=f"192.0.2.{n}"), cast.dsl.email, WRONG)
    paused = sign_in(via_proxy(GUESSER, forwarded="192.0.2.99"), cast.dsl.email)
    assert paused.status_code == 429
    assert "Try again later" in paused.text


def test_the_guesser_cannot_lock_out_the_dsl_by_writing_the_dsls_address(cast, behind_proxy):
    for _ in range(6):
        sign_in(via_proxy(GUESSER, forwarded=DSL_AT_HOME), cast.dsl.email, WRONG)
    assert sign_in(via_proxy(DSL_AT_HOME), cast.dsl.email).status_code == 302


def test_staff_sharing_a_school_address_are_not_locked_out_by_one_of_them(cast, behind_proxy):
    school_network = Client(REMOTE_ADDR="192.0.2.200")  # no proxy: everyone has this address
    for _ in range(5):
        sign_in(school_network, cast.teacher.email, WRONG)
    assert sign_in(school_network, cast.teacher.email).status_code == 429
    for colleague in (cast.other_teacher, cast.dsl, cast.office):
        assert sign_in(Client(REMOTE_ADDR="192.0.2.200"), colleague.email).status_code == 302


def test_the_audit_records_the_clients_address_not_the_proxys(cast, behind_proxy):
    sign_in(via_proxy(DSL_AT_HOME, forwarded="192.0.2.1"), cast.dsl.email)
    event = AuditEvent.objects.get(action="accounts.signed_in", actor=cast.dsl)
    assert event.ip_address == DSL_AT_HOME
