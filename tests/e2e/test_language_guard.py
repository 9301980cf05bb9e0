"""The language guard in a real browser: advice appears beside a field as the DSL writes, and the
record saves all the same."""

import re

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import Decision, PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.concerns.services import record_public_report
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

BLAMING = "She should have known better than to send it."


def test_a_dsl_sees_advice_on_a_decisions_rationale_as_they_type_and_can_still_save(
    live_server, page: Page, cast
):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image shared in Year 9",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/cases/{case.pk}/decisions/")
    page.get_by_label("What kind of decision?").select_option(label="Other")
    page.get_by_label("What was decided?").fill("Speak to her parents together with her.")
    page.get_by_label("Why?", exact=True).press_sequentially(BLAMING)

    advice = page.locator("#id_decision-rationale-language")
    expect(advice).to_contain_text("A note on wording (you can still save)")
    expect(advice).to_contain_text("should have known")
    # The suggestion is said in words beside the field, announced as it appears (a polite live
    # region) and read with the field (aria-describedby).
    expect(advice).to_contain_text("Puts responsibility on the child")
    expect(advice).to_contain_text("Suggested wording:")
    expect(advice).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Why?", exact=True)).to_have_attribute(
        "aria-describedby", re.compile(r"(^|\s)id_decision-rationale-language(\s|$)")
    )
    expect(page.get_by_label("Why?", exact=True)).to_have_accessible_description(
        re.compile("Suggested wording:")
    )
    expect(page.locator("#id_decision-decided-language")).to_be_empty()
    assert not Decision.objects.filter(case=case).exists()  # nothing was sent to save
    assert_accessible(page)

    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    expect(
        page.get_by_text(re.compile("^Saved. A note on wording: “.*should have known"))
    ).to_be_visible()
    assert Decision.objects.get(case=case).rationale == BLAMING
    assert_accessible(page)


def test_advice_on_a_reply_to_a_parent_goes_away_when_the_words_change(
    live_server, page: Page, cast
):
    report = record_public_report(
        school=cast.school,
        source="parent",
        narrative="My daughter was sent something.",
        child_description="Year 9",
        anonymous=True,
    )
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/concerns/{report.concern.pk}/")
    reply = page.get_by_label("Your reply")
    reply.fill("Thank you. It sounds like a silly mistake.")
    advice = page.locator("#id_text-language")
    expect(advice).to_contain_text("silly")
    expect(page.locator("#addition-text-language")).to_be_empty()
    assert_accessible(page)
    reply.fill("Thank you. We are looking into it and will be in touch today.")
    expect(advice).to_be_empty()
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent.")).to_be_visible()
    assert report.concern.public_replies.get().text.startswith("Thank you. We are looking")


def test_advice_in_the_initial_review_stays_beside_its_field_and_leaves_the_assessment_alone(
    live_server, page: Page, cast
):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image shared in Year 9",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/cases/{case.pk}/review/")
    assessment = page.locator("#assessment")
    expect(assessment.get_by_role("heading", name="Next steps")).to_be_visible()
    page.get_by_label("Who took part in this review? Anything else?").press_sequentially(
        "Her behaviour was provocative."
    )
    expect(page.locator("#id_n_notes-language")).to_contain_text("A note on wording")
    expect(assessment.get_by_role("heading", name="Next steps")).to_be_visible()
    expect(assessment).not_to_contain_text("A note on wording")
    assert_accessible(page)
