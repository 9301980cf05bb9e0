"""A teacher records a concern; the DSL sees it arrive without reloading, acknowledges it and
opens a case. Imagery is refused, a double submit makes one concern, and every page is accessible.

The worker's delivery runs in this process (`deliver_due`), between checks, while the DSL's page
polls the inbox by itself: exactly what a live worker does, without a second process that could
not see the test database.
"""

import re
import time

from playwright.sync_api import Browser, Page, expect

from haven.alerts.outbox import deliver_due
from haven.concerns.models import Concern
from haven.lib.tests.samples import docx, png
from tests.e2e.conftest import assert_accessible, sign_in

SEND = "Send to the safeguarding team"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATEMENT = docx("In Lex's words: Sam sent it on.", "I told Mrs Khan at break.")


def choose_pupil(page: Page, query: str, name: str, part: str) -> None:
    """Type a name into the shared pupil picker, tick the pupil found as you type, choose a part."""
    with page.expect_response(lambda r: "/school/pupils/search/" in r.url) as searched:
        page.get_by_label("Find a pupil by name").fill(query)
    assert searched.value.ok
    page.get_by_role("checkbox", name=name).check()
    page.get_by_label(f"Their part for {name}").select_option(label=part)


def fill_the_rest(page: Page, narrative: str) -> None:
    page.get_by_label("What you were told or saw").fill(narrative)
    page.get_by_label("Snapchat").check()
    page.get_by_label("I have told the DSL or a deputy in person").check()
    page.get_by_role("radio", name="No").check()


