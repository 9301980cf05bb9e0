"""A DSL narrows the inbox to one pupil, chosen from a list: the pupil's name never goes into a URL
(URLs land in access logs, and the inbox polls its URL every 5 seconds), and the poll is sent as
a background request, so an open inbox still times out."""

import re

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import PupilRole
from haven.concerns.tests.conftest import make_concern
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_dsl_filters_the_inbox_by_a_pupil_without_their_name_in_any_url(
    live_server, page: Page, cast
):
    about_lex = make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    about_sam = make_concern(cast, pupils=[(cast.pupil2, PupilRole.SENDER)])
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(f"{live_server.url}/concerns/inbox/")
    page.get_by_label("Pupil").select_option(label="Lex Morgan (Year 9)")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(rf"pupil={cast.pupil.pk}"))
    assert "lex" not in page.url.lower()
    assert "morgan" not in page.url.lower()
    rows = page.get_by_test_id("concerns")
    expect(rows).to_contain_text(about_lex.reference)
    expect(rows).not_to_contain_text(about_sam.reference)
    expect(page.get_by_label("Pupil")).to_have_value(str(cast.pupil.pk))
    assert_accessible(page)

    with page.expect_request(lambda r: "seen=" in r.url, timeout=15_000) as polled:
        pass  # the page polls by itself every 5 seconds
    poll = polled.value
    assert poll.headers.get("x-haven-background") == "1"
    assert f"pupil={cast.pupil.pk}" in poll.url
    assert "lex" not in poll.url.lower()
