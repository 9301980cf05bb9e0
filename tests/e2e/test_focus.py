"""Keyboard focus is GOV.UK's yellow on the pupil picker's checkboxes and on date fields."""

import pytest
from playwright.sync_api import Page

from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

YELLOW = "rgb(255, 221, 0)"


def test_a_pupil_found_in_the_picker_shows_the_yellow_focus_when_tabbed_to(
    live_server, page: Page, cast
):
    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    with page.expect_response(lambda r: "/school/pupils/search/" in r.url):
        page.get_by_label("Find a pupil by name").fill("lex")
    box = page.get_by_role("checkbox", name="Lex Morgan")
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # reached by the keyboard, as :focus-visible needs
    drawn = box.evaluate(
        """input => {
            const label = document.querySelector(`label[for="${input.id}"]`);
            const before = getComputedStyle(label, "::before");
            return {opacity: getComputedStyle(input).opacity, ring: before.boxShadow,
                    focused: document.activeElement === input};
        }"""
    )
    assert drawn["focused"]
    assert drawn["opacity"] == "0"  # the browser's own box (and its thin ring) is not shown
    assert YELLOW in drawn["ring"]


def test_a_date_field_shows_the_yellow_focus_when_tabbed_to(live_server, page: Page, cast):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Images shared",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/cases/{case.pk}/support/")
    field = page.get_by_label("Review the case on")
    field.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    drawn = field.evaluate(
        """input => ({outline: getComputedStyle(input).outlineColor,
                      width: getComputedStyle(input).outlineWidth,
                      focused: document.activeElement === input})"""
    )
    assert drawn["focused"]
    assert drawn["outline"] == YELLOW
    assert drawn["width"] == "3px"
