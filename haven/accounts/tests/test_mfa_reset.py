"""Resetting a colleague's lost authenticator app takes two people, and is audited."""

import pytest
from django.test import Client

from conftest import PASSWORD
from haven.accounts.mfa import confirm_authenticator
from haven.accounts.models import MfaReset, RecoveryCodeDevice, TOTPDevice, User
from haven.accounts.resets import approve_mfa_reset, request_mfa_reset
from haven.agreements.models import AgreementStatus
from haven.agreements.services import AgreementRefused
from haven.audit.models import AuditEvent

RESETS = "/school/elm/sign-in-resets/"


def ask(client, user):
    return client.post(RESETS + "ask/", {"staff_member": user.pk})


def test_the_administrator_asks_and_the_dsl_agrees_and_the_app_and_codes_are_removed(
    cast, client_for
):
    confirm_authenticator(user=cast.teacher, device=TOTPDevice.objects.get(user=cast.teacher))
    teacher_session = client_for(cast.teacher)
    assert ask(client_for(cast.office), cast.teacher).url == RESETS
    reset = MfaReset.objects.get()
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()  # nothing happens on asking
    response = client_for(cast.dsl).post(f"{RESETS}{reset.pk}/agree/")
    assert response.url == RESETS
    assert not TOTPDevice.objects.filter(user=cast.teacher).exists()
    assert not RecoveryCodeDevice.objects.filter(user=cast.teacher).exists()
    assert teacher_session.get("/account/home/").status_code == 302  # signed out everywhere
    reset.refresh_from_db()
    assert (reset.status, reset.decided_by) == (AgreementStatus.DONE, cast.dsl)
    requested = AuditEvent.objects.get(action="accounts.mfa_reset_requested")
    approved = AuditEvent.objects.get(action="accounts.mfa_reset_approved")
    assert (requested.actor, approved.actor) == (cast.office, cast.dsl)
    assert approved.data == {"user": cast.teacher.pk, "removed": 2}


def test_after_a_reset_the_teacher_sets_up_a_new_app_at_next_sign_in(cast):
    reset = request_mfa_reset(actor=cast.head, school=cast.school, staff_member=cast.teacher)
    approve_mfa_reset(actor=cast.office, reset=reset)
    client = Client()
    client.post("/account/sign-in/", {"username": cast.teacher.email, "password": PASSWORD})
    assert client.get("/account/sign-in/code/").url == "/account/sign-in/set-up-app/"


def test_the_person_who_asked_cannot_agree(cast, client_for):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    response = client_for(cast.office).post(f"{RESETS}{reset.pk}/agree/")
    assert response.status_code == 200
    assert "someone else must agree" in response.text
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()
    assert MfaReset.objects.get().status == AgreementStatus.PENDING


def test_the_same_side_cannot_agree(cast):
    reset = request_mfa_reset(actor=cast.dsl, school=cast.school, staff_member=cast.teacher)
    with pytest.raises(AgreementRefused, match="needs the administrator"):
        approve_mfa_reset(actor=cast.head, reset=reset)
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()


def test_the_person_being_reset_takes_no_part(cast):
    with pytest.raises(AgreementRefused):
        request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.office)
    reset = request_mfa_reset(actor=cast.dsl, school=cast.school, staff_member=cast.office)
    with pytest.raises(AgreementRefused, match="This reset is about you"):
        approve_mfa_reset(actor=cast.office, reset=reset)


def test_a_reset_is_done_once(cast):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    approve_mfa_reset(actor=cast.dsl, reset=reset)
    with pytest.raises(AgreementRefused, match="already been decided"):
        approve_mfa_reset(actor=cast.head, reset=reset)
    assert AuditEvent.objects.filter(action="accounts.mfa_reset_approved").count() == 1


def test_only_one_reset_waits_for_a_person_at_a_time(cast, client_for):
    request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    response = ask(client_for(cast.dsl), cast.teacher)
    assert response.status_code == 200
    assert "already waiting" in response.text


def test_the_other_side_can_refuse_and_nothing_is_removed(cast, client_for):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    assert client_for(cast.head).post(f"{RESETS}{reset.pk}/refuse/").url == RESETS
    assert MfaReset.objects.get().status == AgreementStatus.REFUSED
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()
    assert AuditEvent.objects.filter(action="accounts.mfa_reset_refused").exists()


