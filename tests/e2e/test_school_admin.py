"""The office administrator imports pupils, invites a teacher, and the teacher joins Haven."""

import re

from playwright.sync_api import Page, expect

from haven.schools.models import Pupil
from haven.schools.tests.conftest import pupils_csv, run_queued_tasks
from tests.e2e.conftest import PASSWORD, assert_accessible, current_code, sign_in
from tests.e2e.test_first_sign_in import code_from_secret

NEW_PASSWORD = "kettle orchard lantern 42"


def import_pupils(page: Page) -> None:
    page.get_by_role("link", name="Import pupils").first.click()
    expect(page.get_by_role("heading", name="Import pupils")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("CSV file").set_input_files(
        {"name": "pupils.csv", "mimeType": "text/csv", "buffer": pupils_csv(5)}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check what will change")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_contain_text("5")
    assert_accessible(page)
    page.get_by_role("button", name="Save these changes").click()
    expect(page.get_by_role("heading", name="Waiting to start")).to_be_visible()
    assert_accessible(page)
    run_queued_tasks()  # the worker picks the import up; the page polls until it is saved
    expect(page.get_by_role("heading", name="Import saved")).to_be_visible()
    expect(page.get_by_text("5 added, 0 changed, 2 marked as left")).to_be_visible()
    assert_accessible(page)


def invite_teacher(page: Page) -> None:
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("heading", name="Staff at Elm School")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a member of staff").click()
    expect(page.get_by_role("heading", name="Add a member of staff")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Work e-mail address").fill("nia@elm.test")
    expect(page.get_by_label("Member of staff")).to_be_checked()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We have sent an invitation to nia@elm.test.")).to_be_visible()
    expect(page.get_by_role("heading", name="Staff at Elm School")).to_be_visible()
    expect(page.get_by_role("link", name="Nia New")).to_be_visible()  # invited, not yet joined
    assert_accessible(page)
    page.get_by_role("link", name="Nia New").click()
    expect(page.get_by_role("heading", name="Nia New")).to_be_visible()
    assert_accessible(page)


def test_the_office_imports_pupils_and_invites_a_teacher_who_then_joins(
    live_server, page: Page, cast, mailoutbox
):
    sign_in(page, live_server.url, cast.office.email)
    page.get_by_role("link", name=re.compile("Manage school settings")).click()
    expect(page.get_by_role("heading", name="Manage Elm School")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="School settings")).to_be_visible()
    assert_accessible(page)

    import_pupils(page)
    assert Pupil.objects.filter(school=cast.school, on_roll=True).count() == 5

    invite_teacher(page)
    run_queued_tasks()  # the worker sends the invitation e-mail
    (message,) = mailoutbox
    link = re.search(r"/account/invitation/[^/\s]+/", message.body)[0]
    page.get_by_role("button", name="Sign out", exact=True).click()

    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Set up your Haven account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Code from your app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page).to_have_url(re.compile(r"/account/home/$"))
    expect(page.get_by_text("Record a concern about a pupil")).to_be_visible()
    assert_accessible(page)

    # The link worked once.
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page)


def test_the_dsl_agrees_to_the_offices_request_to_reset_a_lost_authenticator(
    live_server, page: Page, cast
):
    from haven.accounts.models import TOTPDevice
    from haven.accounts.resets import request_mfa_reset

    request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    sign_in(page, live_server.url, cast.dsl.email)
    page.get_by_role("link", name="Reset a colleague's authenticator app").click()
    expect(page.get_by_role("heading", name="Authenticator app resets")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Agree and reset Tim Teacher's app").click()
    expect(page.get_by_text("Reset done")).to_be_visible()
    assert_accessible(page)
    assert not TOTPDevice.objects.filter(user=cast.teacher).exists()


def test_the_office_asks_for_a_new_deputy_and_the_dsl_agrees(live_server, page: Page, cast):
    from haven.schools.models import Role, StaffMembership

    sign_in(page, live_server.url, cast.office.email)
    page.goto(f"{live_server.url}/school/elm/staff/{cast.teacher.pk}/")
    page.get_by_label("Deputy designated safeguarding lead").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("roles change when the DSL or headteacher agrees")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out", exact=True).click()

    sign_in(page, live_server.url, cast.dsl.email)
    page.get_by_role("link", name="Changes to the safeguarding team").click()
    expect(page.get_by_role("heading", name="Changes to the safeguarding team")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Agree to the change for Tim Teacher").click()
    expect(page.get_by_text("Agreed. The change has been made")).to_be_visible()
    assert_accessible(page)
    held = StaffMembership.objects.filter(user=cast.teacher, is_active=True)
    assert set(held.values_list("role", flat=True)) == {Role.STAFF, Role.DEPUTY_DSL}


def test_someone_who_already_uses_haven_joins_another_school_after_signing_in(
    live_server, page: Page, cast, mailoutbox
):
    from haven.accounts.services import invite_staff_member
    from haven.schools.models import Role

    invite_staff_member(actor=None, school=cast.school2, email=cast.teacher.email,
                        full_name="Tim Teacher", roles=[Role.STAFF])  # fmt: skip
    run_queued_tasks()
    link = re.search(r"/account/invitation/[^/\s]+/", mailoutbox[-1].body)[0]
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()
    page.get_by_label("E-mail address").fill(cast.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(current_code(cast.teacher.email))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Join Birch School in Haven")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Join Birch School").click()
    expect(page.get_by_text("You have joined Birch School in Haven.")).to_be_visible()
    expect(page.get_by_role("heading", name="Birch School")).to_be_visible()
    assert_accessible(page)
