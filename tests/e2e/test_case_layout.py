"""The case page at a laptop's width: a pupil's name in the side column never breaks mid-word."""

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_long_name_keeps_its_words_whole_in_the_side_column(live_server, page: Page, cast):
    cast.pupil.preferred_first_name = "Oluwaseyifunmi"
    cast.pupil.preferred_last_name = "Featherstonehaugh"
    cast.pupil.save()
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Images shared",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    name = page.locator("dt.govuk-summary-list__key", has_text="Featherstonehaugh")
    expect(name).to_be_visible()
    # Each word is as wide as it is when drawn on its own line: none is split across two lines.
    split = name.evaluate(
        """element => {
            const range = document.createRange();
            const text = element.firstChild;
            const words = [...text.textContent.matchAll(/\\S+/g)];
            return words.filter(word => {
                range.setStart(text, word.index);
                range.setEnd(text, word.index + word[0].length);
                return range.getClientRects().length > 1;
            }).map(word => word[0]);
        }"""
    )
    assert split == []
