"""The DSL opens the school's figures and trends from the home page; the trust lead opens the
trust's schools side by side and one school's figures (issue 14). Every page checked with axe."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import Typology
from haven.reports.tests.factory import NARRATIVE, incident
from haven.schools.tests.conftest import run_queued_tasks
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_dsl_opens_the_dashboard_and_follows_a_figure_to_the_cases(
    live_server, page: Page, cast
):
    for _ in range(2):
        incident(cast, typology=Typology.EXPERIMENTAL_ROMANTIC, referred_after=timedelta(hours=3))
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.get_by_role("link", name="Figures and trends").click()
    expect(page.get_by_role("heading", name="Figures and trends")).to_be_visible()
    expect(page.get_by_test_id("table-platforms")).to_contain_text("Snapchat")
    assert_accessible(page)
    assert NARRATIVE not in page.content()
    figures = page.get_by_test_id("caseload")
    figures.get_by_role("link", name="2 \u2013 see them: open cases").click()
    expect(page.get_by_test_id("behind")).to_contain_text("C-")
    assert_accessible(page)


def test_the_trust_lead_sees_the_schools_and_one_schools_figures(live_server, page: Page, cast):
    incident(cast, sextortion=True)
    base = live_server.url
    sign_in(page, base, cast.trust_lead.email)
    page.get_by_role("link", name="the trust's schools side by side").click()
    expect(page.get_by_test_id("schools")).to_contain_text(cast.school2.name)
    expect(page.get_by_test_id("schools")).to_contain_text("fewer than 5")
    assert_accessible(page)
    page.get_by_role("link", name=cast.school.name).click()
    expect(page.get_by_test_id("table-kinds")).to_contain_text("fewer than 5")
    assert_accessible(page)
    content = page.content()
    assert NARRATIVE not in content
    assert cast.pupil.legal_last_name not in content


def test_the_dsl_asks_for_the_governors_report_and_the_page_shows_it_being_made(
    live_server, page: Page, cast
):
    incident(cast)
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/reports/{cast.school.slug}/")
    page.get_by_role("link", name="Make the governors' report (PDF)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator("#report-progress")).to_contain_text("Waiting to start")
    assert_accessible(page)
    run_queued_tasks()  # what the worker does; the page asks again every second
    expect(page.locator("#report-progress")).to_contain_text("Ready")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith(".pdf")
