"""In a real browser: nothing typed is cut, the limit shows before it bites, and a picture typed in
as text is refused with the rest of what was typed kept (haven.lib.forms, on every form)."""

import base64

from playwright.sync_api import Page, expect

from haven.concerns.models import Concern
from haven.lib.tests.samples import PHOTO
from tests.e2e.conftest import assert_accessible, sign_in

NARRATIVE = "What you were told or saw"


def test_a_pasted_narrative_over_the_limit_is_kept_whole_and_counted(live_server, page: Page, cast):
    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    box = page.get_by_label(NARRATIVE)
    expect(box).not_to_have_attribute("maxlength", "20000")
    expect(page.get_by_text("You can enter up to 20000 characters")).to_be_attached()
    pasted = "Lex told me what happened at break. " * 700  # 25,200 characters
    box.fill(pasted)
    expect(page.get_by_text("characters too many")).to_be_visible()
    assert len(box.input_value()) == len(pasted)  # the browser cut nothing
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Send to the safeguarding team").click()
    expect(page.get_by_text("This must be 20,000 characters or fewer").first).to_be_visible()
    expect(page.get_by_text("You have typed 25,199").first).to_be_visible()  # the end is stripped
    assert page.get_by_label(NARRATIVE).input_value() == pasted  # drawn again, every character
    assert not Concern.objects.exists()
    assert_accessible(page)


def test_a_picture_typed_into_a_public_report_is_refused_and_the_words_kept(
    live_server, page: Page, cast
):
    page.goto(f"{live_server.url}/s/{cast.school.slug}/let-us-know/")
    words = "My daughter was sent this on Snapchat by @jay_2011 on 3/12/2026:"
    page.get_by_label("What has happened?").fill(
        f"{words}\ndata:image/jpeg;base64,{base64.b64encode(PHOTO).decode()}"
    )
    page.get_by_label("Do not contact me").check()
    page.get_by_role("button", name="Send to the school").click()
    expect(page.get_by_text("Haven never holds pictures").first).to_be_visible()
    assert page.get_by_label("What has happened?").input_value().startswith(words)
    assert not Concern.objects.exists()
    assert_accessible(page)