def deliver_until_seen(page: Page, text: str, timeout: float = 20) -> None:
    """Run the worker's delivery until `text` shows on a page that is never reloaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        deliver_due()
        if page.get_by_text(text).count():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{text!r} did not appear on {page.url}")


def test_a_teacher_records_a_concern_and_the_dsl_sees_it_arrive_and_opens_a_case(
    live_server, page: Page, browser: Browser, cast
):
    dsl = browser.new_context().new_page()
    sign_in(dsl, live_server.url, cast.dsl.email)
    dsl.goto(f"{live_server.url}/concerns/inbox/")
    expect(dsl.get_by_text("Nothing is waiting for you.")).to_be_visible()
    assert_accessible(dsl)

    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    expect(page.get_by_role("heading", name="What to do, and what never to do")).to_be_visible()
    assert_accessible(page)
    choose_pupil(page, "lex", "Lex Morgan", "Pictured in it")
    assert_accessible(page)
    choose_pupil(page, "jones", "Sam Jones", "Shared it further")
    expect(page.get_by_role("checkbox", name="Lex Morgan")).to_be_checked()
    expect(page.get_by_label("Their part for Lex Morgan")).to_have_value("pictured")
    fill_the_rest(page, "Lex told me Sam has shared a photo of Lex.")
    expect(
        page.get_by_text("Haven keeps the words from your document, not the file")
    ).to_be_visible()
    page.get_by_label("Attach documents (optional)").set_input_files(
        files=[{"name": "Lex statement.docx", "mimeType": DOCX, "buffer": STATEMENT}]
    )
    assert_accessible(page)
    page.get_by_role("button", name=SEND).click()
    expect(
        page.get_by_role("heading", name="Concern sent to the safeguarding team")
    ).to_be_visible()
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"HV-[A-Z2-9]{6}", reference)
    assert_accessible(page)

    deliver_until_seen(dsl, reference)
    # The row can arrive on a poll before the worker has turned the outbox into the DSL's alert:
    # keep delivering until the next poll shows the alert too.
    deliver_until_seen(dsl, "1 new")
    expect(dsl.get_by_test_id("alert-count")).to_have_text("1 new")
    row = dsl.get_by_test_id("concerns").get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Lex Morgan, Sam Jones")
    expect(row).to_contain_text("Tim Teacher")
    assert_accessible(dsl)

    dsl.get_by_role("link", name=reference).first.click()
    expect(dsl.get_by_test_id("narrative")).to_have_text(
        "Lex told me Sam has shared a photo of Lex."
    )
    assert_accessible(dsl)
    document = dsl.locator("a[href*='/attachments/']").first  # the words, as a text file
    words = dsl.request.get(live_server.url + document.get_attribute("href")).text()
    assert words == "In Lex's words: Sam sent it on.\n\nI told Mrs Khan at break."
    # One action acknowledges the concern and opens the case, and the DSL lands on the case.
    dsl.get_by_label("Case title").fill("Photo shared, Year 9")
    dsl.get_by_role("button", name="Acknowledge and open a case").click()
    expect(
        dsl.get_by_text(re.compile(r"Case C-[A-Z2-9]{6} opened with this concern"))
    ).to_be_visible()
    expect(dsl).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    expect(dsl.get_by_role("heading", level=1)).to_contain_text("Photo shared, Year 9")
    assert_accessible(dsl)
    dsl.goto(f"{live_server.url}/concerns/{Concern.objects.get(reference=reference).pk}/")
    expect(dsl.get_by_test_id("triage-outcome")).to_contain_text("Photo shared, Year 9")
    dsl.get_by_role("link", name="Lex Morgan").click()
    expect(dsl.get_by_test_id("chronology")).to_contain_text(f"Concern {reference}: new case")
    assert_accessible(dsl)

    concern = Concern.objects.get(reference=reference)
    page.goto(f"{live_server.url}/concerns/mine/")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Being handled")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Photo shared, Year 9")).to_have_count(0)
    expect(page.get_by_test_id("documents")).to_contain_text("Lex statement.docx")
    assert_accessible(page)

    other = browser.new_context().new_page()
    sign_in(other, live_server.url, cast.other_teacher.email)
    response = other.goto(f"{live_server.url}/concerns/{concern.pk}/")
    assert response is not None
    assert response.status == 404


def test_an_image_renamed_to_pdf_is_refused_with_the_reason(live_server, page: Page, cast):
    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    choose_pupil(page, "lex", "Lex Morgan", "Received it")
    fill_the_rest(page, "He showed me a message about a photo.")
    page.get_by_label("Attach documents (optional)").set_input_files(
        files=[{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": png()}]
    )
    page.get_by_role("button", name=SEND).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("“statement.pdf” is a picture, video or sound file")
    expect(summary).to_contain_text("Haven never holds images")
    expect(page.get_by_test_id("files-dropped")).to_be_visible()
    expect(page.get_by_label("What you were told or saw")).to_have_value(
        "He showed me a message about a photo."
    )
    expect(page.get_by_role("checkbox", name="Lex Morgan")).to_be_checked()
    expect(page.get_by_label("Their part for Lex Morgan")).to_have_value("recipient")
    assert_accessible(page)
    assert not Concern.objects.exists()


def test_with_javascript_off_the_form_is_one_post_and_a_double_submit_makes_one_concern(
    live_server, browser: Browser, cast
):
    page = browser.new_context(java_script_enabled=False).new_page()
    sign_in(page, live_server.url, cast.teacher.email)
    page.goto(f"{live_server.url}/concerns/new/")
    page.get_by_label("Find a pupil by name").fill("lex")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("checkbox", name="Lex Morgan").check()
    page.get_by_label("Their part for Lex Morgan").select_option(label="Sent it")
    page.get_by_label("What you were told or saw").fill("Sent in the group chat.")
    page.get_by_role("radio", name="No").check()
    form = page.locator("form").filter(has=page.get_by_role("button", name=SEND))
    fields = {
        name: form.locator(f"[name='{name}']").first.input_value()
        for name in ("csrfmiddlewaretoken", "submission_id", "school", "narrative", "urgent")
    }
    page.get_by_role("button", name=SEND).dblclick()
    expect(
        page.get_by_role("heading", name="Concern sent to the safeguarding team")
    ).to_be_visible()
    resent = page.request.post(
        f"{live_server.url}/concerns/new/",
        form={**fields, "pupil": str(cast.pupil.pk), "urgent": "no"},
        headers={"Referer": f"{live_server.url}/concerns/new/"},
    )
    assert resent.ok
    assert resent.url == page.url
    assert Concern.objects.count() == 1
    assert Concern.objects.get().concern_pupils.get().roles == ["sender"]
