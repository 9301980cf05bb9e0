import time

import pytest
from django.test import Client
from django_otp.oath import TOTP

from conftest import PASSWORD, totp_secret_for
from haven.accounts.mfa import current_code
from haven.accounts.models import RecoveryCode, RecoveryCodeDevice, TOTPDevice
from haven.audit.models import AuditEvent
from haven.lib.encryption import Sealed


def code_for(user) -> str:
    totp = TOTP(bytes.fromhex(totp_secret_for(user.email)), 30, 0, 6, 0)
    return f"{totp.token():06d}"


def password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post("/account/sign-in/", {"username": email, "password": password})


def test_a_correct_password_leads_to_the_second_factor_not_to_any_records(cast):
    client = Client()
    response = password_step(client, cast.teacher.email)
    assert response.status_code == 302
    assert response.url == "/account/sign-in/code/"
    home = client.get("/account/home/")
    assert home.status_code == 302
    assert home.url == "/account/sign-in/code/"


def test_the_authenticator_code_completes_sign_in_and_is_audited(cast):
    client = Client()
    password_step(client, cast.teacher.email)
    response = client.post("/account/sign-in/code/", {"code": code_for(cast.teacher)})
    assert response.status_code == 302
    assert client.get("/account/home/").status_code == 200
    actions = set(AuditEvent.objects.filter(actor=cast.teacher).values_list("action", flat=True))
    assert {"accounts.signed_in", "accounts.second_factor_passed"} <= actions


def test_a_code_cannot_be_used_twice(cast):
    code = code_for(cast.teacher)
    first, second = Client(), Client()
    password_step(first, cast.teacher.email)
    password_step(second, cast.teacher.email)
    assert first.post("/account/sign-in/code/", {"code": code}).status_code == 302
    reused = second.post("/account/sign-in/code/", {"code": code})
    assert reused.status_code == 200
    assert "has been used" in reused.text


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(cast):
    wrong = password_step(Client(), cast.teacher.email, "not-the-password")
    unknown = password_step(Client(), "nobody@elm.test", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert "Enter a correct e-mail address and password" in wrong.text
    assert "Enter a correct e-mail address and password" in unknown.text


def test_repeated_failures_lock_that_account_from_that_address_for_a_while(cast):
    client = Client()
    for _ in range(5):
        password_step(client, cast.teacher.email, "wrong-wrong-wrong")
    locked = password_step(client, cast.teacher.email)
    assert locked.status_code == 429
    assert "Try again later" in locked.text
    # Another member of staff behind the same school address can still sign in.
    assert password_step(client, cast.other_teacher.email).status_code == 302


def test_a_new_member_of_staff_must_set_up_an_authenticator_first(cast):
    TOTPDevice.objects.filter(user=cast.teacher).delete()
    client = Client()
    password_step(client, cast.teacher.email)
    assert client.get("/account/sign-in/code/").url == "/account/sign-in/set-up-app/"
    page = client.get("/account/sign-in/set-up-app/")
    assert "data:image/svg+xml;base64," in page.text
    device = TOTPDevice.objects.get(user=cast.teacher, confirmed=False)
    response = client.post("/account/sign-in/set-up-app/", {"code": current_code(device)})
    assert "Save your recovery codes" in response.text
    assert len(response.context["codes"]) == 10
    assert client.get("/account/home/").status_code == 200


def test_the_authenticator_secret_is_encrypted_at_rest(cast):
    device = TOTPDevice.objects.get(user=cast.teacher)
    stored = TOTPDevice.objects.filter(pk=device.pk).values_list("secret_hex", flat=True)[0]
    assert isinstance(stored, Sealed)
    assert stored.token.startswith("v1:")
    assert totp_secret_for(cast.teacher.email) not in stored.token


def test_a_recovery_code_signs_in_once(cast):
    TOTPDevice.objects.filter(user=cast.teacher).delete()
    client = Client()
    password_step(client, cast.teacher.email)
    client.get("/account/sign-in/set-up-app/")
    device = TOTPDevice.objects.get(user=cast.teacher, confirmed=False)
    codes = client.post("/account/sign-in/set-up-app/", {"code": current_code(device)}).context[
        "codes"
    ]
    assert RecoveryCodeDevice.objects.filter(user=cast.teacher).count() == 1
    again = Client()
    password_step(again, cast.teacher.email)
    assert again.post("/account/sign-in/code/", {"code": codes[0]}).status_code == 302
    third = Client()
    password_step(third, cast.teacher.email)
    assert third.post("/account/sign-in/code/", {"code": codes[0]}).status_code == 200


def test_an_idle_session_ends(cast, client_for, settings):
    client = client_for(cast.teacher)
    assert client.get("/account/home/").status_code == 200
    session = client.session
    session["haven_last_seen"] = time.time() - (settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60 + 5)
    session.save()
    response = client.get("/account/home/")
    assert response.status_code == 302
    assert response.url.startswith("/account/sign-in/")


def test_signing_out_everywhere_ends_other_sessions(cast, client_for):
    laptop, phone = client_for(cast.teacher), client_for(cast.teacher)
    laptop.post("/account/sign-out/everywhere/")
    response = phone.get("/account/home/")
    assert response.status_code == 302


def test_sign_out_is_post_only(cast, client_for):
    client = client_for(cast.teacher)
    assert client.get("/account/sign-out/").status_code == 405
    assert client.get("/account/home/").status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("teacher", "Record a concern"),
        ("dsl", "See and act on every safeguarding concern"),
        ("head", "Agree, as headteacher"),
        ("office", "You cannot see safeguarding records"),
        ("trust_lead", "see no pupil's records"),
    ],
)
def test_home_says_what_each_role_can_do(cast, client_for, who, expected):
    response = client_for(getattr(cast, who)).get("/account/home/")
    assert expected in response.text