def test_the_asker_can_withdraw_and_nothing_is_removed(cast, client_for):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    refused = client_for(cast.dsl).post(f"{RESETS}{reset.pk}/withdraw/")
    assert "Only the person who asked" in refused.text  # the page says why, nothing changes
    assert MfaReset.objects.get().status == AgreementStatus.PENDING
    assert client_for(cast.office).post(f"{RESETS}{reset.pk}/withdraw/").url == RESETS
    assert MfaReset.objects.get().status == AgreementStatus.WITHDRAWN
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()
    assert AuditEvent.objects.filter(action="accounts.mfa_reset_withdrawn").exists()


@pytest.mark.parametrize("who", ["office", "dsl", "head"])
def test_the_administrator_the_dsl_and_the_head_reach_the_resets_page(cast, client_for, who):
    page = client_for(getattr(cast, who)).get(RESETS)
    assert page.status_code == 200
    assert "Authenticator app resets" in page.text


@pytest.mark.parametrize("who", ["deputy", "teacher", "trust_lead", "dsl2", "teacher2"])
def test_everyone_else_gets_not_found_for_resets(cast, client_for, who):
    reset = request_mfa_reset(
        actor=cast.office, school=cast.school, staff_member=cast.other_teacher
    )
    client = client_for(getattr(cast, who))
    assert client.get(RESETS).status_code == 404
    assert ask(client, cast.teacher).status_code == 404
    assert client.post(f"{RESETS}{reset.pk}/agree/").status_code == 404
    assert MfaReset.objects.get().status == AgreementStatus.PENDING


def test_another_schools_administrator_cannot_reset_this_schools_staff(cast, client_for, office2):
    reset = request_mfa_reset(actor=cast.dsl, school=cast.school, staff_member=cast.teacher)
    client = client_for(office2)
    assert client.post(f"{RESETS}{reset.pk}/agree/").status_code == 404
    # Through their own school, the reset does not exist.
    assert client.post(f"/school/birch/sign-in-resets/{reset.pk}/agree/").status_code == 404
    # And a member of staff of another school cannot be chosen.
    response = client.post("/school/birch/sign-in-resets/ask/", {"staff_member": cast.teacher.pk})
    assert "Select a valid choice" in response.text
    assert User.objects.get(pk=cast.teacher.pk).totpdevice_set.exists()


# --- Someone who works at more than one school --------------------------------------------------


def test_a_reset_is_refused_for_someone_who_also_works_at_another_school(cast, client_for):
    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    response = ask(client_for(cast.office), User.objects.get(pk=cast.teacher.pk))
    assert response.status_code == 200
    assert "also has a role at another school or trust" in response.text
    assert "Ask the Haven operator" in response.text
    assert not MfaReset.objects.exists()
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()


def test_a_reset_asked_for_before_they_joined_another_school_cannot_be_agreed(cast):
    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    with pytest.raises(AgreementRefused, match="Ask the Haven operator"):
        approve_mfa_reset(actor=cast.dsl, reset=reset)
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()


def test_a_trust_lead_who_also_works_at_a_school_is_reset_only_by_the_operator(cast):
    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school, user=cast.trust_lead, roles=[Role.STAFF])
    with pytest.raises(AgreementRefused, match="another school or trust"):
        request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.trust_lead)


def test_the_review_case_another_schools_admin_cannot_strip_a_dsls_authenticator(
    cast, client_for, office2
):
    """Birch's administrator adds Elm's DSL at Birch, then asks Birch's DSL to reset them."""
    client = client_for(office2)
    page = client.post("/school/birch/staff/add/", {"email": "dsl@elm.test", "full_name": "x",
                       "job_title": "", "roles": ["staff"]}, follow=True).text  # fmt: skip
    assert "Dina Lead" not in page
    assert "We have sent an invitation to dsl@elm.test." in page
    response = client.post("/school/birch/sign-in-resets/ask/", {"staff_member": cast.dsl.pk})
    assert "Select a valid choice" in response.text  # not staff at Birch
    assert not MfaReset.objects.exists()
    assert TOTPDevice.objects.filter(user=cast.dsl).exists()


def test_the_operator_resets_someone_who_works_at_two_schools(cast, capsys):
    from django.core.management import call_command

    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    call_command("reset_authenticator", "--email", "Teacher@Elm.test")
    assert "Removed 1 sign-in device(s)" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=cast.teacher).exists()
    assert User.objects.get(pk=cast.teacher.pk).session_generation == 1
    event = AuditEvent.objects.get(action="accounts.mfa_reset_by_operator")
    assert (event.actor, event.data) == (None, {"user": cast.teacher.pk, "removed": 1})
