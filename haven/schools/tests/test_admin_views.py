"""The school administrator's pages: settings, staff, roles, leavers. Who may, and what is shown."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from haven.accounts.models import Invitation, User
from haven.audit.models import AuditEvent
from haven.cases.models import Case
from haven.schools.models import Role, School, StaffMembership, TeamChange
from haven.schools.tests.conftest import run_queued_tasks

ADMIN_PAGES = [
    "/school/elm/",
    "/school/elm/settings/",
    "/school/elm/staff/",
    "/school/elm/staff/add/",
    "/school/elm/import/pupils/",
]


def member_url(user, action: str = "") -> str:
    return f"/school/elm/staff/{user.pk}/{action}"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_office_administrator_reaches_every_admin_page(cast, client_for, url):
    assert client_for(cast.office).get(url).status_code == 200


@pytest.mark.parametrize(
    "who", ["dsl", "deputy", "head", "teacher", "other_teacher", "trust_lead", "dsl2", "teacher2"]
)
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_everyone_else_gets_not_found_on_admin_pages(cast, client_for, who, url):
    assert client_for(getattr(cast, who)).get(url).status_code == 404


def test_another_schools_administrator_gets_not_found_for_every_page_and_change(
    cast, client_for, office2
):
    client = client_for(office2)
    for url in [*ADMIN_PAGES, member_url(cast.teacher)]:
        assert client.get(url).status_code == 404, url
    assert client.post("/school/elm/settings/", {"name": "Taken"}).status_code == 404
    assert client.post(member_url(cast.teacher, "deactivate/")).status_code == 404
    assert client.post(member_url(cast.teacher, "roles/"), {"roles": ["dsl"]}).status_code == 404
    assert School.objects.get(pk=cast.school.pk).name == "Elm School"
    assert User.objects.get(pk=cast.teacher.pk).is_active
    # A member of staff of another school is not found through one's own school either.
    assert client.get(f"/school/birch/staff/{cast.teacher.pk}/").status_code == 404


def test_the_school_index_goes_straight_to_the_one_school_administered(cast, client_for):
    response = client_for(cast.office).get("/school/")
    assert response.url == "/school/elm/"
    assert client_for(cast.teacher).get("/school/").status_code == 404


# --- Settings -----------------------------------------------------------------------------------


def test_the_administrator_changes_the_name_and_the_change_is_audited(cast, client_for):
    response = client_for(cast.office).post("/school/elm/settings/", {"name": "Elm Academy"})
    assert response.status_code == 302
    school = School.objects.get(pk=cast.school.pk)
    assert school.name == "Elm Academy"
    event = AuditEvent.objects.get(action="schools.settings_changed")
    assert event.actor == cast.office
    assert event.data == {"fields": ["name"]}


def test_the_alert_times_are_shown_to_the_administrator_but_set_by_the_dsl_and_head(
    cast, client_for
):
    data = {"name": "Elm School", "alert_escalation_minutes": "5"}
    client = client_for(cast.office)
    client.post("/school/elm/settings/", data)
    assert School.objects.get(pk=cast.school.pk).alert_escalation_minutes == 30
    page = client.get("/school/elm/settings/").text
    assert "within 30 minutes of the school day (08:00 to 17:00)" in page
    assert "The DSL and the headteacher set these together" in page


# --- Staff --------------------------------------------------------------------------------------


def test_the_staff_list_shows_everyone_with_their_roles(cast, client_for):
    page = client_for(cast.office).get("/school/elm/staff/")
    for person in (cast.dsl, cast.deputy, cast.head, cast.teacher, cast.office):
        assert person.full_name in page.text
    assert "Designated safeguarding lead" in page.text
    assert cast.dsl2.full_name not in page.text


def test_the_staff_list_takes_the_same_queries_however_many_staff(
    cast, client_for, django_assert_max_num_queries
):
    from conftest import make_user

    client = client_for(cast.office)
    client.get("/school/elm/staff/")
    with django_assert_max_num_queries(10) as few:
        client.get("/school/elm/staff/")
    baseline = len(few)  # read now: Django keeps only the latest 9,000 queries
    for n in range(25):
        make_user(cast.school, f"extra{n}@elm.test", f"Extra {n}", Role.STAFF, Role.DSL)
        invite_page(client, f"invited{n}@elm.test", name=f"Invited {n}")
    with django_assert_max_num_queries(baseline):
        page = client.get("/school/elm/staff/")
    assert "Extra 24" in page.text
    assert "Invited 24" in page.text


def test_adding_a_member_of_staff_sends_an_invitation_that_says_only_the_school_and_the_link(
    cast, client_for
):
    form = {"full_name": "Nia New", "email": "Nia@Elm.test", "job_title": "Teacher",
            "roles": ["staff"]}  # fmt: skip
    response = client_for(cast.office).post("/school/elm/staff/add/", form)
    nia = User.objects.get(email="nia@elm.test")
    assert response.url == "/school/elm/staff/"
    assert not nia.has_usable_password()
    assert not StaffMembership.objects.filter(user=nia).exists()  # roles start on accepting
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["nia@elm.test"]
    assert message.subject == "You've been invited to Haven at Elm School"
    lines = [line for line in message.body.splitlines() if line.strip()]
    assert lines[0] == "You've been invited to Haven at Elm School."
    assert lines[1].startswith("http://127.0.0.1:8000/account/invitation/")
    assert len(lines) == 2
    invitation = Invitation.objects.get(user=nia)
    assert (invitation.roles, invitation.full_name) == (["staff"], "Nia New")
    assert invitation.token_hash
    assert invitation.token_hash not in message.body
    event = AuditEvent.objects.get(action="accounts.invitation_created")
    assert (event.actor, event.school, event.data) == (
        cast.office,
        cast.school,
        {"user": nia.pk, "roles": ["staff"]},
    )


def invite_page(client, email, name="Typed Name"):
    form = {"full_name": name, "email": email, "job_title": "", "roles": ["staff"]}
    return client.post("/school/elm/staff/add/", form, follow=True)


def main_part(page: str, address: str) -> str:
    """The page's main content, with the address typed made the same (and tokens removed)."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", main)
    main = re.sub(r"/invitations/[0-9a-f-]+/", "/invitations/ID/", main)
    return main.replace(address, "ADDRESS")