# --- Session fixation ---------------------------------------------------------------------------


def test_the_session_key_changes_when_the_second_factor_passes(cast):
    client = Client()
    password_step(client, cast.teacher.email)
    before = client.session.session_key
    client.post("/account/sign-in/code/", {"code": code_for(cast.teacher)})
    after = client.session.session_key
    assert before
    assert after
    assert before != after
    assert client.get("/account/home/").status_code == 200  # still signed in, with a new key


def test_the_session_key_changes_when_a_new_authenticator_is_set_up(cast):
    TOTPDevice.objects.filter(user=cast.teacher).delete()
    client = Client()
    password_step(client, cast.teacher.email)
    client.get("/account/sign-in/set-up-app/")
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=cast.teacher, confirmed=False)
    client.post("/account/sign-in/set-up-app/", {"code": current_code(device)})
    assert client.session.session_key != before
    assert client.get("/account/home/").status_code == 200


# --- Recovery codes -----------------------------------------------------------------------------


def set_up_with_codes(cast) -> list[str]:
    from haven.accounts.mfa import confirm_authenticator

    device = TOTPDevice.objects.get(user=cast.teacher)
    return confirm_authenticator(user=cast.teacher, device=device)


def test_recovery_codes_are_stored_salted_and_slow_not_keyed_with_secret_key(cast):
    from django.contrib.auth.hashers import identify_hasher

    codes = set_up_with_codes(cast)
    stored = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == len(set(stored)) == 10
    assert all(identify_hasher(value) for value in stored)  # Django's password hashers
    assert not any(code.replace("-", "") in value for code in codes for value in stored)


def test_recovery_codes_still_work_after_secret_key_changes(cast, settings):
    codes = set_up_with_codes(cast)
    settings.SECRET_KEY = "a-completely-different-secret-key-for-this-test-only-0123456789"
    client = Client()
    password_step(client, cast.teacher.email)
    assert client.post("/account/sign-in/code/", {"code": codes[3]}).status_code == 302


def test_a_recovery_code_works_once_even_when_typed_in_capitals_or_with_spaces(cast):
    codes = set_up_with_codes(cast)
    device = RecoveryCodeDevice.objects.get(user=cast.teacher)
    typed = codes[0].upper().replace("-", " ")
    assert device.verify_token(typed)
    assert not device.verify_token(codes[0])
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1


def test_a_recovery_code_made_before_salted_hashes_still_works_once(cast):
    import hashlib
    import hmac

    from django.conf import settings as django_settings

    set_up_with_codes(cast)
    device = RecoveryCodeDevice.objects.get(user=cast.teacher)
    legacy = hmac.new(django_settings.SECRET_KEY.encode(), b"abcde12345", hashlib.sha256)
    RecoveryCode.objects.create(device=device, code_hash=legacy.hexdigest())
    assert device.verify_token("abcde-12345")
    assert not device.verify_token("abcde-12345")
