"""Slowing password guessing spread over many addresses, without ever locking anyone out.

django-axes pauses one account from one address after a few wrong passwords. Here the wrong
passwords for one account are counted from anywhere: after HAVEN_SIGN_IN_SLOWDOWN_AFTER of them,
each further try must wait, twice as long each time, never longer than
HAVEN_SIGN_IN_SLOWDOWN_LONGEST_SECONDS. A try that comes too soon is refused at once with "try
again in N seconds" and its password is not checked: the server never sleeps (a sleeping worker
would let a guesser tie up the web server), and a guesser learns nothing from a refused try.

A browser that has completed both sign-in steps for the account before carries a signed cookie
saying so and is never kept waiting: the owner on their usual computer is not slowed by someone
guessing elsewhere. After HAVEN_SIGN_IN_UNUSUAL_FAILURES wrong passwords in a spell, the account's
holder and their school's administrators (or, where there are none, its DSLs) are e-mailed.
"""

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from haven.accounts.emails import tell_of_sign_in_failures
from haven.accounts.models import SignInFailures, User
from haven.accounts.rules import sign_in_failures_are_unusual, sign_in_wait_seconds
from haven.audit.services import record

# A spell of failures ends after a quiet day: the count starts again from nothing.
QUIET = timedelta(hours=24)
KNOWN_BROWSER_COOKIE = "haven_known_browser"
KNOWN_BROWSER_SALT = "haven.accounts.known-browser"
KNOWN_BROWSER_DAYS = 90


def _name(username: str) -> str:
    return username.strip().lower()


def account_key(username: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"sign-in:{_name(username)}".encode(), hashlib.sha256).hexdigest()


def _wait_after(failures: int) -> int:
    return sign_in_wait_seconds(
        failures,
        free=settings.HAVEN_SIGN_IN_SLOWDOWN_AFTER,
        longest=settings.HAVEN_SIGN_IN_SLOWDOWN_LONGEST_SECONDS,
    )


def seconds_to_wait(username: str, *, now: datetime | None = None) -> int:
    """How long before this account name may be tried again; 0 if it may be tried now."""
    now = now or timezone.now()
    spell = SignInFailures.objects.filter(key=account_key(username)).first()
    if spell is None or now - spell.last_failed_at >= QUIET:
        return 0
    ready = spell.last_failed_at + timedelta(seconds=_wait_after(spell.failures))
    return max(0, math.ceil((ready - now).total_seconds()))


def _count(key: str, now: datetime) -> SignInFailures:
    spell = SignInFailures.objects.select_for_update().filter(key=key).first()
    if spell is None:
        try:
            with transaction.atomic():
                return SignInFailures.objects.create(
                    key=key, first_failed_at=now, last_failed_at=now
                )
        except IntegrityError:  # another request counted the first one
            spell = SignInFailures.objects.select_for_update().get(key=key)
    if now - spell.last_failed_at >= QUIET:
        spell.failures, spell.first_failed_at, spell.reported_at = 1, now, None
    else:
        spell.failures += 1
    spell.last_failed_at = now
    spell.save()
    return spell


@transaction.atomic
def note_failure(username: str, *, now: datetime | None = None) -> int:
    """Count one wrong password for this account name; return the count in this spell.

    At HAVEN_SIGN_IN_UNUSUAL_FAILURES, once a spell, an existing account's holder and school
    are told (audit: accounts.sign_in_failures_unusual, no actor, per school).
    """
    now = now or timezone.now()
    spell = _count(account_key(username), now)
    threshold = settings.HAVEN_SIGN_IN_UNUSUAL_FAILURES
    if sign_in_failures_are_unusual(
        spell.failures, threshold=threshold, reported=spell.reported_at is not None
    ):
        SignInFailures.objects.filter(pk=spell.pk).update(reported_at=now)
        user = User.objects.filter(email=_name(username), is_active=True).first()
        if user is not None:
            _report(user, spell.failures)
    return spell.failures


def _report(user: User, failures: int) -> None:
    memberships = user.memberships.filter(is_active=True, school__isnull=False)
    schools: list[int | None] = [*sorted({m.school_id for m in memberships if m.school_id})]
    for school_id in schools or [None]:
        record(
            "accounts.sign_in_failures_unusual",
            actor=None,
            school=school_id,
            obj=user,
            data={"failures": failures},
        )
    # Enqueued in this transaction, like every e-mail: the task row is the outbox.
    tell_of_sign_in_failures.enqueue(user.pk, failures)


def note_success(username: str) -> None:
    """The right password ends the spell: the count starts again from nothing."""
    SignInFailures.objects.filter(key=account_key(username)).delete()


def prune(*, now: datetime | None = None) -> int:
    """Forget spells that have been quiet for a day (most are names that belong to nobody)."""
    before = (now or timezone.now()) - QUIET
    deleted, _ = SignInFailures.objects.filter(last_failed_at__lt=before).delete()
    return int(deleted)


# --- Browsers that have signed in to the account before ---------------------------------------


def remember_browser(response: HttpResponse, user: User) -> None:
    """After both sign-in steps: this browser is the account holder's, and is never slowed."""
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        str(user.pk),
        salt=KNOWN_BROWSER_SALT,
        max_age=KNOWN_BROWSER_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_browser(request: HttpRequest, username: str) -> bool:
    try:
        user_id = request.get_signed_cookie(
            KNOWN_BROWSER_COOKIE, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_DAYS * 24 * 3600
        )
    except (KeyError, signing.BadSignature):
        return False
    if not user_id or not user_id.isdigit():
        return False
    return User.objects.filter(pk=int(user_id), email=_name(username)).exists()
