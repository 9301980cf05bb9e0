"""Families and young people use the school's public pages on a phone, by keyboard alone: they
tell the school, keep their reference, come back with their code and read the reply. Every page
can be left at once with "Exit this page", by its button or by pressing Shift three times."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from haven.concerns.models import Concern
from haven.concerns.services import reply_to_public_report
from haven.public.tests.conftest import seed_directory
from haven.schools.models import Role, StaffMembership
from tests.e2e.conftest import assert_accessible, sign_in

PHONE = {"width": 375, "height": 740}
NEUTRAL = "https://www.bbc.co.uk/weather"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def school(cast):
    seed_directory()
    StaffMembership.objects.filter(school=cast.school, role=Role.DSL).update(public_contact=True)
    return cast.school


def intercept_neutral_site(page: Page) -> None:
    """The exit goes to a real outside site; answer it here so no network is used."""
    page.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )


def tab_to(page: Page, target: Locator, most: int = 80) -> None:
    """Press Tab until the target has focus, as someone using only a keyboard would."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def test_a_parent_tells_the_school_by_keyboard_on_a_phone_and_reads_the_reply(
    live_server, phone: Page, school, cast
):
    page = phone
    page.goto(f"{live_server.url}/s/{school.slug}/let-us-know/")
    expect(page.get_by_role("heading", name="Let us know")).to_be_visible()
    assert_accessible(page)
    type_into(page, page.get_by_label("What has happened?"), "A photo of my son is being shared.")
    type_into(page, page.get_by_label("Which child or young person"), "Sam, Year 9")
    type_into(page, page.get_by_label("Your name (optional)"), "Pat Parent")
    tab_to(page, page.get_by_role("radio", name="By phone"))
    page.keyboard.press("Space")
    type_into(page, page.get_by_label("Your phone number or e-mail address"), "07700 900 982")
    tab_to(page, page.get_by_role("button", name="Send to the school"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Sent to the school")).to_be_visible()
    assert_accessible(page)
    reference = page.get_by_test_id("reference").inner_text()
    code = page.get_by_test_id("secret-code").inner_text()
    concern = Concern.objects.get(reference=reference)
    assert (concern.source, concern.school_id) == ("parent", school.pk)
    assert concern.public_report.contact_name == "Pat Parent"

    reply_to_public_report(actor=cast.dsl, concern=concern, text="Thank you. We will phone today.")
    read_reply(page, live_server.url, school, reference, code, "Thank you. We will phone today.")


def test_a_young_person_asks_for_help_anonymously_by_keyboard_and_reads_the_reply(
    live_server, phone: Page, school, cast
):
    page = phone
    page.goto(f"{live_server.url}/s/{school.slug}/i-need-help/")
    expect(page.get_by_role("heading", name="I need help")).to_be_visible()
    assert_accessible(page)
    type_into(page, page.get_by_label("What happened?"), "Someone wants more pictures or else.")
    # No name: the report stays anonymous.
    tab_to(page, page.get_by_role("radio", name="Talk to me quietly in school"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # arrows move through the choices, choosing each
    expect(page.get_by_role("radio", name=re.compile("^Do not contact me"))).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send to the school"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Sent to the school")).to_be_visible()
    expect(page.get_by_text("You did the right thing by telling us.")).to_be_visible()
    assert_accessible(page)
    reference = page.get_by_test_id("reference").inner_text()
    code = page.get_by_test_id("secret-code").inner_text()
    concern = Concern.objects.get(reference=reference)
    assert (concern.source, concern.public_report.anonymous) == ("pupil", True)

    reply_to_public_report(actor=cast.dsl, concern=concern, text="We are here. Come to room 4.")
    read_reply(page, live_server.url, school, reference, code, "We are here. Come to room 4.")


def read_reply(page: Page, base: str, school, reference: str, code: str, reply: str) -> None:
    page.goto(f"{base}/s/{school.slug}/check/")
    assert_accessible(page)
    type_into(page, page.get_by_label("Reference"), reference)
    type_into(page, page.get_by_label("Secret code"), code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your report")).to_be_visible()
    expect(page.get_by_test_id("reply")).to_contain_text(reply)
    assert_accessible(page)
    type_into(page, page.get_by_label("Add more to your report"), "It is on a second app now.")
    tab_to(page, page.get_by_role("button", name="Add to my report"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("We have added this to your report.")).to_be_visible()
    assert Concern.objects.get(reference=reference).additions.count() == 1


def test_a_mistake_in_the_form_is_explained_and_what_was_typed_is_kept(
    live_server, phone: Page, school
):
    page = phone
    page.goto(f"{live_server.url}/s/{school.slug}/let-us-know/")
    page.get_by_label("What has happened?").fill("<script>document.title='x'</script> it started")
    page.get_by_role("button", name="Send to the school").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("^Choose how we can contact you"))
    ).to_be_visible()
    expect(page.get_by_label("What has happened?")).to_have_value(
        "<script>document.title='x'</script> it started"
    )
    assert page.title() != "x"
    assert_accessible(page)


def test_exit_this_page_leaves_at_once_when_clicked(live_server, page: Page, school):
    intercept_neutral_site(page)
    page.goto(f"{live_server.url}/s/{school.slug}/parents/")
    assert_accessible(page)
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(NEUTRAL)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()


def test_exit_this_page_leaves_when_shift_is_pressed_three_times(live_server, page: Page, school):
    intercept_neutral_site(page)
    page.goto(f"{live_server.url}/s/{school.slug}/young-people/")
    expect(page.locator(".govuk-exit-this-page__indicator")).to_have_count(1)  # script ready
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url(NEUTRAL)


def test_the_exit_link_sends_no_referrer(live_server, page: Page, school):
    page.goto(f"{live_server.url}/s/{school.slug}/")
    button = page.get_by_role("button", name="Emergency Exit this page")
    assert "noreferrer" in button.get_attribute("rel")
    seen = []
    page.route(
        "https://www.bbc.co.uk/**",
        lambda route: (
            seen.append(route.request.headers.get("referer")),
            route.fulfill(status=200, content_type="text/html", body="<h1>Weather</h1>"),
        ),
    )
    button.click()
    expect(page).to_have_url(NEUTRAL)
    assert seen == [None]


def test_public_pages_send_no_referrer_to_other_sites(live_server, page: Page, school):
    page.goto(f"{live_server.url}/s/{school.slug}/parents/")
    assert page.locator('meta[name="referrer"]').get_attribute("content") == "same-origin"


@pytest.mark.parametrize("path", ["", "parents/", "young-people/", "support/", "contacts/"])
def test_every_information_page_is_accessible_on_a_phone(live_server, phone: Page, school, path):
    phone.goto(f"{live_server.url}/s/{school.slug}/{path}")
    expect(phone.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert_accessible(phone)


def test_the_school_admin_edits_the_parents_page_with_a_preview(live_server, page: Page, school):
    sign_in(page, live_server.url, "office@elm.test")
    page.goto(f"{live_server.url}/s/{school.slug}/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="Change information for parents and carers").click()
    assert_accessible(page)
    page.get_by_label("Page text").fill("## Talk to us\n\nOur door is always open.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("preview").get_by_role("heading", name="Talk to us")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Saved. The public page now shows this version.")).to_be_visible()
    page.get_by_role("link", name="See every version").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/s/{school.slug}/parents/")
    expect(page.get_by_text("Our door is always open.")).to_be_visible()


def test_the_school_admins_other_editors_are_accessible(live_server, page: Page, school):
    sign_in(page, live_server.url, "office@elm.test")
    for path in ("support/", "support/add/", "contacts/", "policy/"):
        page.goto(f"{live_server.url}/s/{school.slug}/manage/{path}")
        assert_accessible(page)
    page.goto(f"{live_server.url}/s/{school.slug}/manage/support/")
    page.get_by_role("button", name="Hide Shore").click()
    expect(page.get_by_text("Hid Shore.")).to_be_visible()
    assert_accessible(page)


def test_the_school_admin_publishes_the_policy_from_a_word_document(
    live_server, page: Page, phone: Page, school
):
    from haven.lib.tests.samples import docx

    sign_in(page, live_server.url, "office@elm.test")
    page.goto(f"{live_server.url}/s/{school.slug}/manage/policy/")
    page.get_by_label("Upload the policy").set_input_files(
        files=[
            {
                "name": "Safeguarding policy.docx",
                "mimeType": "application/octet-stream",
                "buffer": docx("Safeguarding policy", "Everyone here keeps children safe."),
            }
        ]
    )
    page.get_by_role("button", name="Read the words from the file").click()
    expect(page.get_by_test_id("read-from")).to_contain_text("Safeguarding policy.docx")
    expect(page.get_by_test_id("preview")).to_contain_text("Everyone here keeps children safe.")
    assert_accessible(page)
    page.get_by_label("Link to the policy on your school's website (optional)").fill(
        "https://www.elm.sch.uk/policy"
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. The policy page now shows these words.")).to_be_visible()
    assert_accessible(page)

    phone.goto(f"{live_server.url}/s/{school.slug}/")
    phone.get_by_role("link", name="Our safeguarding policy").click()
    expect(phone.get_by_role("heading", name="Our safeguarding policy")).to_be_visible()
    expect(phone.get_by_test_id("policy-text")).to_contain_text(
        "Everyone here keeps children safe."
    )
    expect(
        phone.get_by_role("link", name="read the policy on our school's website")
    ).to_be_visible()
    assert_accessible(phone)
