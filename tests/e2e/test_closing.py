"""Closing settles everything, in a browser: a DSL tries to close a case with a device still
held, sees why not in words, and follows the link to where it is settled (issue 12)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from haven.cases.models import Case, CaseStatus, PupilRole
from haven.cases.services import (
    PupilInCase,
    ReviewInput,
    open_case,
    record_confiscation,
    record_initial_review,
)
from haven.cases.tests.conftest import settle
from haven.cases.tests.facts import ALL_CLEAR
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

HELD = "1 device is still held in school"


def version(case: Case) -> int:
    case.refresh_from_db()
    return case.version


def case_with_a_device_held(cast) -> Case:
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="A phone taken at lunchtime",
        pupils=[PupilInCase(cast.pupil, [PupilRole.PICTURED, PupilRole.SENDER])],
    )
    record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=version(case),
        review=ReviewInput(sections=ALL_CLEAR),
    )
    settle(case, cast.dsl)
    record_confiscation(
        actor=cast.dsl,
        case=case,
        expected_version=version(case),
        description="Black phone in a blue case",
        confiscated_at=timezone.now() - timedelta(minutes=10),
        switched_off=True,
        stored_where="The safe in the DSL's office",
        pupil=cast.pupil,
    )
    return case


def test_a_dsl_cannot_close_a_case_with_a_device_still_held_and_sees_why(
    live_server, page: Page, cast
):
    case = case_with_a_device_held(cast)
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/cases/{case.pk}/")
    closure = page.locator("#task-closure-status")
    expect(closure).to_have_text("Cannot close yet")
    expect(page.locator("#task-closure-hint")).to_contain_text(HELD)

    page.get_by_role("link", name="Closure").click()
    expect(page.get_by_test_id("blockers")).to_contain_text(HELD)
    assert_accessible(page)
    page.get_by_label("No further action needed").check()
    page.get_by_label("Why can the case close?").fill("Support is in place and working.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("alert")).to_contain_text(HELD)
    expect(page.get_by_label("Why can the case close?")).to_have_value(
        "Support is in place and working."
    )
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    page.get_by_role("link", name="Go to a device still held").click()
    expect(page).to_have_url(f"{base}/cases/{case.pk}/devices/")
    expect(page.get_by_role("heading", name="Black phone in a blue case")).to_be_visible()
