"""A new member of staff signs in for the first time, sets up their authenticator, goes home."""

import re

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from haven.accounts.models import TOTPDevice
from tests.e2e.conftest import PASSWORD, assert_accessible, sign_in


def code_from_secret(base32_secret: str) -> str:
    import base64

    raw = base64.b32decode(
        base32_secret.replace(" ", "") + "=" * (-len(base32_secret.replace(" ", "")) % 8)
    )
    return f"{TOTP(raw, 30, 0, 6, 0).token():06d}"


def test_a_new_teacher_sets_up_mfa_and_reaches_their_home_page(live_server, page: Page, cast):
    TOTPDevice.objects.filter(user=cast.teacher).delete()
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(cast.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from your app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page).to_have_url(re.compile(r"/account/home/$"))
    expect(page.get_by_text("Record a concern about a pupil")).to_be_visible()
    assert_accessible(page)


def test_a_dsl_signs_in_with_their_app_and_signs_out(live_server, page: Page, cast):
    sign_in(page, live_server.url, cast.dsl.email)
    expect(page.get_by_text("See and act on every safeguarding concern")).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()
    page.goto(live_server.url + "/account/home/")
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()


def test_the_not_found_page_is_accessible(live_server, page: Page):
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
