"""The PSHE lead signs in, records a planned lesson as delivered, and the families' page says it
was taught (issue 16). Every page checked with axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from haven.curriculum import services
from haven.curriculum.rules import school_year_of, term_of
from haven.schools.models import Role
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _plan(cast) -> None:
    programme = services.save_programme(actor=None, school=cast.school, name="World & You")
    unit = services.add_unit(actor=None, programme=programme, title="Online life")
    lesson = services.add_lesson(
        actor=None,
        unit=unit,
        title="Nudes and semi-nudes: what to do",
        topics=["sharing_nudes"],
        summary="What to do if someone asks for a nude picture.",
    )
    today = timezone.localdate()
    services.plan_lesson(
        actor=None,
        school=cast.school,
        lesson=lesson,
        year_group=cast.pupil.year_group,
        school_year=school_year_of(today),
        term=term_of(today).term,
    )


def test_the_pshe_lead_records_a_delivered_lesson_and_the_public_page_changes(
    live_server, page: Page, cast
):
    lead = make_user(cast.school, "pshe@elm.test", "Priya Pshe", Role.PSHE_LEAD)
    _plan(cast)
    base = live_server.url
    page.goto(f"{base}/s/{cast.school.slug}/parents/")
    expect(page.get_by_test_id("curriculum-year")).not_to_contain_text("taught")
    assert_accessible(page)

    sign_in(page, base, lead.email)
    page.get_by_role("link", name="Lessons").click()
    expect(page.get_by_role("heading", name="World & You: online-safety lessons")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record Nudes and semi-nudes: what to do as delivered").click()
    expect(page.get_by_text("recorded as delivered")).to_be_visible()
    expect(page.get_by_text("by Priya Pshe")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="What the RSHE guidance expects, and resources").click()
    expect(page.get_by_role("heading", name="What the RSHE guidance expects")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/s/{cast.school.slug}/parents/")
    expect(page.get_by_test_id("curriculum-year")).to_contain_text("taught")
    assert_accessible(page)


PLAN_CSV = (
    "Year group,Class,Unit,Lesson,Topics,Term,Week\n"
    "Year 9,,Online life,Sextortion: threats and money,Sextortion; where to get help,Summer,2\n"
    "Year 9,9R,Online life,Fake pictures,deepfakes; Consent,Spring,\n"
)


def test_the_pshe_lead_imports_a_plan_from_a_spreadsheet(live_server, page: Page, cast):
    lead = make_user(cast.school, "pshe@elm.test", "Priya Pshe", Role.PSHE_LEAD)
    services.save_programme(actor=None, school=cast.school, name="World & You")
    sign_in(page, live_server.url, lead.email)
    page.get_by_role("link", name="Lessons").click()
    page.get_by_role("link", name="Import a plan from a spreadsheet (CSV)").click()
    assert_accessible(page)

    bad = PLAN_CSV + "Year 9,,Online life,Another,Nonsense,Autumn,\n"
    page.get_by_label("CSV file").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("Line 4")
    assert_accessible(page)

    page.get_by_label("CSV file").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": PLAN_CSV.encode()}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("2 lessons to plan")
    assert_accessible(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan imported: 2 lessons planned")).to_be_visible()
    assert_accessible(page)
