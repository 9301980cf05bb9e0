"""Changes to the safeguarding team (DSL, deputy DSL, headteacher) take two people, alert the
team and are audited. Staff and administrator roles stay a one-person change."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from haven.accounts import mfa
from haven.accounts.emails import issue_invitation_token
from haven.accounts.models import Invitation, TOTPDevice, User
from haven.accounts.services import AccountError, invite_staff_member
from haven.agreements.models import AgreementStatus
from haven.agreements.services import AgreementRefused, refuse, withdraw
from haven.alerts.models import Alert
from haven.audit.models import AuditEvent
from haven.schools.joining import accept_invitation
from haven.schools.models import Role, StaffMembership, TeamChange
from haven.schools.services import SchoolError
from haven.schools.team import (
    CHANGE_ASKED,
    TEAM_CHANGE,
    TEAM_CHANGED,
    agree_to_team_change,
    ask_for_roles,
    change_staff_roles,
    deactivate_or_ask,
    deactivate_staff_member,
)

TEAM_PAGE = "/school/elm/safeguarding-team/"


def held(user) -> set[str]:
    memberships = StaffMembership.objects.filter(user=user, is_active=True)
    return set(memberships.values_list("role", flat=True))


def alerted(reason: str) -> set[int]:
    return set(Alert.objects.filter(reason=reason).values_list("recipient_id", flat=True))


def make_teacher_a_deputy(cast) -> TeamChange:
    change = change_staff_roles(actor=cast.office, school=cast.school, user=cast.teacher,
                                roles=[Role.STAFF, Role.DEPUTY_DSL])  # fmt: skip
    assert change is not None
    return change


# --- The two people -----------------------------------------------------------------------------


def test_the_administrator_asks_nothing_changes_and_the_team_is_told(cast):
    change = make_teacher_a_deputy(cast)
    assert held(cast.teacher) == {Role.STAFF}
    assert (change.status, change.roles_added, change.roles_removed) == (
        "pending",
        ["deputy_dsl"],
        [],
    )
    assert alerted(CHANGE_ASKED) == {cast.dsl.pk, cast.deputy.pk, cast.head.pk}
    event = AuditEvent.objects.get(action="schools.team_change_requested")
    assert (event.actor, event.school) == (cast.office, cast.school)
    assert event.data == {"user": cast.teacher.pk, "kind": "roles", "added": ["deputy_dsl"],
                          "removed": [], "requested_by": cast.office.pk}  # fmt: skip


def test_the_dsl_agrees_and_the_role_starts_and_the_whole_team_is_told(cast):
    change = make_teacher_a_deputy(cast)
    agree_to_team_change(actor=cast.dsl, change=change)
    assert held(cast.teacher) == {Role.STAFF, Role.DEPUTY_DSL}
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AgreementStatus.DONE, cast.dsl)
    assert alerted(TEAM_CHANGED) == {cast.dsl.pk, cast.deputy.pk, cast.head.pk, cast.teacher.pk}
    agreed = AuditEvent.objects.get(action="schools.team_change_agreed")
    granted = AuditEvent.objects.get(action="schools.role_granted", actor=cast.dsl)
    assert agreed.actor == cast.dsl
    assert granted.data == {"role": "deputy_dsl", "user": cast.teacher.pk,
                            "change": str(change.pk)}  # fmt: skip


@pytest.mark.parametrize("who", ["head", "dsl"])
def test_a_dsl_or_head_asks_and_another_agrees(cast, who):
    asker, approver = (cast.head, cast.dsl) if who == "head" else (cast.dsl, cast.head)
    change = ask_for_roles(actor=asker, school=cast.school, user=cast.teacher,
                           roles=[Role.STAFF, Role.DEPUTY_DSL])  # fmt: skip
    with pytest.raises(AgreementRefused, match="You asked for this change"):
        agree_to_team_change(actor=asker, change=change)
    agree_to_team_change(actor=approver, change=change)
    assert Role.DEPUTY_DSL in held(cast.teacher)


@pytest.mark.parametrize("who", ["office", "deputy", "teacher", "dsl2"])
def test_only_a_dsl_or_head_of_the_school_may_agree(cast, office2, who):
    change = ask_for_roles(actor=cast.head, school=cast.school, user=cast.teacher,
                           roles=[Role.STAFF, Role.DEPUTY_DSL])  # fmt: skip
    with pytest.raises(AgreementRefused):
        agree_to_team_change(actor=getattr(cast, who), change=change)
    assert held(cast.teacher) == {Role.STAFF}
    assert TeamChange.objects.get().status == AgreementStatus.PENDING


def test_the_person_changed_cannot_agree_to_their_own_change(cast):
    change = change_staff_roles(actor=cast.office, school=cast.school, user=cast.dsl,
                                roles=[Role.DSL, Role.HEADTEACHER])  # fmt: skip
    assert change is not None
    with pytest.raises(AgreementRefused, match="This change is about you"):
        agree_to_team_change(actor=cast.dsl, change=change)
    agree_to_team_change(actor=cast.head, change=change)
    assert held(cast.dsl) == {Role.DSL, Role.HEADTEACHER}


def test_the_asker_must_still_be_allowed_to_ask_when_it_is_agreed(cast):
    change = make_teacher_a_deputy(cast)
    StaffMembership.objects.filter(user=cast.office).update(is_active=False)
    with pytest.raises(AgreementRefused, match="no longer has a role"):
        agree_to_team_change(actor=User.objects.get(pk=cast.dsl.pk), change=change)


def test_only_one_change_per_person_waits_at_a_time_and_someone_else_may_refuse_it(cast):
    change = make_teacher_a_deputy(cast)
    with pytest.raises(AgreementRefused, match="already waiting"):
        ask_for_roles(actor=cast.head, school=cast.school, user=cast.teacher,
                      roles=[Role.STAFF, Role.HEADTEACHER])  # fmt: skip
    refuse(TEAM_CHANGE, actor=cast.head, agreement=change)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AgreementStatus.REFUSED, cast.head)
    assert AuditEvent.objects.filter(action="schools.team_change_refused").exists()
    with pytest.raises(AgreementRefused, match="already been decided or withdrawn"):
        agree_to_team_change(actor=cast.dsl, change=change)
    assert held(cast.teacher) == {Role.STAFF}


def test_only_the_asker_may_withdraw_a_change_and_the_asker_may_not_refuse_it(cast):
    change = make_teacher_a_deputy(cast)  # asked for by the office
    with pytest.raises(AgreementRefused, match="Only the person who asked"):
        withdraw(TEAM_CHANGE, actor=cast.head, agreement=change)
    with pytest.raises(AgreementRefused, match="You asked for this change"):
        refuse(TEAM_CHANGE, actor=cast.office, agreement=change)
    withdraw(TEAM_CHANGE, actor=cast.office, agreement=change)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AgreementStatus.WITHDRAWN, cast.office)
    assert AuditEvent.objects.filter(action="schools.team_change_withdrawn").count() == 1


def test_a_change_not_agreed_within_7_days_must_be_asked_for_again(cast):
    change = make_teacher_a_deputy(cast)
    TeamChange.objects.filter(pk=change.pk).update(
        requested_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    with pytest.raises(AgreementRefused, match="more than 7 days ago"):
        agree_to_team_change(actor=cast.dsl, change=change)


def test_staff_and_administrator_roles_stay_a_one_person_change(cast):
    assert change_staff_roles(actor=cast.office, school=cast.school, user=cast.teacher,
                              roles=[Role.STAFF, Role.SCHOOL_ADMIN]) is None  # fmt: skip
    assert held(cast.teacher) == {Role.STAFF, Role.SCHOOL_ADMIN}
    assert not TeamChange.objects.exists()
    assert not Alert.objects.exists()


def test_the_team_page_asks_only_for_changes_to_the_team(cast):
    with pytest.raises(SchoolError, match="does not change a safeguarding role"):
        ask_for_roles(actor=cast.dsl, school=cast.school, user=cast.teacher,
                      roles=[Role.STAFF, Role.SCHOOL_ADMIN])  # fmt: skip
    assert held(cast.teacher) == {Role.STAFF}


# --- What the review found ----------------------------------------------------------------------


def test_an_administrator_cannot_remove_the_dsl_alone(cast):
    change = change_staff_roles(actor=cast.office, school=cast.school, user=cast.dsl,
                                roles=[Role.STAFF])  # fmt: skip
    assert change is not None
    assert held(cast.dsl) == {Role.DSL}
    assert cast.dsl.pk in alerted(CHANGE_ASKED)


def test_an_administrator_cannot_deactivate_the_head_alone(cast):
    with pytest.raises(AccountError, match="DSL or headteacher must agree"):
        deactivate_staff_member(actor=cast.office, school=cast.school, user=cast.head)
    change = deactivate_or_ask(actor=cast.office, school=cast.school, user=cast.head)
    assert change is not None
    assert change.kind == "deactivate"
    assert User.objects.get(pk=cast.head.pk).is_active
    agree_to_team_change(actor=cast.dsl, change=change)
    head = User.objects.get(pk=cast.head.pk)
    assert not head.is_active
    assert held(head) == set()
    assert {cast.dsl.pk, cast.deputy.pk} <= alerted(TEAM_CHANGED)


def test_an_administrators_second_address_invited_as_dsl_gets_no_case_access(cast, client_for):
    """The review's case: the office invites an address it controls as DSL and accepts."""
    from haven.cases.models import PupilRole
    from haven.cases.services import PupilInCase, open_case

    case = open_case(actor=cast.dsl, school=cast.school, title="secret-title-xyz",
                     pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)])  # fmt: skip
    office = client_for(cast.office)
    office.post("/school/elm/staff/add/", {"email": "omar.personal@example.test",
                "full_name": "O. Office", "job_title": "", "roles": ["dsl"]})  # fmt: skip
    alias = User.objects.get(email="omar.personal@example.test")
    _, token = issue_invitation_token(str(Invitation.objects.get(user=alias).pk))
    browser = Client()
    password = "a-very-long-pass-phrase-9"
    browser.post(f"/account/invitation/{token}/", {"password": password,
                                                   "password_again": password})  # fmt: skip
    browser.get("/account/sign-in/set-up-app/")
    device = TOTPDevice.objects.get(user=alias, confirmed=False)
    browser.post("/account/sign-in/set-up-app/", {"code": mfa.current_code(device)})
    assert browser.get(f"/cases/{case.pk}/").status_code == 404
    assert held(alias) == set()
    change = TeamChange.objects.get(staff_member=alias)
    assert (change.requested_by, change.roles_added) == (cast.office, ["dsl"])
    assert {cast.dsl.pk, cast.head.pk} <= alerted(CHANGE_ASKED)


