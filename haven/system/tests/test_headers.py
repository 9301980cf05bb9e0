import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy_with_a_nonce(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp)
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in response.text


def test_pages_are_never_stored_by_the_browser(client):
    response = client.get("/")
    assert "no-store" in response.headers["Cache-Control"]


def test_pages_refuse_framing_and_content_sniffing(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_missing_page_gets_havens_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_static_files_refuse_framing_too():
    # WhiteNoise serves /static/ before the clickjacking middleware: the setting adds the header.
    headers: dict[str, str] = {}
    settings.WHITENOISE_ADD_HEADERS_FUNCTION(headers, "/srv/static/haven/init.mjs", "/static/x")
    assert headers["X-Frame-Options"] == "DENY"
