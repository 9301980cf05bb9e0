"""Two DSLs edit one case at once: the second save is refused, clearly, with their text kept."""

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import Decision, PupilRole
from haven.cases.services import PupilInCase, open_case
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def fill_decision(page: Page, decided: str, why: str) -> None:
    page.get_by_label("What kind of decision?").select_option(
        label="Contact another school or setting"
    )
    page.get_by_label("What was decided?").fill(decided)
    page.get_by_label("Why?").fill(why)


def test_two_dsls_edit_one_case_and_the_second_keeps_their_text(
    live_server, page: Page, browser, cast
):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image reached another school",
        pupils=[PupilInCase(cast.pupil, PupilRole.SENDER)],
    )
    base = live_server.url
    deputy_context = browser.new_context()
    deputy = deputy_context.new_page()
    sign_in(page, base, cast.dsl.email)
    sign_in(deputy, base, cast.deputy.email)
    for someone in (page, deputy):
        someone.goto(f"{base}/cases/{case.pk}/decisions/")

    fill_decision(page, "Phone the DSL at Birch School", "A Birch pupil received it")
    fill_decision(deputy, "E-mail the college DSL", "The deputy's own careful reasons")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()

    deputy.get_by_role("button", name="Record the decision").click()
    expect(deputy.get_by_role("alert")).to_contain_text("Someone else changed this case")
    expect(deputy.get_by_label("Why?")).to_have_value("The deputy's own careful reasons")
    expect(deputy.get_by_text("Phone the DSL at Birch School")).to_be_visible()
    assert_accessible(deputy)

    deputy.get_by_role("button", name="Record the decision").click()
    expect(deputy.get_by_text("The decision is recorded.")).to_be_visible()
    deputy_context.close()
    assert Decision.objects.filter(case=case).count() == 2


def test_the_case_page_says_who_else_is_looking(live_server, page: Page, browser, cast):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Shared in a group chat",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/cases/{case.pk}/")
    deputy_context = browser.new_context()
    deputy = deputy_context.new_page()
    sign_in(deputy, base, cast.deputy.email)
    deputy.goto(f"{base}/cases/{case.pk}/")
    expect(deputy.get_by_test_id("viewers")).to_have_text("Dina Lead is also looking at this case.")
    assert_accessible(deputy)
    deputy_context.close()
