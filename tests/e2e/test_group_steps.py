"""A 12-pupil incident in a browser: the DSL records parents or carers told for all but one pupil
in one step, and the case then shows each pupil's status (issue 13)."""

import pytest
from playwright.sync_api import Page, expect

from conftest import make_pupil
from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_parents_told_for_eleven_of_twelve_pupils_in_one_step(live_server, page: Page, cast):
    others = [make_pupil(cast.school, f"D{n:012d}", f"Pupil{n}", "Group") for n in range(10)]
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="A picture shared in a year group chat",
        pupils=[PupilInCase(p, [PupilRole.RECIPIENT]) for p in [cast.pupil, cast.pupil2, *others]],
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/cases/{case.pk}/parents/")
    page.get_by_role("link", name="Record several pupils' parents or carers at once").click()
    assert_accessible(page)
    # Everyone is ticked to start with: untick Sam, and say why.
    page.get_by_role("checkbox", name="Sam Jones").uncheck()
    page.get_by_label("Who was told?").fill("Parent or carer")
    page.get_by_label("By letter or e-mail").check()
    page.get_by_role("button", name="Record that they were told").click()
    # Without a reason for Sam the page says so and keeps what was typed.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why Sam Jones's")
    expect(page.get_by_label("Who was told?")).to_have_value("Parent or carer")
    assert_accessible(page)
    page.get_by_label("If Sam Jones's were not told, why not?").fill(
        "His mother could not be reached today."
    )
    page.get_by_role("button", name="Record that they were told").click()

    expect(page.get_by_text("Recorded: parents or carers told.")).to_be_visible()
    rows = page.locator(".govuk-summary-list__row")
    expect(rows).to_have_count(12)
    expect(rows.filter(has_text="Sam Jones")).to_contain_text(
        "Not told yet: His mother could not be reached today."
    )
    expect(rows.filter(has_text="Told: Parent or carer")).to_have_count(11)
    assert_accessible(page)
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#task-parents-status")).to_have_text("In progress")
    expect(page.locator("#task-parents-hint")).to_have_text("11 of 12 pupils")