def test_the_answer_is_the_same_whether_or_not_the_address_already_has_an_account(cast, client_for):
    client = client_for(cast.office)
    new = invite_page(client, "nobody-yet@example.test")
    Invitation.objects.update(revoked_at=timezone.now())  # so each page lists one invitation
    known = invite_page(client, cast.dsl2.email)  # Birch's DSL
    assert new.redirect_chain == known.redirect_chain == [("/school/elm/staff/", 302)]
    assert "We have sent an invitation to nobody-yet@example.test." in new.text
    assert f"We have sent an invitation to {cast.dsl2.email}." in known.text
    assert main_part(new.text, "nobody-yet@example.test") == main_part(known.text, cast.dsl2.email)
    assert cast.dsl2.full_name not in known.text
    assert "already uses Haven" not in known.text
    assert not StaffMembership.objects.filter(user=cast.dsl2, school=cast.school).exists()


def test_the_staff_list_shows_an_invitation_with_the_name_typed_never_the_accounts_own(
    cast, client_for
):
    client = client_for(cast.office)
    invite_page(client, cast.dsl2.email, name="Someone Typed")
    page = client.get("/school/elm/staff/").text
    assert "Someone Typed" in page
    assert cast.dsl2.email in page
    assert cast.dsl2.full_name not in page
    invitation = Invitation.objects.get(user=cast.dsl2)
    detail = client.get(f"/school/elm/invitations/{invitation.pk}/")
    assert "Someone Typed" in detail.text
    assert cast.dsl2.full_name not in detail.text


