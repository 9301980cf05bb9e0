"""Invitations: a single-use link that expires after 72 hours, stored only as a hash."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from haven.accounts.models import Invitation, TOTPDevice, User, hash_token
from haven.accounts.services import (
    AccountError,
    accept_invitation,
    invite_again,
    invite_staff_member,
    usable_invitation,
)
from haven.accounts.tasks import send_invitation
from haven.audit.models import AuditEvent
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
    user, first = invite(cast)
    old_path = sent_link(first)
    second = invite_again(actor=cast.office, school=cast.school, user=user)
    new_path = sent_link(second)
    assert Client().get(old_path).status_code == 404
    assert Client().get(new_path).status_code == 200


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
    from haven.accounts.services import deactivate_staff_member

    deactivate_staff_member(actor=cast.office, school=cast.school, user=cast.teacher)
    user, invitation = invite(cast, email=cast.teacher.email)
    assert invitation is not None
    user.refresh_from_db()
    assert user.is_active
    assert not user.has_usable_password()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert StaffMembership.objects.get(user=user, role=Role.STAFF).is_active


def test_someone_already_signed_in_on_the_browser_is_signed_out_first(cast, client_for):
    _, invitation = invite(cast)
    path = sent_link(invitation)
    client = client_for(cast.dsl)
    client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="nia@elm.test").pk