def test_the_operator_gives_a_new_schools_first_dsl_with_nobodys_agreement(cast):
    from haven.schools.services import create_school

    school = create_school(actor=None, name="Ash School", slug="ash")
    _, invitation = invite_staff_member(actor=None, school=school, email="dsl@ash.test",
                                        full_name="Ada Ash", roles=[Role.DSL])  # fmt: skip
    issue_invitation_token(str(invitation.pk))
    invitation.refresh_from_db()
    user = accept_invitation(invitation=invitation, password="a-very-long-pass-phrase-9")
    assert held(user) == {Role.DSL}
    granted = AuditEvent.objects.get(action="schools.role_granted", school=school)
    assert granted.actor is None
    assert alerted(TEAM_CHANGED) == {user.pk}


# --- The pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "dsl", "head"])
def test_the_administrator_the_dsl_and_the_head_reach_the_team_page(cast, client_for, who):
    make_teacher_a_deputy(cast)
    page = client_for(getattr(cast, who)).get(TEAM_PAGE)
    assert page.status_code == 200
    assert "Changes to the safeguarding team" in page.text
    assert "Tim Teacher" in page.text
    offers_agree = "Agree to the change for Tim Teacher" in page.text
    assert offers_agree is (who != "office")


@pytest.mark.parametrize("who", ["deputy", "teacher", "trust_lead", "dsl2", "teacher2"])
def test_everyone_else_gets_not_found_for_the_team_page(cast, client_for, who):
    change = make_teacher_a_deputy(cast)
    client = client_for(getattr(cast, who))
    assert client.get(TEAM_PAGE).status_code == 404
    form = {"staff_member": cast.other_teacher.pk, "roles": ["dsl"]}
    assert client.post(TEAM_PAGE + "ask/", form).status_code == 404
    assert client.post(f"{TEAM_PAGE}{change.pk}/agree/").status_code == 404
    assert client.post(f"{TEAM_PAGE}{change.pk}/refuse/").status_code == 404
    assert TeamChange.objects.get().status == AgreementStatus.PENDING
    assert held(cast.teacher) == {Role.STAFF}


