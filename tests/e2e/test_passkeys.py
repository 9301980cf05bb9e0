"""Passkeys in a real browser: Chromium's virtual authenticator (the DevTools WebAuthn domain)
makes and uses the passkey, django-otp-webauthn's own scripts drive the ceremonies, and Haven
checks the answers."""

import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import Page, expect

from haven.audit.models import AuditEvent
from tests.e2e.conftest import PASSWORD, assert_accessible, current_code, sign_in


@pytest.fixture
def site(live_server, settings):
    """The live server at a name browsers give passkeys to (localhost, not 127.0.0.1)."""
    port = live_server.url.rsplit(":", 1)[1]
    url = f"http://localhost:{port}"
    settings.HAVEN_PASSKEYS = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [url]
    return url


def add_virtual_authenticator(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_teacher_adds_a_passkey_signs_in_with_it_and_removes_it(site, page: Page, cast):
    add_virtual_authenticator(page)
    sign_in(page, site, cast.teacher.email)
    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Passkeys", level=1)).to_be_visible()
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Your passkey is added. Use it at your next sign-in.")).to_be_visible()
    expect(page.get_by_test_id("passkeys").get_by_role("row")).to_have_count(2)  # heading + 1
    assert_accessible(page)
    assert WebAuthnCredential.objects.filter(user=cast.teacher).count() == 1

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("E-mail address").fill(cast.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Use your passkey or a code")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use your passkey").click()
    expect(page).to_have_url(re.compile(r"/account/home/$"))
    passed = AuditEvent.objects.filter(action="accounts.second_factor_passed").latest("pk")
    assert passed.data["by"] == "passkey"

    page.get_by_role("link", name="Your passkeys").click()
    expect(page.get_by_text("Used for this sign-in")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Remove")).click()
    # The passkey that passed this sign-in is gone, so Haven asks for the second step again.
    expect(page).to_have_url(re.compile(r"/account/sign-in/code/$"))
    assert not WebAuthnCredential.objects.filter(user=cast.teacher).exists()
    assert AuditEvent.objects.filter(action="accounts.passkey_removed").count() == 1


def test_the_code_from_the_app_still_works_on_a_browser_without_the_passkey(site, page, cast):
    """The passkey is on another device: the page offers it, and the app's code still signs in."""
    WebAuthnCredential.objects.create(  # made on another device: this browser does not hold it
        user=cast.teacher, name="Phone", credential_id=b"on-another-device", public_key=b"-"
    )
    add_virtual_authenticator(page)
    page.goto(f"{site}/account/sign-in/")
    page.get_by_label("E-mail address").fill(cast.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Use your passkey")).to_be_visible()
    expect(page.get_by_text("{# One form field")).to_have_count(0)
    page.get_by_label("Code").fill(current_code(cast.teacher.email))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/account/home/$"))
