"""A DSL checks who has seen or changed a pupil's records."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from haven.audit.services import record
from tests.e2e.conftest import assert_accessible, sign_in


def test_a_dsl_sees_who_has_looked_at_a_pupils_records(live_server, page: Page, cast):
    record("cases.case_opened", actor=cast.deputy, school=cast.school, pupil=cast.pupil)
    for _ in range(55):
        record("test.viewed", actor=cast.head, school=cast.school, pupil=cast.pupil)
    sign_in(page, live_server.url, cast.dsl.email)
    page.goto(live_server.url + reverse("audit:pupil_access", args=[cast.pupil.pk]))
    expect(
        page.get_by_role("heading", name="Who has seen or changed these records")
    ).to_be_visible()
    table = page.get_by_test_id("access-log")
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text("Dina Lead")
    expect(first_row).to_contain_text("Looked at who has seen or changed the pupil's records")
    assert_accessible(page)
    page.get_by_role("link", name="Older page").click()
    expect(table).to_contain_text("Derek Deputy")
    expect(table).to_contain_text("Opened a case")
    assert_accessible(page)
