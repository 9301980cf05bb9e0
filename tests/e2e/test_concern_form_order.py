"""The urgent question comes straight after what happened: a teacher reaches it by keyboard
within five Tab stops of the narrative."""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_is_a_child_in_danger_is_within_five_tab_stops_of_the_narrative(
    live_server, page: Page, cast
):
    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    page.get_by_label("What you were told or saw").focus()
    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.id"))
    assert "urgent" in reached, reached
