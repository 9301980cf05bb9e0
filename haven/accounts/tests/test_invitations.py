"""Invitations: a single-use link that expires after 72 hours, stored only as a hash."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from haven.accounts.emails import send_invitation
from haven.accounts.models import Invitation, TOTPDevice, User, hash_token
from haven.accounts.services import (
    AccountError,
    invite_again,
    invite_staff_member,
    send_invitation_again,
    usable_invitation,
)
from haven.audit.models import AuditEvent
from haven.schools.joining import accept_invitation
from haven.schools.models import Role, StaffMembership

NEW_PASSWORD = "three unrelated words here"


def invite(cast, email="nia@elm.test", roles=(Role.STAFF,)):
    user, invitation = invite_staff_member(
        actor=cast.office, school=cast.school, email=email, full_name="Nia New", roles=list(roles)
    )
    return user, invitation


def link_path(message) -> str:
    return re.search(r"http://[^/]+(/account/invitation/[^/\s]+/)", message.body)[1]


def sent_link(invitation) -> str:
    send_invitation.call(str(invitation.pk))
    return link_path(mail.outbox[-1])


def test_the_link_token_is_stored_only_as_its_hash(cast):
    _, invitation = invite(cast)
    path = sent_link(invitation)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get(pk=invitation.pk))
    assert timedelta(hours=71) < invitation.expires_at - timezone.now() <= timedelta(hours=72)


def test_accepting_sets_the_password_signs_in_and_goes_to_authenticator_set_up(cast):
    user, invitation = invite(cast)
    client = Client()
    path = sent_link(invitation)
    page = client.get(path)
    assert "Set up your Haven account" in page.text
    assert "Elm School" in page.text
    response = client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.url == "/account/sign-in/set-up-app/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/account/sign-in/set-up-app/").status_code == 200
    assert client.get("/account/home/").url == "/account/sign-in/code/"  # MFA still needed
    event = AuditEvent.objects.get(action="accounts.invitation_accepted")
    assert (event.actor_id, event.school_id) == (user.pk, cast.school.pk)
    assert StaffMembership.objects.get(user=user, school=cast.school).role == Role.STAFF


def test_the_roles_start_only_when_the_invitation_is_accepted(cast):
    user, invitation = invite(cast, roles=(Role.STAFF, Role.SCHOOL_ADMIN))
    assert not StaffMembership.objects.filter(user=user).exists()
    assert invitation.roles == ["staff", "school_admin"]
    send_invitation.call(str(invitation.pk))
    invitation.refresh_from_db()
    accept_invitation(invitation=invitation, password=NEW_PASSWORD)
    held = StaffMembership.objects.filter(user=user, school=cast.school, is_active=True)
    assert set(held.values_list("role", flat=True)) == {Role.STAFF, Role.SCHOOL_ADMIN}
    granted = AuditEvent.objects.filter(action="schools.role_granted", object_id=str(held[0].pk))
    assert granted.get().data["invitation"] == str(invitation.pk)


def test_a_link_works_only_once(cast):
    _, invitation = invite(cast)
    path = sent_link(invitation)
    Client().post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    again = Client().get(path)
    assert again.status_code == 404
    assert "This link does not work" in again.text
    posted = Client().post(path, {"password": "another long password", "password_again": "x"})
    assert posted.status_code == 404


def test_a_link_stops_working_after_72_hours(cast):
    _, invitation = invite(cast)
    path = sent_link(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Client().get(path).status_code == 404


def test_accepting_at_the_same_moment_twice_uses_the_link_once(cast):
    user, invitation = invite(cast)
    send_invitation.call(str(invitation.pk))
    invitation.refresh_from_db()
    accept_invitation(invitation=invitation, password=NEW_PASSWORD)
    with pytest.raises(AccountError):
        accept_invitation(invitation=invitation, password="a different password entirely")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_by_djangos_validators(cast):
    user, invitation = invite(cast)
    path = sent_link(invitation)
    for weak, reason in [("short", "too short"), ("password1234", "too common"),
                         ("123456789012345", "entirely numeric")]:  # fmt: skip
        response = Client().post(path, {"password": weak, "password_again": weak})
        assert response.status_code == 200
        assert reason in response.text
    mismatch = Client().post(path, {"password": NEW_PASSWORD, "password_again": "other"})
    assert "The two passwords are not the same." in mismatch.text
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_new_invitation_replaces_the_old_link(cast):
    _, first = invite(cast)
    old_path = sent_link(first)
    second = send_invitation_again(actor=cast.office, invitation=first)
    new_path = sent_link(second)
    assert Client().get(old_path).status_code == 404
    assert Client().get(new_path).status_code == 200
    assert second.roles == first.roles


def test_a_member_of_staff_who_never_set_a_password_can_be_sent_a_new_link(cast):
    from haven.schools.services import add_staff_member

    user = add_staff_member(actor=None, school=cast.school, email="old@elm.test",
                            full_name="Ola Old", roles=[Role.STAFF])  # fmt: skip
    invitation = invite_again(actor=cast.office, school=cast.school, user=user)
    assert Client().get(sent_link(invitation)).status_code == 200


def test_sending_the_e_mail_again_makes_a_new_link_and_only_the_newest_works(cast):
    _, invitation = invite(cast)
    first = sent_link(invitation)
    second = sent_link(invitation)  # a worker died after sending, and the task ran again
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_an_unknown_token_gets_the_same_answer_as_a_used_one(cast):
    response = Client().get("/account/invitation/made-up-token/")
    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert usable_invitation("") is None
    assert usable_invitation("x" * 200) is None


def test_a_deactivated_leaver_who_returns_starts_again_with_no_old_password_or_app(cast):
    from haven.schools.team import deactivate_staff_member

    deactivate_staff_member(actor=cast.office, school=cast.school, user=cast.teacher)
    user, invitation = invite(cast, email=cast.teacher.email)
    user.refresh_from_db()
    assert not user.is_active  # nothing happens to the account until they accept
    path = sent_link(invitation)
    page = Client().get(path)
    assert "Set up your Haven account" in page.text
    Client().post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.is_active
    assert user.deactivated_at is None
    assert user.check_password(NEW_PASSWORD)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert StaffMembership.objects.get(user=user, role=Role.STAFF).is_active


def test_reopening_a_leavers_account_is_audited(cast):
    from haven.schools.team import deactivate_staff_member

    deactivate_staff_member(actor=cast.office, school=cast.school, user=cast.teacher)
    _, invitation = invite(cast, email=cast.teacher.email)
    send_invitation.call(str(invitation.pk))
    invitation.refresh_from_db()
    accept_invitation(invitation=invitation, password=NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.account_restarted")
    assert (event.actor_id, event.school_id) == (cast.teacher.pk, cast.school.pk)
    assert event.data == {"user": cast.teacher.pk, "invitation": str(invitation.pk), "removed": 1}


def test_someone_already_signed_in_on_the_browser_is_signed_out_first(cast, client_for):
    _, invitation = invite(cast)
    path = sent_link(invitation)
    client = client_for(cast.dsl)
    client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="nia@elm.test").pk


# --- Someone who already uses Haven -------------------------------------------------------------


def invite_elm_dsl_to_birch(cast, office2, roles=(Role.STAFF,)):
    """Birch's administrator invites an address that already has an account (Elm's DSL)."""
    _, invitation = invite_staff_member(actor=office2, school=cast.school2, email="dsl@elm.test",
                                        full_name="Typed Name", roles=list(roles))  # fmt: skip
    return invitation


def test_inviting_someone_who_already_uses_haven_gives_them_nothing_until_they_accept(
    cast, office2, client_for
):
    invitation = invite_elm_dsl_to_birch(cast, office2)
    assert not StaffMembership.objects.filter(user=cast.dsl, school=cast.school2).exists()
    path = sent_link(invitation)
    assert mail.outbox[-1].subject == "You've been invited to Haven at Birch School"
    client = client_for(cast.dsl)
    page = client.get(path)
    assert "Join Birch School in Haven" in page.text
    assert "Member of staff" in page.text
    assert not StaffMembership.objects.filter(user=cast.dsl, school=cast.school2).exists()
    response = client.post(path, {"answer": "join"})
    assert response.url == "/account/home/"
    assert StaffMembership.objects.get(user=cast.dsl, school=cast.school2).role == Role.STAFF
    dsl = User.objects.get(pk=cast.dsl.pk)
    assert dsl.full_name == "Dina Lead"  # the name the other school typed is not theirs
    assert dsl.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="accounts.invitation_accepted")
    assert (event.actor_id, event.school_id) == (cast.dsl.pk, cast.school2.pk)


def test_the_link_of_someone_who_already_uses_haven_needs_both_factors_and_sets_no_password(
    cast, office2
):
    path = sent_link(invite_elm_dsl_to_birch(cast, office2))
    client = Client()
    response = client.get(path)
    assert response.url == f"/account/sign-in/?next={path}"
    posted = client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert posted.url.startswith("/account/sign-in/")
    client.post("/account/sign-in/", {"username": cast.dsl.email, "password": PASSWORD})
    assert client.get(path).url == "/account/sign-in/code/"  # the second factor first
    dsl = User.objects.get(pk=cast.dsl.pk)
    assert dsl.check_password(PASSWORD)
    assert not StaffMembership.objects.filter(user=dsl, school=cast.school2).exists()


def test_after_signing_in_the_invited_person_comes_back_to_the_link(cast, office2):
    from django_otp.oath import TOTP

    from conftest import totp_secret_for

    path = sent_link(invite_elm_dsl_to_birch(cast, office2))
    client = Client()
    client.post(f"/account/sign-in/?next={path}",
                {"username": cast.dsl.email, "password": PASSWORD, "next": path})  # fmt: skip
    code = f"{TOTP(bytes.fromhex(totp_secret_for(cast.dsl.email)), 30, 0, 6, 0).token():06d}"
    assert client.post("/account/sign-in/code/", {"code": code}).url == path


def test_someone_else_signed_in_cannot_accept_it(cast, office2, client_for):
    path = sent_link(invite_elm_dsl_to_birch(cast, office2))
    client = client_for(cast.head)
    page = client.get(path)
    assert "sent to someone else" in page.text
    client.post(path, {"answer": "join"})
    assert not StaffMembership.objects.filter(school=cast.school2, user__in=[cast.dsl, cast.head])
    assert Invitation.objects.get(user=cast.dsl).is_pending


def test_the_invited_person_can_decline(cast, office2, client_for):
    invitation = invite_elm_dsl_to_birch(cast, office2)
    path = sent_link(invitation)
    client_for(cast.dsl).post(path, {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not StaffMembership.objects.filter(user=cast.dsl, school=cast.school2).exists()
    assert AuditEvent.objects.filter(action="accounts.invitation_declined").exists()
    assert Client().get(path).status_code == 404


def test_one_schools_invitation_does_not_withdraw_anothers(cast, office2):
    _, elm = invite(cast, email="shared@example.test")
    _, birch = invite_staff_member(actor=office2, school=cast.school2, email="shared@example.test",
                                   full_name="Sam Shared", roles=[Role.STAFF])  # fmt: skip
    elm.refresh_from_db()
    assert elm.is_pending
    assert birch.is_pending


def test_someone_who_already_works_here_is_not_invited_again(cast):
    from haven.accounts.services import AccountError

    with pytest.raises(AccountError, match="already works at this school"):
        invite(cast, email=cast.teacher.email)
    assert not Invitation.objects.exists()
