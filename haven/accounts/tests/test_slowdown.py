"""Guessing spread over many addresses is slowed per account, and nobody is ever locked out.

The wait is a refusal ("try again in N seconds"), not a sleep, so these tests move the clock by
passing `now` or by moving the last failure back, and never wait."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from haven.accounts import slowdown
from haven.accounts.emails import tell_of_sign_in_failures
from haven.accounts.models import SignInFailures
from haven.accounts.rules import sign_in_failures_are_unusual, sign_in_wait_seconds
from haven.accounts.tasks import forget_quiet_sign_in_failures
from haven.accounts.tests.test_sign_in import code_for
from haven.audit.models import AuditEvent

WRONG = "wrong-wrong-wrong"
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (10, 32), (13, 256), (14, 300), (10**6, 300)],
)
def test_the_wait_doubles_after_the_free_tries_and_never_passes_the_longest(failures, wait):
    assert sign_in_wait_seconds(failures, free=5, longest=300) == wait


@pytest.mark.parametrize(
    ("failures", "reported", "tell"),
    [(19, False, False), (20, False, True), (21, False, True), (20, True, False)],
)
def test_unusual_failures_are_told_once_a_spell_from_the_threshold(failures, reported, tell):
    assert sign_in_failures_are_unusual(failures, threshold=20, reported=reported) is tell


def from_address(n: int) -> Client:
    """A guesser with a new address each time, so django-axes never pauses any of them."""
    return Client(REMOTE_ADDR=f"203.0.113.{n}")


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/account/sign-in/", {"username": email, "password": password})


def spread_guesses(email: str, count: int) -> None:
    for n in range(count):
        assert sign_in(from_address(n), email, WRONG).status_code == 200


def time_passes(seconds: int) -> None:
    later = timedelta(seconds=seconds)
    for spell in SignInFailures.objects.all():
        spell.last_failed_at -= later
        spell.first_failed_at -= later
        spell.save()


def test_guesses_from_many_addresses_make_the_next_try_wait(cast):
    spread_guesses(cast.dsl.email, 5)
    refused = sign_in(from_address(99), cast.dsl.email)  # even the right password, unchecked
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "Try again in 1 second." in refused.text
    assert "You are not locked out" in refused.text
    assert not AuditEvent.objects.filter(action="accounts.signed_in").exists()
    assert SignInFailures.objects.get().failures == 5  # a refused try is not a failure
    time_passes(1)
    assert sign_in(from_address(99), cast.dsl.email).status_code == 302
    assert not SignInFailures.objects.exists()  # the right password ends the spell


def test_each_wrong_password_after_the_free_ones_doubles_the_wait(cast):
    spread_guesses(cast.dsl.email, 5)
    waits = []
    for n in range(5):
        waits.append(int(sign_in(from_address(50 + n), cast.dsl.email, WRONG)["Retry-After"]))
        time_passes(waits[-1])
        assert sign_in(from_address(50 + n), cast.dsl.email, WRONG).status_code == 200
    assert waits == [1, 2, 4, 8, 16]


def test_the_wait_is_never_longer_than_the_longest(cast, settings):
    settings.HAVEN_SIGN_IN_SLOWDOWN_LONGEST_SECONDS = 30
    for n in range(40):
        slowdown.note_failure(cast.dsl.email, now=NOON + timedelta(seconds=n))
    last = NOON + timedelta(seconds=39)
    assert slowdown.seconds_to_wait(cast.dsl.email, now=last) == 30
    assert slowdown.seconds_to_wait(cast.dsl.email, now=last + timedelta(seconds=29)) == 1
    assert slowdown.seconds_to_wait(cast.dsl.email, now=last + timedelta(seconds=30)) == 0


def test_a_quiet_day_starts_the_count_again(cast):
    for _ in range(8):
        slowdown.note_failure(cast.dsl.email, now=NOON)
    assert slowdown.seconds_to_wait(cast.dsl.email, now=NOON + timedelta(hours=23)) == 0  # 8 s
    assert slowdown.note_failure(cast.dsl.email, now=NOON + timedelta(hours=23)) == 9
    next_day = NOON + timedelta(hours=47, minutes=1)
    assert slowdown.note_failure(cast.dsl.email, now=next_day) == 1
    assert slowdown.seconds_to_wait(cast.dsl.email, now=next_day) == 0


def test_names_with_no_account_are_slowed_alike_so_the_wait_reveals_nothing(cast):
    spread_guesses("nobody@elm.test", 5)
    refused = sign_in(from_address(99), "nobody@elm.test")
    assert refused.status_code == 429
    assert "Try again in 1 second." in refused.text


def test_the_count_ignores_case_and_spaces_in_the_name(cast):
    spread_guesses("DSL@elm.test", 3)
    spread_guesses(" dsl@ELM.test", 2)
    assert sign_in(from_address(99), cast.dsl.email).status_code == 429


def test_the_holders_usual_browser_is_never_kept_waiting(cast):
    usual = Client(REMOTE_ADDR="198.51.100.7")
    sign_in(usual, cast.dsl.email)
    usual.post("/account/sign-in/code/", {"code": code_for(cast.dsl)})
    usual.post("/account/sign-out/")
    spread_guesses(cast.dsl.email, 5)
    for _ in range(4):
        slowdown.note_failure(cast.dsl.email)  # 9 in all: a 16-second wait
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), cast.dsl.email).status_code == 429
    assert sign_in(usual, cast.dsl.email).status_code == 302


def test_another_accounts_browser_cookie_does_not_skip_the_wait(cast):
    teachers = Client()
    sign_in(teachers, cast.teacher.email)
    teachers.post("/account/sign-in/code/", {"code": code_for(cast.teacher)})
    assert slowdown.KNOWN_BROWSER_COOKIE in teachers.cookies
    spread_guesses(cast.dsl.email, 5)
    assert sign_in(teachers, cast.dsl.email).status_code == 429


def test_a_forged_browser_cookie_does_not_skip_the_wait(cast):
    spread_guesses(cast.dsl.email, 5)
    forger = Client()
    forger.cookies[slowdown.KNOWN_BROWSER_COOKIE] = str(cast.dsl.pk)
    assert sign_in(forger, cast.dsl.email).status_code == 429


def test_unusual_failures_are_audited_and_the_holder_and_school_administrator_told(cast, settings):
    settings.HAVEN_SIGN_IN_UNUSUAL_FAILURES = 6
    settings.HAVEN_SIGN_IN_SLOWDOWN_AFTER = 100
    spread_guesses(cast.dsl.email, 7)
    events = AuditEvent.objects.filter(action="accounts.sign_in_failures_unusual")
    event = events.get()  # once a spell, not again at the seventh
    assert (event.actor, event.school, event.object_id) == (None, cast.school, str(cast.dsl.pk))
    assert event.data == {"failures": 6}
    task = DBTaskResult.objects.get(task_path__endswith="tell_of_sign_in_failures")
    assert task.args_kwargs["args"] == [cast.dsl.pk, 6]
    assert tell_of_sign_in_failures.call(cast.dsl.pk, 6) == 2
    told = {message.to[0]: message.body for message in mail.outbox}
    assert set(told) == {cast.dsl.email, cast.office.email}
    assert "6 wrong passwords in a row for your account" in told[cast.dsl.email]
    assert "account of Dina Lead at Elm" in told[cast.office.email]
    assert "203.0.113" not in "".join(told.values())  # never from where


def test_a_school_with_no_administrator_tells_its_dsl(cast):
    assert tell_of_sign_in_failures.call(cast.teacher2.pk, 20) == 2
    assert {message.to[0] for message in mail.outbox} == {cast.teacher2.email, cast.dsl2.email}


def test_names_with_no_account_tell_nobody(cast, settings):
    settings.HAVEN_SIGN_IN_UNUSUAL_FAILURES = 5
    settings.HAVEN_SIGN_IN_SLOWDOWN_AFTER = 100
    spread_guesses("nobody@elm.test", 6)
    assert not AuditEvent.objects.filter(action="accounts.sign_in_failures_unusual").exists()
    assert not DBTaskResult.objects.filter(task_path__endswith="tell_of_sign_in_failures").exists()


def test_quiet_counts_are_forgotten(cast):
    slowdown.note_failure("a@elm.test", now=NOON - timedelta(hours=25))
    slowdown.note_failure("b@elm.test", now=NOON - timedelta(hours=1))
    assert slowdown.prune(now=NOON) == 1
    assert SignInFailures.objects.count() == 1


def test_the_hourly_job_forgets_counts_quiet_for_a_day(cast):
    slowdown.note_failure("a@elm.test", now=datetime.now(UTC) - timedelta(hours=25))
    slowdown.note_failure("b@elm.test")
    assert forget_quiet_sign_in_failures.call() == 1


def test_the_name_is_kept_only_as_a_digest(cast):
    slowdown.note_failure(cast.dsl.email)
    assert cast.dsl.email not in str(SignInFailures.objects.values().get())
