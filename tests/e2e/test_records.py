"""A DSL reviews a record at the end of its retention (the queue, a legal hold, deletion), sends
the file to a school without Haven, and answers a subject access request."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from haven.concerns.services import open_case_from_concern
from haven.schools.models import Pupil
from tests.access_world import _staff_concern
from tests.e2e.conftest import assert_accessible, sign_in


def test_a_dsl_holds_then_deletes_a_record_due_for_review(live_server, page: Page, cast):
    Pupil.objects.filter(pk=cast.pupil.pk).update(date_of_birth="1990-01-01")
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(live_server.url + reverse("records:queue", args=[cast.school.slug]))
    expect(page.get_by_role("heading", name="Records due for review")).to_be_visible()
    expect(page.get_by_test_id("queue")).to_contain_text("Due now")
    assert_accessible(page)

    page.get_by_role("link", name=cast.pupil.display_name).click()
    expect(page.get_by_test_id("review-date")).to_contain_text("1 January 2015")
    page.get_by_role("button", name="Place a legal hold").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why must the record be kept?").fill("Police inquiry, Operation Elm")
    page.get_by_role("button", name="Place a legal hold").click()
    expect(page.get_by_test_id("hold")).to_contain_text("Under legal hold since")

    page.get_by_label("Type the pupil's UPN to confirm").fill(cast.pupil.upn)
    page.get_by_role("button", name="Delete the record for good").click()
    expect(page.get_by_text("under legal hold: release the hold first")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Release the legal hold").click()
    page.get_by_label("Type the pupil's UPN to confirm").fill(cast.pupil.upn)
    page.get_by_role("button", name="Delete the record for good").click()
    done = page.get_by_text("Deleted for good: 1 pupil record, 0 concerns and 0 cases")
    expect(done).to_be_visible()
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    assert not Pupil.objects.filter(pk=cast.pupil.pk).exists()


def _open_case(cast):

    concern, _ = _staff_concern(cast)
    open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared on a bus")


def test_a_dsl_sends_the_file_to_a_school_without_haven_and_it_is_downloaded_once(
    live_server, page: Page, cast, browser
):
    _open_case(cast)
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(live_server.url + reverse("records:pupil", args=[cast.pupil.pk]))
    page.get_by_role(
        "link", name="Send the child protection file to the pupil's new school"
    ).click()
    expect(page.get_by_test_id("open-case-warning")).to_be_visible()
    page.get_by_role("button", name="Start the transfer").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which school is the pupil moving to?").fill("Oak School")
    page.get_by_label("The pupil's last day at this school").fill("2026-12-04")
    page.get_by_label("Yes, a move in-year").check()
    page.get_by_role("button", name="Start the transfer").click()
    expect(page.get_by_test_id("due-on")).to_contain_text("11 December 2026")
    expect(page.get_by_test_id("call-needed")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make a download link and code").click()
    url = page.get_by_test_id("download-url").inner_text()
    code = page.get_by_test_id("download-code").inner_text()
    assert_accessible(page)

    school = browser.new_context(accept_downloads=True).new_page()
    school.goto(url)
    assert_accessible(school)
    school.get_by_label("The code the sending school gave you").fill("WRONG-CODE1")
    school.get_by_role("button", name="Download the file (PDF)").click()
    expect(school.get_by_text("That code is not right")).to_be_visible()
    school.get_by_label("The code the sending school gave you").fill(code)
    with school.expect_download() as download:
        school.get_by_role("button", name="Download the file (PDF)").click()
    assert download.value.suggested_filename == "child-protection-file.pdf"

    page.get_by_label("Who at the new school confirmed receipt?").fill("Ms Oak, DSL, by phone")
    page.get_by_role("button", name="Record confirmation of receipt").click()
    expect(page.get_by_test_id("receipt")).to_contain_text("Ms Oak")


def test_a_dsl_redacts_and_releases_a_subject_access_request(live_server, page: Page, cast):
    _open_case(cast)
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(live_server.url + reverse("records:pupil", args=[cast.pupil.pk]))
    page.get_by_role("link", name="Record a subject access request").click()
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Their name").fill("Pat Morgan")
    page.get_by_label("The day the school received the request").fill("2026-11-30")
    page.get_by_role("button", name="Record the request").click()
    assert_accessible(page)
    page.get_by_label(cast.pupil2.legal_first_name + " " + cast.pupil2.legal_last_name).check()
    page.get_by_label("Other words to redact, one to a line").fill("quokka")
    page.get_by_role("button", name="Save the redactions and preview").click()
    expect(page.get_by_test_id("preview")).not_to_contain_text("quokka")
    expect(page.get_by_test_id("preview")).to_contain_text("[redacted]")
    assert_accessible(page)
    page.get_by_role("button", name="Release the redacted file").click()
    expect(page.get_by_test_id("released-pdf")).to_be_visible()
