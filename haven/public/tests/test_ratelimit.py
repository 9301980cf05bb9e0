"""The database counters that slow a flood: the first N in a window always pass."""

from datetime import UTC, datetime, timedelta

from django.test import RequestFactory

from haven.public.models import RateLimitBucket
from haven.public.ratelimit import Limit, address_digest, client_address, hit, peek, prune

LIMIT = Limit("test", 3)
NOON = datetime(2026, 11, 25, 12, 10, tzinfo=UTC)


def test_the_first_n_in_a_window_pass_and_the_next_is_told_when_to_try_again(db):
    verdicts = [hit(LIMIT, "someone", now=NOON) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_at == datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    assert RateLimitBucket.objects.get().count == 4


def test_a_new_window_starts_afresh(db):
    for _ in range(4):
        hit(LIMIT, "someone", now=NOON)
    assert hit(LIMIT, "someone", now=NOON + timedelta(hours=1)).allowed


def test_each_subject_has_its_own_count(db):
    for _ in range(3):
        hit(LIMIT, "one", now=NOON)
    assert hit(LIMIT, "two", now=NOON).allowed
    assert not hit(LIMIT, "one", now=NOON).allowed


def test_peek_does_not_count(db):
    for _ in range(2):
        peek(LIMIT, "someone", now=NOON)
    assert peek(LIMIT, "someone", now=NOON).allowed
    assert not RateLimitBucket.objects.exists()


def test_addresses_are_kept_only_as_digests_and_ipv6_counts_by_network(settings):
    one = address_digest("2001:db8:1:2:aaaa::1")
    same_network = address_digest("2001:db8:1:2:bbbb::9")
    assert one == same_network
    assert one != address_digest("2001:db8:1:3::1")
    assert "192.0.2.1" not in address_digest("192.0.2.1")
    assert address_digest("192.0.2.1") != address_digest("192.0.2.2")


def test_the_address_comes_from_the_headers_the_operator_trusts(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    settings.HAVEN_CLIENT_IP_HEADERS = ["REMOTE_ADDR"]
    assert client_address(request) == "10.0.0.1"
    settings.HAVEN_CLIENT_IP_HEADERS = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert client_address(request) == "198.51.100.7"
    settings.HAVEN_CLIENT_IP_HEADERS = ["REMOTE_ADDR"]
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) == "unknown"


def test_old_counts_are_pruned(db):
    hit(LIMIT, "someone", now=NOON - timedelta(days=2))
    hit(LIMIT, "someone", now=NOON)
    assert prune(before=NOON - timedelta(days=1)) == 1
    assert RateLimitBucket.objects.count() == 1
