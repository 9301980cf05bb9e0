"""The DSL's path on the worst day, counted in screens: from the alert to a decision sent to the
headteacher in five (concern, case, review, manage in school, case)."""

import re

import pytest
from playwright.sync_api import Page, expect

from haven.concerns.tests.conftest import make_concern
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_case_journeys import answer, answer_facts

pytestmark = pytest.mark.browser


def test_from_the_alert_to_the_heads_agreement_in_five_screens(live_server, page: Page, cast):
    concern = make_concern(cast, pupils=[(cast.pupil, "pictured"), (cast.pupil2, "recipient")])
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    screens: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and screens.append(frame.url))

    page.goto(f"{base}/concerns/{concern.pk}/")  # 1: the alert's link, the concern
    page.get_by_label("Case title").fill("Images shared between two Year 9 pupils")
    page.get_by_role("button", name="Acknowledge and open a case").click()
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))  # 2: the case
    assert_accessible(page)

    next_step = page.get_by_test_id("next-step")
    expect(next_step).to_contain_text("Hold the initial review")
    next_step.get_by_role("button", name="Hold the initial review").click()  # 3: the review
    answer_facts(page)
    answer(page, "Should parents or carers be told?", "Yes")
    page.get_by_role("button", name="Save the review").click()
    expect(page).to_have_url(re.compile(r"/manage-in-school/$"))  # 4: the decision
    assert_accessible(page)

    page.get_by_label("What will the school do?").fill(
        "Pastoral support for both; ask both to delete the images; talk to both families."
    )
    page.get_by_label("Why can the risks be managed in school?").fill(
        "Same age, consensual, not shared further, no criterion met."
    )
    page.get_by_role("button", name="Ask the headteacher to agree").click()
    expect(page.get_by_text("The headteacher has been asked to agree")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))  # 5: the case again
    expect(page.get_by_test_id("next-step")).to_contain_text("Decide about parents and carers")
    assert_accessible(page)

    assert len(screens) <= 5, screens
