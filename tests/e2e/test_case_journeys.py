"""Three whole cases, walked as a DSL would walk them, each from a case opened through the services.

1. A consensual pair, managed in school with the headteacher's agreement (the head signs in in a
   second browser and agrees).
2. Sextortion: an unverified online contact making threats; referred to the police, and Report
   Remove offered.
3. A pupil presenting as suicidal: referred at once; closing is refused until the referral is
   recorded, acknowledged and everything else settled.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from haven.cases.forms.review import FACTS  # the rules' facts, as the review page asks them
from haven.cases.models import Case, CaseStatus, HeadAgreement, PupilRole
from haven.cases.rules import fact_question
from haven.cases.services import PupilInCase, open_case, record_acknowledgement
from haven.cases.tests.conftest import settle
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def version(case: Case) -> int:
    case.refresh_from_db()
    return case.version


def opened(cast, title, *pupils) -> Case:
    return open_case(actor=cast.dsl, school=cast.school, title=title, pupils=list(pupils))


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(choice, exact=True).check()


def answer_facts(page: Page, yes: tuple[str, ...] = ()) -> None:
    """Answer every fact on the review: yes to those named ("risk.immediate_danger"), else no."""
    for section, names in FACTS.items():
        for name in names:
            path = f"{section}.{name}"
            answer(page, fact_question(path), "Yes" if path in yes else "No")


def task_status(page: Page, key: str):
    """The status of one task on the case page, by its key ("review", "referrals")."""
    return page.locator(f"#task-{key}-status")


def open_the_case(page: Page, base: str, case: Case) -> None:
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=case.title)).to_be_visible()
    assert_accessible(page)


def test_a_consensual_pair_is_managed_in_school_with_the_heads_agreement(
    live_server, page: Page, browser, cast
):
    case = opened(
        cast,
        "Images shared between two Year 9 pupils",
        PupilInCase(cast.pupil, PupilRole.PICTURED),
        PupilInCase(cast.pupil2, PupilRole.RECIPIENT),
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    page.goto(f"{base}/cases/")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(task_status(page, "review")).to_have_text("Not yet started")
    assert_accessible(page)

    page.get_by_role("link", name="Initial review").click()
    assert_accessible(page)
    answer_facts(page)
    answer(page, "Should parents or carers be told?", "Yes")
    page.get_by_label("What does each young person want to happen?").fill(
        "Both want it deleted and to move on."
    )
    expect(page.locator("#assessment")).to_contain_text("You may decide to manage this in school")
    assert_accessible(page)
    page.get_by_role("button", name="Save the review").click()
    # Saved, the review leads straight on to the step it allows: managing in school.
    expect(page.get_by_text("The initial review is saved. Next: decide whether")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/manage-in-school/$"))
    assert_accessible(page)
    page.get_by_label("What will the school do?").fill(
        "Pastoral support for both; ask both to delete the images; talk to both families."
    )
    page.get_by_label("Why can the risks be managed in school?").fill(
        "Same age, consensual, not shared further, no criterion met."
    )
    page.get_by_role("button", name="Ask the headteacher to agree").click()
    expect(page.get_by_text("The headteacher has been asked to agree")).to_be_visible()

    head_context = browser.new_context()
    head = head_context.new_page()
    sign_in(head, base, cast.head.email)
    head.goto(f"{base}/cases/agreements/")
    assert_accessible(head)
    head.get_by_role("link", name=re.compile(case.reference)).click()
    expect(head.get_by_text("Same age, consensual")).to_be_visible()
    assert_accessible(head)
    head.get_by_label("Yes, I agree").check()
    head.get_by_role("button", name="Send your answer").click()
    expect(head.get_by_text("Your answer is recorded.")).to_be_visible()
    head_context.close()

    page.goto(f"{base}/cases/{case.pk}/decisions/")
    expect(page.get_by_text("Agreed by the headteacher")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/cases/{case.pk}/take-down/")
    assert_accessible(page)
    page.get_by_label("Lex Morgan").check()
    page.get_by_label("Sam Jones").check()
    page.get_by_label("Confirm deletion by").fill(
        (timezone.localdate() + timedelta(days=2)).isoformat()
    )
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("Recorded: asked to delete the imagery.")).to_be_visible()
    for pupil in ("Lex Morgan", "Sam Jones"):
        page.get_by_role("link", name=f"Confirm deletion by {pupil}").click()
        assert_accessible(page)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Deletion confirmed.")).to_be_visible()

    page.goto(f"{base}/cases/{case.pk}/support/")
    assert_accessible(page)
    page.get_by_label("What needs doing?").fill("Check in with both pupils after a week.")
    page.get_by_label("Whose job is it?").select_option(label="Derek Deputy")
    page.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.get_by_role("link", name=re.compile("Done or cancel")).click()
    assert_accessible(page)
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The action is updated.")).to_be_visible()

    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.get_by_text("Manage in school: agreed")).to_be_visible()
    page.get_by_role("link", name="Closure").click()
    blockers = page.get_by_test_id("blockers")
    expect(blockers).to_contain_text("Parents and carers: nothing recorded for 2 of 2 pupils")
    expect(blockers).to_contain_text("Record the type of incident")
    settle(case, cast.dsl)  # both families told, the typology recorded
    page.reload()
    expect(page.get_by_test_id("blockers")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Managed in school").check()
    page.get_by_label("Why can the case close?").fill("Both supported; deletion confirmed.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("The case is closed.")).to_be_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.decisions.get(type="manage_in_school").head_agreement == HeadAgreement.AGREED


def test_a_sextortion_case_is_referred_to_the_police_with_take_down_help(
    live_server, page: Page, cast
):
    case = opened(
        cast, "Pupil threatened by an online contact", PupilInCase(cast.pupil, PupilRole.PICTURED)
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    open_the_case(page, base, case)

    page.get_by_role("link", name="Initial review").click()
    answer_facts(
        page,
        yes=(
            "circumstances.threats_or_blackmail",
            "circumstances.money_or_more_images_demanded",
            "circumstances.online_contact_unverified",
        ),
    )
    person = page.get_by_role("group", name="Other person 1")
    person.get_by_role("group", name="What part did they have?").get_by_label(
        "Asked for it"
    ).check()
    person.get_by_role("group", name="Are they a pupil (here or at another school)?").get_by_label(
        "No", exact=True
    ).check()
    person.get_by_label("Who are they?").fill("Unknown online contact posing as a teenager")
    assessment = page.locator("#assessment")
    expect(assessment).to_contain_text("Coercion, blackmail, grooming or capacity to consent")
    expect(assessment).to_contain_text("sextortion often starts")
    expect(assessment).to_contain_text("How old is other person 1?")
    assert_accessible(page)
    page.get_by_role("button", name="Save the review").click()
    # A criterion is met: saved, the review leads straight on to the referral.
    expect(page.get_by_text("Next: make the referral.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/referrals/$"))
    assert_accessible(page)
    page.get_by_label("Police, by 101").check()
    page.get_by_label("Phone call").check()
    page.get_by_label("Their reference number").fill("TVP-2611-0042")
    page.get_by_label("What did you share?").fill(
        "Lex said an account demanded money and threatened to send the image to friends."
    )
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("The referral is recorded.")).to_be_visible()
    expect(task_status(page, "referrals")).to_have_text("Completed")

    page.get_by_role("link", name="Take-down and deleting").click()
    expect(page.get_by_text("Staff never upload, view or send the imagery")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which young person?").select_option(label="Lex Morgan")
    page.get_by_label(re.compile("^Report Remove")).check()
    page.get_by_label("What was the young person helped to do?").fill(
        "Make a Report Remove report from their own phone, with Childline."
    )
    page.get_by_role("button", name="Record the help offered").click()
    expect(page.get_by_text("The take-down help is recorded.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Record what happened")).click()
    assert_accessible(page)
    page.get_by_label("The young person made the report").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The outcome is recorded.")).to_be_visible()

    page.goto(f"{base}/cases/{case.pk}/typology/")
    assert_accessible(page)
    page.get_by_label("Aggravated: an adult involved").check()
    page.get_by_label("Sextortion (financially motivated sexual extortion)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The type is recorded.")).to_be_visible()
    expect(page.get_by_text("Take-down help offered: Report Remove")).to_be_visible()
    case.refresh_from_db()
    assert case.sextortion
    assert case.referrals.get().reference_number == "TVP-2611-0042"


def test_a_suicidal_pupil_is_referred_at_once_and_closing_waits_for_the_referral(
    live_server, page: Page, cast
):
    case = opened(
        cast,
        "Pupil distressed after an image was shared",
        PupilInCase(cast.pupil2, PupilRole.PICTURED),
    )
    base = live_server.url
    sign_in(page, base, cast.dsl.email)
    open_the_case(page, base, case)
    page.get_by_role("link", name="Initial review").click()
    answer_facts(page, yes=("risk.suicidal_or_self_harming",))
    expect(page.locator("#assessment")).to_contain_text("A child is at immediate risk of harm")
    page.get_by_role("button", name="Save the review").click()
    expect(page).to_have_url(re.compile(r"/referrals/$"))
    open_the_case(page, base, case)
    expect(page.get_by_test_id("next-step")).to_contain_text("Make the referral")
    expect(task_status(page, "referrals")).to_have_text("Referral required")
    expect(task_status(page, "closure")).to_have_text("Cannot close yet")

    page.get_by_role("link", name="Closure").click()
    expect(page.get_by_test_id("blockers")).to_contain_text("A referral is required")
    assert_accessible(page)
    page.get_by_label("No further action needed").check()
    page.get_by_label("Why can the case close?").fill("Pupil is safe at home now.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("alert")).to_contain_text("A referral is required")
    expect(page.get_by_label("Why can the case close?")).to_have_value("Pupil is safe at home now.")
    assert_accessible(page)

    page.goto(f"{base}/cases/{case.pk}/referrals/")
    page.get_by_label("Children's social care (MASH or front door)").check()
    page.get_by_label("Phone call").check()
    page.get_by_label("What did you share?").fill("Sam said they wanted to die; parents told.")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("The referral is recorded.")).to_be_visible()

    page.get_by_role("link", name="Closure").click()
    blockers = page.get_by_test_id("blockers")
    expect(blockers).to_contain_text("A referral has not been acknowledged")
    expect(blockers).to_contain_text("Parents and carers: nothing recorded for 1 of 1 pupils")
    expect(blockers).to_contain_text("Record the type of incident")
    referral = case.referrals.get()
    record_acknowledgement(
        actor=cast.dsl,
        referral=referral,
        expected_version=version(case),
        acknowledged_at=timezone.now(),
    )
    settle(case, cast.dsl)
    page.reload()
    expect(page.get_by_test_id("blockers")).to_have_count(0)
    page.get_by_label("Children's social care took action").check()
    page.get_by_label("Why can the case close?").fill(
        "Children's social care leads; school support in place."
    )
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("The case is closed.")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
