"""Browser tests: Playwright drives Debian's Chromium against a live Haven; axe checks pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from conftest import PASSWORD, totp_secret_for

__all__ = ["PASSWORD", "assert_accessible", "current_code", "sign_in"]

# CI machines are small and run two test workers at once: give pages time to answer.
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _browser_group(request):
    # Browser tests each need a live server and a transactional database.
    request.getfixturevalue("transactional_db")


# What Chromium says when axe is started while a click's navigation is still replacing the page.
NAVIGATING = ("reading 'documentElement'", "Execution context was destroyed")


def assert_accessible(page: Page) -> None:
    """Fail on any WCAG 2.x A or AA violation axe-core finds on the page once it has loaded.

    A link clicked just before may still be navigating: axe then meets no document. Wait for the
    page to load and run axe again (three tries), so the check is of the page the person lands on.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                raise
    assert results.violations_count == 0, results.generate_report()


def current_code(email: str) -> str:
    totp = TOTP(bytes.fromhex(totp_secret_for(email)), 30, 0, 6, 0)
    return f"{totp.token():06d}"


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in as a member of the cast, passing the second factor with their app's code."""
    page.goto(f"{base_url}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(current_code(email))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/account/home/$"))
