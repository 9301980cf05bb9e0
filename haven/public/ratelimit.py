"""Slowing a flood of public reports without a CAPTCHA service, and without losing genuine ones.

Counts live in the database (RateLimitBucket), one row per key per fixed window, incremented with
a single UPDATE so that concurrent web workers never lose a count. The first `per_window` actions
of a key in a window are always allowed; after that, the sender is told when to try again.

Addresses are never stored: a key holds a keyed digest of the address (for IPv6, of its /64, so
one machine cannot dodge the limit by changing the last part of its address).
"""

import hashlib
import hmac
import ipaddress
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from haven.lib import addresses
from haven.public.models import RateLimitBucket

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    name: str
    per_window: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_at: datetime

    @property
    def retry_after_seconds(self) -> int:
        now = datetime.now(UTC)
        return max(1, int((self.retry_at - now).total_seconds()))


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    return int(value)


def report_limit_per_address() -> Limit:
    # Pupils at school share one public address, so this is not set too low.
    return Limit("report-address", _setting("HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR", 20))


def report_limit_per_school() -> Limit:
    return Limit("report-school", _setting("HAVEN_PUBLIC_REPORTS_PER_SCHOOL_PER_HOUR", 300))


def check_failures_per_address() -> Limit:
    # Wrong reference-and-code attempts: enough for typing mistakes, too few to guess a code.
    return Limit("check-failed", _setting("HAVEN_PUBLIC_CHECK_FAILURES_PER_ADDRESS_PER_HOUR", 20))


def window_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def client_address(request: HttpRequest) -> str:
    """The sender's address, read as for sign-in throttling and the audit (haven.lib.addresses)."""
    return addresses.client_address(request) or "unknown"


def address_digest(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ratelimit:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def _increment(key: str, start: datetime) -> int:
    with transaction.atomic():
        bucket = RateLimitBucket.objects.filter(key=key, window_start=start)
        if not bucket.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=start, count=1)
                return 1
            except IntegrityError:  # another request created it first
                bucket.update(count=F("count") + 1)
        # We hold the row's write lock until commit, so this reads our own count.
        return bucket.values_list("count", flat=True).get()


def hit(limit: Limit, subject: str, *, now: datetime | None = None) -> Verdict:
    """Count one action by `subject` (a digest or an id) and say whether it is allowed."""
    start = window_start(now or datetime.now(UTC))
    count = _increment(f"{limit.name}:{subject}", start)
    return Verdict(allowed=count <= limit.per_window, count=count, retry_at=start + WINDOW)


def peek(limit: Limit, subject: str, *, now: datetime | None = None) -> Verdict:
    """Whether one more action would be allowed, without counting it."""
    start = window_start(now or datetime.now(UTC))
    count = (
        RateLimitBucket.objects.filter(key=f"{limit.name}:{subject}", window_start=start)
        .values_list("count", flat=True)
        .first()
    ) or 0
    return Verdict(allowed=count < limit.per_window, count=count, retry_at=start + WINDOW)


def prune(*, before: datetime) -> int:
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=before).delete()
    return deleted


def adds_limit_per_address() -> Limit:
    return Limit("add-address", _setting("HAVEN_PUBLIC_ADDS_PER_ADDRESS_PER_HOUR", 30))


def admit_report(request: HttpRequest, school_id: int) -> Verdict | None:
    """Count a report from this sender to this school; None if it may go, else the refusal.

    The address is counted first, so a flood from one place never uses up the school's allowance.
    """
    by_address = hit(report_limit_per_address(), address_digest(client_address(request)))
    if not by_address.allowed:
        logger.warning("public report slowed limit=address school=%s", school_id)
        return by_address
    by_school = hit(report_limit_per_school(), str(school_id))
    if not by_school.allowed:
        logger.warning("public report slowed limit=school school=%s", school_id)
        return by_school
    return None
