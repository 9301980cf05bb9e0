"""Passkeys: added after both factors, used as the second step, removed, cleared by resets.

Every ceremony here is real: a software authenticator (authenticator.py) answers the options
Haven sends, and django-otp-webauthn and py_webauthn check the answers, signatures included.
"""

import json

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD, make_user
from haven.accounts.models import TOTPDevice, User
from haven.accounts.passkeys import MAX_PASSKEYS, default_name
from haven.accounts.resets import (
    approve_mfa_reset,
    request_mfa_reset,
    reset_second_factor_by_operator,
)
from haven.accounts.tests.authenticator import SoftPasskey, b64url
from haven.audit.models import AuditEvent
from haven.lib.env import passkey_site
from haven.schools.models import Role

ADD_BEGIN = "/account/passkeys/add/begin/"
ADD_COMPLETE = "/account/passkeys/add/complete/"
USE_BEGIN = "/account/sign-in/passkey/begin/"
USE_COMPLETE = "/account/sign-in/passkey/complete/"


def post_json(client: Client, path: str, body: dict | None = None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def add_passkey(client: Client, passkey: SoftPasskey | None = None) -> SoftPasskey:
    passkey = passkey or SoftPasskey()
    options = post_json(client, ADD_BEGIN).json()
    response = post_json(client, ADD_COMPLETE, passkey.create(options))
    assert response.status_code == 200, response.content
    return passkey


def password_only(user: User) -> Client:
    client = Client()
    response = client.post("/account/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.url == "/account/sign-in/code/"
    return client


def use_passkey(client: Client, passkey: SoftPasskey, **answer):
    options = post_json(client, USE_BEGIN).json()
    return post_json(client, USE_COMPLETE, passkey.get(options, **answer))


# --- Adding ------------------------------------------------------------------------------------


def test_a_member_of_staff_past_both_factors_adds_a_passkey_and_it_is_audited(cast, client_for):
    client = client_for(cast.teacher)
    options = post_json(client, ADD_BEGIN).json()
    assert options["rp"] == {"id": "haven.test", "name": "Haven"}
    assert options["user"]["name"] == cast.teacher.email
    passkey = SoftPasskey()
    response = post_json(client, ADD_COMPLETE, passkey.create(options))
    assert response.status_code == 200
    saved = WebAuthnCredential.objects.get(user=cast.teacher)
    assert bytes(saved.credential_id) == passkey.credential_id
    assert saved.name.startswith("Passkey added ")
    event = AuditEvent.objects.get(action="accounts.passkey_added")
    assert (event.actor, event.data) == (cast.teacher, {"passkey": saved.pk})
    page = client.get("/account/passkeys/")
    assert saved.name in page.text
    assert "Your passkey is added" in page.text


def test_a_password_alone_cannot_add_a_passkey(cast):
    client = password_only(cast.teacher)
    begin = post_json(client, ADD_BEGIN)
    assert (begin.status_code, begin.url) == (302, "/account/sign-in/code/")
    # Even with options from a signed-in session, the answer is refused without both factors.
    options = post_json(Client(), ADD_BEGIN)
    assert options.status_code == 302
    complete = post_json(client, ADD_COMPLETE, {"id": "x"})
    assert complete.status_code == 302
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_made_for_another_site_is_not_added(cast, client_for):
    client = client_for(cast.teacher)
    options = post_json(client, ADD_BEGIN).json()
    answer = SoftPasskey().create(options, origin="https://haven-login.example", rp_id="example")
    response = post_json(client, ADD_COMPLETE, answer)
    assert response.status_code == 422
    assert not WebAuthnCredential.objects.exists()
    assert not AuditEvent.objects.filter(action="accounts.passkey_added").exists()


def test_an_added_passkey_is_one_per_challenge(cast, client_for):
    client = client_for(cast.teacher)
    options = post_json(client, ADD_BEGIN).json()
    answer = SoftPasskey().create(options)
    assert post_json(client, ADD_COMPLETE, answer).status_code == 200
    again = post_json(client, ADD_COMPLETE, SoftPasskey().create(options))
    assert again.status_code == 400  # the challenge was used up
    assert WebAuthnCredential.objects.filter(user=cast.teacher).count() == 1


def test_one_person_keeps_at_most_ten_passkeys(cast, client_for):
    client = client_for(cast.teacher)
    for _ in range(MAX_PASSKEYS):
        add_passkey(client)
    refused = post_json(client, ADD_BEGIN)
    assert refused.status_code == 409
    assert "Remove one you no longer use" in refused.json()["detail"]
    assert WebAuthnCredential.objects.filter(user=cast.teacher).count() == MAX_PASSKEYS
    assert "the most Haven keeps for one person" in client.get("/account/passkeys/").text


def test_the_options_leave_out_no_passkey_the_person_already_has(cast, client_for):
    client = client_for(cast.teacher)
    passkey = add_passkey(client)
    options = post_json(client, ADD_BEGIN).json()
    assert [c["id"] for c in options["excludeCredentials"]] == [b64url(passkey.credential_id)]


# --- Using one as the second step --------------------------------------------------------------


def test_a_passkey_completes_sign_in_after_the_password_and_is_audited(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    page = client.get("/account/sign-in/code/")
    assert "Use your passkey" in page.text
    options = post_json(client, USE_BEGIN).json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(passkey.credential_id)]
    response = post_json(client, USE_COMPLETE, passkey.get(options))
    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/account/home/"
    assert client.get("/account/home/").status_code == 200
    event = AuditEvent.objects.filter(action="accounts.second_factor_passed").latest("pk")
    saved = WebAuthnCredential.objects.get(user=cast.teacher)
    assert (event.actor, event.data) == (cast.teacher, {"by": "passkey", "passkey": saved.pk})
    assert saved.sign_count == 1
    assert saved.last_used_at is not None


def test_signing_in_with_a_passkey_gives_a_new_session_key(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    before = client.session.session_key
    use_passkey(client, passkey)
    assert client.session.session_key != before


def test_a_passkey_returns_to_the_page_asked_for_before_sign_in(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = Client()
    client.post(
        "/account/sign-in/",
        {"username": cast.teacher.email, "password": PASSWORD, "next": "/concerns/mine/"},
    )
    assert use_passkey(client, passkey).json()["redirect_url"] == "/concerns/mine/"


def test_an_answer_given_to_a_look_alike_site_does_not_sign_in(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    # A phishing page relays Haven's challenge: the browser reports the page's own origin.
    response = use_passkey(client, passkey, origin="https://haven-test.example")
    assert response.status_code == 422
    assert client.get("/account/home/").status_code == 302
    failed = AuditEvent.objects.filter(action="accounts.second_factor_failed").latest("pk")
    assert (failed.actor, failed.data) == (cast.teacher, {"by": "passkey"})


def test_an_answer_signed_for_another_domain_does_not_sign_in(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    assert use_passkey(client, passkey, rp_id="haven.test.example").status_code == 422
    assert client.get("/account/home/").status_code == 302


def test_an_answer_cannot_be_used_twice(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    options = post_json(client, USE_BEGIN).json()
    answer = passkey.get(options)
    other = password_only(cast.teacher)
    post_json(other, USE_BEGIN)  # a fresh challenge of its own
    assert post_json(other, USE_COMPLETE, answer).status_code == 422  # not its challenge
    assert post_json(client, USE_COMPLETE, answer).status_code == 200
    assert post_json(password_only(cast.teacher), USE_COMPLETE, answer).status_code == 400


def test_a_cloned_passkey_is_refused_by_its_counter(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    assert use_passkey(password_only(cast.teacher), passkey, counter=5).status_code == 200
    copy = password_only(cast.teacher)
    assert use_passkey(copy, passkey, counter=5).status_code == 422
    assert use_passkey(copy, passkey, counter=3).status_code == 422
    assert copy.get("/account/home/").status_code == 302


def test_another_persons_passkey_does_not_pass_your_second_step(cast, client_for):
    teachers_passkey = add_passkey(client_for(cast.teacher))
    client = password_only(cast.other_teacher)
    response = use_passkey(client, teachers_passkey)
    assert response.status_code in (400, 403, 404)
    assert client.get("/account/home/").status_code == 302


def test_a_passkey_is_never_the_only_step(cast, client_for):
    passkey = add_passkey(client_for(cast.teacher))
    options = post_json(password_only(cast.teacher), USE_BEGIN).json()
    stranger = Client()  # no password given: a valid answer alone signs nobody in
    begin = post_json(stranger, USE_BEGIN)
    assert begin.status_code == 302
    assert begin.url.startswith("/account/sign-in/")
    assert post_json(stranger, USE_COMPLETE, passkey.get(options)).status_code == 302
    assert stranger.get("/account/home/").status_code == 302


def test_the_code_page_offers_no_passkey_to_someone_without_one(cast):
    page = password_only(cast.teacher).get("/account/sign-in/code/")
    assert "Use your passkey" not in page.text
    assert "otp_webauthn_config" not in page.text


def test_the_code_still_works_for_someone_with_a_passkey(cast, client_for):
    add_passkey(client_for(cast.teacher))
    client = password_only(cast.teacher)
    from haven.accounts.tests.test_sign_in import code_for

    assert (
        client.post("/account/sign-in/code/", {"code": code_for(cast.teacher)}).status_code == 302
    )
    assert client.get("/account/home/").status_code == 200


# --- Removing, and resets ----------------------------------------------------------------------


def test_a_member_of_staff_removes_their_passkey_and_it_no_longer_signs_in(cast, client_for):
    client = client_for(cast.teacher)
    passkey = add_passkey(client)
    saved = WebAuthnCredential.objects.get(user=cast.teacher)
    response = client.post(f"/account/passkeys/{saved.pk}/remove/")
    assert response.url == "/account/passkeys/"
    assert not WebAuthnCredential.objects.exists()
    event = AuditEvent.objects.get(action="accounts.passkey_removed")
    assert (event.actor, event.data) == (cast.teacher, {"passkey": saved.pk})
    assert use_passkey(password_only(cast.teacher), passkey).status_code == 404


def test_nobody_removes_another_persons_passkey(cast, client_for):
    add_passkey(client_for(cast.teacher))
    saved = WebAuthnCredential.objects.get(user=cast.teacher)
    for someone in (cast.dsl, cast.office, cast.other_teacher):
        assert client_for(someone).post(f"/account/passkeys/{saved.pk}/remove/").status_code == 404
    assert WebAuthnCredential.objects.filter(pk=saved.pk).exists()
    assert not AuditEvent.objects.filter(action="accounts.passkey_removed").exists()


def test_the_passkeys_page_shows_only_your_own(cast, client_for):
    add_passkey(client_for(cast.teacher))
    name = WebAuthnCredential.objects.get(user=cast.teacher).name
    assert name in client_for(cast.teacher).get("/account/passkeys/").text
    assert name not in client_for(cast.dsl).get("/account/passkeys/").text


def test_an_authenticator_reset_removes_passkeys_too(cast, client_for):
    add_passkey(client_for(cast.teacher))
    add_passkey(client_for(cast.teacher))
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    approve_mfa_reset(actor=cast.dsl, reset=reset)
    assert not WebAuthnCredential.objects.filter(user=cast.teacher).exists()
    assert not TOTPDevice.objects.filter(user=cast.teacher).exists()
    approved = AuditEvent.objects.get(action="accounts.mfa_reset_approved")
    assert approved.data == {"user": cast.teacher.pk, "removed": 3}  # the app and two passkeys


def test_the_operators_reset_removes_passkeys_too(cast, client_for):
    add_passkey(client_for(cast.teacher))
    assert reset_second_factor_by_operator(user=cast.teacher) == 2
    assert not WebAuthnCredential.objects.filter(user=cast.teacher).exists()


def test_a_reset_leaves_other_peoples_passkeys(cast, client_for):
    add_passkey(client_for(cast.teacher))
    add_passkey(client_for(cast.dsl))
    reset_second_factor_by_operator(user=cast.teacher)
    assert WebAuthnCredential.objects.filter(user=cast.dsl).count() == 1


def test_a_leaver_coming_back_has_no_passkey_left(cast, client_for):
    from haven.accounts.emails import issue_invitation_token
    from haven.accounts.services import invite_staff_member
    from haven.schools.joining import accept_invitation
    from haven.schools.team import deactivate_staff_member

    leaver = make_user(cast.school, "leaver@elm.test", "Lee Leaver", Role.STAFF)
    add_passkey(client_for(leaver))
    deactivate_staff_member(actor=cast.office, school=cast.school, user=leaver)
    _, invitation = invite_staff_member(
        actor=cast.office,
        school=cast.school,
        email=leaver.email,
        full_name="Lee Leaver",
        roles=[Role.STAFF],
    )
    issue_invitation_token(str(invitation.pk))
    invitation.refresh_from_db()
    accept_invitation(invitation=invitation, password="a new long password 42")
    assert not WebAuthnCredential.objects.filter(user=leaver).exists()


# --- Where passkeys cannot work ----------------------------------------------------------------


def test_no_passkey_is_offered_where_the_address_cannot_carry_one(cast, client_for, settings):
    settings.HAVEN_PASSKEYS = False
    client = client_for(cast.teacher)
    assert post_json(client, ADD_BEGIN).status_code == 404
    assert "not available at this" in client.get("/account/passkeys/").text


@pytest.mark.parametrize(
    ("base_url", "site"),
    [
        (
            "https://haven.oakfield.sch.uk",
            ("haven.oakfield.sch.uk", "https://haven.oakfield.sch.uk"),
        ),
        (
            "https://Haven.Example.org:8443/",
            ("haven.example.org", "https://haven.example.org:8443"),
        ),
        ("http://localhost:8000", ("localhost", "http://localhost:8000")),
        ("http://127.0.0.1:8000", None),  # browsers refuse passkeys on an IP address
        ("https://10.0.0.5", None),
        ("https://[::1]:8000", None),
        ("http://haven.example.org", None),  # plain http away from localhost
        ("", None),
    ],
)
def test_passkeys_are_bound_to_a_named_secure_address(base_url, site):
    assert passkey_site(base_url) == site


def test_a_new_passkey_is_named_by_when_it_was_added():
    from datetime import UTC, datetime

    assert (
        default_name(datetime(2026, 1, 5, 9, 7, tzinfo=UTC))
        == "Passkey added 5 January 2026 at 09:07"
    )
