"""A child's words never stay on a shared phone: both public forms are emptied when the page is
left (the exit button, Shift three times, a link, sending), and Back never brings the words back,
with or without the browser's back-forward cache, with or without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from haven.concerns.models import Concern
from tests.e2e.conftest import CHROMIUM_ARGS, assert_accessible
from tests.e2e.test_public_pages import NEUTRAL, intercept_neutral_site

FORMS = ["let-us-know", "i-need-help"]
WORDS = "He keeps asking me for pictures and says he will share the old one."
NAME = "Jo Private"


@pytest.fixture
def school(cast):
    return cast.school


@pytest.fixture(scope="module")
def bfcache_browser(playwright):
    """Chromium as people have it: Playwright turns the back-forward cache off by default."""
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield browser
    browser.close()


@pytest.fixture(params=["usual", "back-forward cache"])
def phone(request, browser, bfcache_browser):
    chosen = bfcache_browser if request.param == "back-forward cache" else browser
    context = chosen.new_context(viewport={"width": 375, "height": 740})
    yield context.new_page()
    context.close()


def open_form(page: Page, base: str, school, path: str) -> None:
    page.goto(f"{base}/s/{school.slug}/{path}/")
    expect(page.locator(".govuk-exit-this-page__indicator")).to_have_count(1)  # scripts ready


def type_words(page: Page) -> None:
    page.locator("[name=what_happened]").fill(WORDS)
    page.locator("[name=name]").fill(NAME)
    page.locator("[name=urgent]").check()


def assert_form_is_empty(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(f"/{path}/$"))
    expect(page.locator("[name=what_happened]")).to_have_value("")
    expect(page.locator("[name=name]")).to_have_value("")
    expect(page.locator("[name=urgent]")).not_to_be_checked()
    assert WORDS not in page.content()


@pytest.mark.parametrize("path", FORMS)
def test_type_exit_back_and_the_words_are_gone(live_server, phone: Page, school, path):
    intercept_neutral_site(phone)
    open_form(phone, live_server.url, school, path)
    type_words(phone)
    phone.get_by_role("button", name="Emergency Exit this page").click()
    expect(phone).to_have_url(NEUTRAL)
    phone.go_back(wait_until="commit")
    assert_form_is_empty(phone, path)


@pytest.mark.parametrize("path", FORMS)
def test_type_shift_three_times_back_and_the_words_are_gone(live_server, phone: Page, school, path):
    intercept_neutral_site(phone)
    open_form(phone, live_server.url, school, path)
    type_words(phone)
    phone.locator("[name=what_happened]").blur()
    for _ in range(3):
        phone.keyboard.press("Shift")
    expect(phone).to_have_url(NEUTRAL)
    phone.go_back(wait_until="commit")
    assert_form_is_empty(phone, path)


@pytest.mark.parametrize("path", FORMS)
def test_type_follow_a_link_back_and_the_words_are_gone(live_server, phone: Page, school, path):
    open_form(phone, live_server.url, school, path)
    type_words(phone)
    phone.get_by_role("link", name="Get support").click()
    expect(phone).to_have_url(re.compile("/support/$"))
    phone.go_back(wait_until="commit")
    assert_form_is_empty(phone, path)


@pytest.mark.parametrize("path", FORMS)
def test_send_back_and_the_words_are_gone(live_server, phone: Page, school, path):
    open_form(phone, live_server.url, school, path)
    type_words(phone)
    phone.get_by_role("radio", name=re.compile("^Do not contact me")).check()
    phone.get_by_role("button", name="Send to the school").click()
    expect(phone.get_by_role("heading", name="Sent to the school")).to_be_visible()
    assert Concern.objects.get().narrative == WORDS  # sending took the words before they went
    phone.go_back(wait_until="commit")
    assert_form_is_empty(phone, path)
    assert_accessible(phone)
    phone.go_forward(wait_until="commit")
    expect(phone.get_by_test_id("secret-code")).to_have_count(0)  # the code is shown only once


def test_without_javascript_back_does_not_restore_the_words(live_server, browser, school):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{school.slug}/i-need-help/")
    type_words(page)
    page.get_by_role("link", name="Get support").click()
    expect(page).to_have_url(re.compile("/support/$"))
    page.go_back(wait_until="commit")
    assert_form_is_empty(page, "i-need-help")
    context.close()


def test_words_are_kept_while_the_child_is_still_on_the_page(live_server, phone: Page, school):
    open_form(phone, live_server.url, school, "i-need-help")
    type_words(phone)
    phone.get_by_role("button", name="Send to the school").click()  # no contact choice: a mistake
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(phone.locator("[name=what_happened]")).to_have_value(WORDS)