def test_another_schools_dsl_cannot_agree_through_their_own_school(cast, client_for):
    change = make_teacher_a_deputy(cast)
    client = client_for(cast.dsl2)
    assert client.post(f"/school/birch/safeguarding-team/{change.pk}/agree/").status_code == 404
    assert TeamChange.objects.get().status == AgreementStatus.PENDING


def test_the_dsl_asks_on_the_page_and_the_head_agrees_on_the_page(cast, client_for):
    form = {"staff_member": cast.teacher.pk, "roles": ["staff", "deputy_dsl"]}
    response = client_for(cast.dsl).post(TEAM_PAGE + "ask/", form)
    assert response.url == TEAM_PAGE
    change = TeamChange.objects.get()
    page = client_for(cast.dsl).get(TEAM_PAGE)
    assert "Agree to the change for Tim Teacher" not in page.text  # the asker is not offered it
    response = client_for(cast.head).post(f"{TEAM_PAGE}{change.pk}/agree/")
    assert response.url == TEAM_PAGE
    assert held(cast.teacher) == {Role.STAFF, Role.DEPUTY_DSL}


def test_a_refused_agreement_is_shown_on_the_page(cast, client_for):
    change = ask_for_roles(actor=cast.head, school=cast.school, user=cast.teacher,
                           roles=[Role.STAFF, Role.DEPUTY_DSL])  # fmt: skip
    response = client_for(cast.office).post(f"{TEAM_PAGE}{change.pk}/agree/")
    assert response.status_code == 200
    assert "Only a DSL or headteacher at this school can agree" in response.text


