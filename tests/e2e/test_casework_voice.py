"""The casework pages of issue 13 in a browser, each checked with axe: a conversation with a young
person recorded from their line on the task list; an unavoidable viewing; a device search; the
same support action for several pupils."""

import pytest
from playwright.sync_api import Page, expect

from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_dsl_records_a_young_persons_views_from_the_task_list(live_server, page: Page, cast):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image shared between two pupils",
        pupils=[
            PupilInCase(cast.pupil, [PupilRole.PICTURED]),
            PupilInCase(cast.pupil2, [PupilRole.RECIPIENT]),
        ],
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator(f"#task-voice-{cast.pupil2.pk}-status")).to_have_text("Not yet talked with")
    page.get_by_role("link", name="Talk with Sam Jones").click()
    expect(page.get_by_label("Which young person?")).to_have_value(str(cast.pupil2.pk))
    assert_accessible(page)
    page.get_by_label("Who talked with them?").select_option(label=cast.dsl.full_name)
    page.get_by_label("What did they say they think, and want to happen?").fill(
        "I deleted it straight away. I want to know it is gone from everyone's phone."
    )
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("never promise")
    expect(page.get_by_label("What did they say they think, and want to happen?")).to_have_value(
        "I deleted it straight away. I want to know it is gone from everyone's phone."
    )
    page.get_by_label("No promise was made to keep this secret").check()
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.get_by_text("Recorded: the conversation with the young person.")).to_be_visible()
    expect(page.locator(".govuk-summary-list__row").filter(has_text="Sam Jones")).to_contain_text(
        "In their words: I deleted it straight away."
    )
    assert_accessible(page)
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_role("link", name="Talk with Sam Jones")).to_have_count(0)
    expect(page.get_by_role("link", name="Talk with Lex Morgan")).to_be_visible()

    for address in ("imagery/seen/", "devices/searches/", "support/group/"):
        page.goto(f"{base}/cases/{case.pk}/{address}")
        assert_accessible(page)
