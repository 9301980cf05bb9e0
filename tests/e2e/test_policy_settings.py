"""The DSL and the headteacher set the school's safeguarding policy together, in two browsers:
the DSL asks to refer every case, the head agrees, and the parents' page changes (issue 12)."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_dsl_asks_to_refer_every_case_and_the_head_agrees(
    live_server, page: Page, browser, cast
):
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.get_by_role("link", name="Safeguarding policy settings").click()
    expect(page.get_by_role("heading", name="Safeguarding policy settings")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, we refer every case").check()
    page.get_by_label("Local children's services front door (MASH)").fill(
        "Anytown MASH 01234 567890"
    )
    page.get_by_role("button", name="Ask for this policy").click()
    expect(
        page.get_by_text("Asked. The other of the DSL and the headteacher must agree.")
    ).to_be_visible()
    assert_accessible(page)

    head_context = browser.new_context()
    head = head_context.new_page()
    sign_in(head, base, cast.head.email)
    head.goto(f"{base}/school/{cast.school.slug}/safeguarding-policy/")
    head.get_by_role("button", name="Agree to this policy").click()
    expect(
        head.get_by_text("Agreed. The school's safeguarding policy settings have changed.")
    ).to_be_visible()
    expect(head.get_by_test_id("current-policy")).to_contain_text("Anytown MASH 01234 567890")
    assert_accessible(head)
    head_context.close()

    page.goto(f"{base}/s/{cast.school.slug}/parents/")
    expect(page.get_by_test_id("referral-policy")).to_contain_text("In almost all cases")
