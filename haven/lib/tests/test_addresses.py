"""The client's address: only what the operator's own proxies wrote is believed."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from haven.lib.addresses import client_address, meta_header_names

BEHIND_PROXY = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_connecting_address_is_the_client(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = ["REMOTE_ADDR"]
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_address(request) == "192.0.2.10"  # a header the operator did not trust


def test_behind_one_proxy_the_entry_it_added_is_the_client(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = BEHIND_PROXY
    settings.HAVEN_TRUSTED_PROXY_COUNT = 1
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_a_client_cannot_choose_its_address_by_writing_the_header_itself(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = BEHIND_PROXY
    settings.HAVEN_TRUSTED_PROXY_COUNT = 1
    # The client wrote "198.51.100.7"; the proxy appended the address it really came from.
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_behind_two_proxies_the_outer_proxys_entry_is_the_client(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = BEHIND_PROXY
    settings.HAVEN_TRUSTED_PROXY_COUNT = 2
    request = request_with(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9, 10.0.0.1"
    )
    assert client_address(request) == "203.0.113.9"


def test_a_header_too_short_for_the_proxies_falls_back_to_the_next_header(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = BEHIND_PROXY
    settings.HAVEN_TRUSTED_PROXY_COUNT = 2
    request = request_with(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "10.0.0.2"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("203.0.113.9:5123", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("unknown", "10.0.0.1"),
        ("203.0.113.9, ", "203.0.113.9"),
        ("", "10.0.0.1"),
    ],
)
def test_addresses_are_read_in_the_forms_proxies_write_them(settings, forwarded, expected):
    settings.HAVEN_CLIENT_IP_HEADERS = BEHIND_PROXY
    settings.HAVEN_TRUSTED_PROXY_COUNT = 1
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_no_address_at_all_is_none(settings):
    settings.HAVEN_CLIENT_IP_HEADERS = ["REMOTE_ADDR"]
    assert client_address(request_with(REMOTE_ADDR="")) is None


def test_header_names_are_accepted_as_operators_write_them():
    names = ["X-Forwarded-For", "http_x_real_ip", "REMOTE_ADDR"]
    expected = ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "REMOTE_ADDR"]
    assert meta_header_names("V", names) == expected
    with pytest.raises(ImproperlyConfigured, match="V"):
        meta_header_names("V", ["X-Forwarded-For; drop"])
    with pytest.raises(ImproperlyConfigured, match="at least one"):
        meta_header_names("V", [])