def test_the_administrator_sends_an_invitation_again_or_withdraws_it(cast, client_for):
    client = client_for(cast.office)
    invite_page(client, "nia@elm.test", name="Nia New")
    first = Invitation.objects.get()
    response = client.post(f"/school/elm/invitations/{first.pk}/send-again/")
    assert response.url == "/school/elm/staff/"
    second = Invitation.objects.get(revoked_at=None)
    assert second.pk != first.pk
    assert second.roles == ["staff"]
    client.post(f"/school/elm/invitations/{second.pk}/withdraw/")
    assert not Invitation.objects.filter(revoked_at=None).exists()
    assert AuditEvent.objects.filter(action="accounts.invitation_withdrawn").exists()
    assert client.get(f"/school/elm/invitations/{second.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["dsl", "head", "teacher", "dsl2", "office2"])
def test_nobody_else_sees_or_changes_an_invitation(cast, client_for, office2, who):
    invite_page(client_for(cast.office), "nia@elm.test")
    invitation = Invitation.objects.get()
    client = client_for(office2 if who == "office2" else getattr(cast, who))
    base = f"/school/elm/invitations/{invitation.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "send-again/").status_code == 404
    assert client.post(base + "withdraw/").status_code == 404
    assert client.get(f"/school/birch/invitations/{invitation.pk}/").status_code == 404
    assert Invitation.objects.get().is_pending


def test_an_invitation_form_with_mistakes_keeps_what_was_typed(cast, client_for):
    form = {"full_name": "Nia New", "email": "not-an-address", "roles": []}
    response = client_for(cast.office).post("/school/elm/staff/add/", form)
    assert response.status_code == 200
    assert "Choose at least one role." in response.text
    assert 'value="Nia New"' in response.text
    assert not User.objects.filter(full_name="Nia New").exists()


def test_adding_someone_who_already_uses_haven_gives_them_nothing_until_they_accept(
    cast, client_for
):
    form = {"full_name": "Bo Birch", "email": cast.teacher2.email, "roles": ["staff"]}
    response = client_for(cast.office).post("/school/elm/staff/add/", form)
    assert response.url == "/school/elm/staff/"
    assert not StaffMembership.objects.filter(user=cast.teacher2, school=cast.school).exists()
    assert Invitation.objects.get(user=cast.teacher2).is_pending


def test_adding_someone_who_already_works_here_is_refused_with_the_way_to_their_roles(
    cast, client_for
):
    form = {"full_name": "Tim", "email": cast.teacher.email, "roles": ["staff", "school_admin"]}
    response = client_for(cast.office).post("/school/elm/staff/add/", form)
    assert response.status_code == 200
    assert "already works at this school" in response.text
    assert not Invitation.objects.exists()


def test_changing_staff_and_administrator_roles_happens_at_once_with_audit(cast, client_for):
    client = client_for(cast.office)
    response = client.post(member_url(cast.teacher, "roles/"), {"roles": ["school_admin"]})
    assert response.status_code == 302
    roles = dict(StaffMembership.objects.filter(user=cast.teacher).values_list("role", "is_active"))
    assert roles == {Role.STAFF: False, Role.SCHOOL_ADMIN: True}
    actions = list(AuditEvent.objects.filter(actor=cast.office).values_list("action", flat=True))
    assert actions.count("schools.role_granted") == 1
    assert actions.count("schools.role_removed") == 1


def test_giving_a_safeguarding_role_on_the_staff_page_is_asked_for_not_done(cast, client_for):
    client = client_for(cast.office)
    response = client.post(member_url(cast.teacher, "roles/"), {"roles": ["deputy_dsl"]},
                           follow=True)  # fmt: skip
    assert "roles change when the DSL or headteacher agrees" in response.text
    assert "A change is waiting for a DSL or headteacher to agree" in response.text
    roles = dict(StaffMembership.objects.filter(user=cast.teacher).values_list("role", "is_active"))
    assert roles == {Role.STAFF: True}
    change = TeamChange.objects.get()
    assert (change.roles_added, change.roles_removed) == (["deputy_dsl"], ["staff"])


def test_the_administrator_cannot_remove_their_own_administrator_role(cast, client_for):
    response = client_for(cast.office).post(member_url(cast.office, "roles/"), {"roles": ["staff"]})
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.text
    assert StaffMembership.objects.get(user=cast.office, role=Role.SCHOOL_ADMIN).is_active


def test_deactivating_a_leaver_ends_their_sessions(cast, client_for):
    teacher_session = client_for(cast.teacher)
    client = client_for(cast.office)
    assert client.get(member_url(cast.teacher, "deactivate/")).status_code == 200
    assert User.objects.get(pk=cast.teacher.pk).is_active  # a GET changes nothing
    response = client.post(member_url(cast.teacher, "deactivate/"))
    assert response.url == "/school/elm/staff/"
    teacher = User.objects.get(pk=cast.teacher.pk)
    assert (teacher.is_active, teacher.deactivated_at is not None) == (False, True)
    assert teacher.session_generation == cast.teacher.session_generation + 1
    assert not StaffMembership.objects.filter(user=teacher, is_active=True).exists()
    assert teacher_session.get("/account/home/").status_code == 302  # signed out
    assert AuditEvent.objects.get(action="schools.staff_deactivated").data == {
        "user": teacher.pk, "roles": 1, "account_closed": True,
    }  # fmt: skip
    assert "Deactivated" in client.get("/school/elm/staff/").text


def test_deactivating_the_dsl_waits_for_the_head_and_keeps_their_records(cast, client_for):
    from haven.cases.services import open_case

    case = open_case(actor=cast.dsl, school=cast.school, title="Test", pupils=[])
    dsl_session = client_for(cast.dsl)
    client = client_for(cast.office)
    page = client.get(member_url(cast.dsl, "deactivate/"))
    assert "a DSL or headteacher at the school must agree first" in page.text
    client.post(member_url(cast.dsl, "deactivate/"))
    assert User.objects.get(pk=cast.dsl.pk).is_active  # asked, not done
    assert dsl_session.get("/account/home/").status_code == 200
    change = TeamChange.objects.get()
    client_for(cast.head).post(f"/school/elm/safeguarding-team/{change.pk}/agree/")
    dsl = User.objects.get(pk=cast.dsl.pk)
    assert (dsl.is_active, dsl.deactivated_at is not None) == (False, True)
    assert dsl_session.get("/account/home/").status_code == 302  # signed out
    assert Case.objects.get(pk=case.pk).opened_by_id == dsl.pk
    event = AuditEvent.objects.get(action="schools.staff_deactivated")
    assert (event.actor, event.data["account_closed"]) == (cast.head, True)


def test_a_leaver_who_still_works_at_another_school_keeps_their_account(cast, client_for):
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    client_for(cast.office).post(member_url(cast.teacher, "deactivate/"))
    teacher = User.objects.get(pk=cast.teacher.pk)
    assert teacher.is_active
    assert teacher.deactivated_at is None
    assert not StaffMembership.objects.filter(user=teacher, school=cast.school, is_active=True)


def test_the_administrator_cannot_deactivate_themselves(cast, client_for):
    response = client_for(cast.office).post(member_url(cast.office, "deactivate/"))
    assert response.status_code == 200
    assert "You cannot deactivate yourself" in response.text
    assert User.objects.get(pk=cast.office.pk).is_active


def test_no_admin_page_shows_anything_of_a_case(cast, client_for):
    from haven.cases.services import PupilInCase, open_case

    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Year 9 group chat",
        pupils=[PupilInCase(cast.pupil, "pictured")],
    )
    client = client_for(cast.office)
    pages = [*ADMIN_PAGES, member_url(cast.dsl), "/school/elm/sign-in-resets/",
             "/school/elm/safeguarding-team/"]  # fmt: skip
    for url in pages:
        text = client.get(url).text
        assert case.reference not in text, url
        assert "Year 9 group chat" not in text, url


def test_a_person_with_no_role_at_the_school_is_not_found(cast, client_for):
    assert client_for(cast.office).get(member_url(cast.dsl2)).status_code == 404


def test_the_administrators_overview_leads_to_the_public_pages_editor(cast, client_for):
    page = client_for(cast.office).get(f"/school/{cast.school.slug}/").content.decode()
    editor = f"/s/{cast.school.slug}/manage/"
    assert f'href="{editor}"' in page
    assert client_for(cast.office).get(editor).status_code == 200
