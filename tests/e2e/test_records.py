"""A DSL reviews a record at the end of its retention: the queue, a legal hold, deletion."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from haven.schools.models import Pupil
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