def test_a_form_with_mistakes_keeps_what_was_chosen(cast, client_for):
    response = client_for(cast.dsl).post(TEAM_PAGE + "ask/", {"staff_member": cast.teacher.pk})
    assert response.status_code == 200
    assert "Choose at least one role." in response.text
    assert f'value="{cast.teacher.pk}" selected' in response.text


def test_the_team_page_takes_the_same_queries_however_many_changes(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.head)
    make_teacher_a_deputy(cast)
    client.get(TEAM_PAGE)
    with django_assert_max_num_queries(20) as few:
        client.get(TEAM_PAGE)
    baseline = len(few)
    for n in range(15):
        user = make_user(cast.school, f"extra{n}@elm.test", f"Extra {n}", Role.STAFF)
        change = change_staff_roles(actor=cast.office, school=cast.school, user=user,
                                    roles=[Role.DSL])  # fmt: skip
        if n % 2:
            agree_to_team_change(actor=cast.dsl, change=change)
    with django_assert_max_num_queries(baseline):
        page = client.get(TEAM_PAGE)
    assert "Extra 14" in page.text


@pytest.mark.parametrize(("who", "linked"), [("office", True), ("dsl", True), ("head", True),
                                             ("deputy", False), ("teacher", False)])  # fmt: skip
def test_the_home_page_links_to_the_team_page_for_those_who_may_ask(cast, client_for, who, linked):
    page = client_for(getattr(cast, who)).get("/account/home/").text
    assert (TEAM_PAGE in page) is linked
