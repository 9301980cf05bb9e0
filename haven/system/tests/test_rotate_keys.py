"""rotate_keys re-encrypts narrative text under the newest data key, in batches, resumably."""

import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from haven.accounts.models import TOTPDevice, User
from haven.lib.encryption import key_id_of

pytestmark = pytest.mark.django_db

KEY_A = "a:" + base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = "b:" + base64.urlsafe_b64encode(b"B" * 32).decode()
KEY_C = "c:" + base64.urlsafe_b64encode(b"C" * 32).decode()


def stored_key_ids():
    raw = TOTPDevice.objects.annotate(raw=Cast("secret_hex", TextField()))
    return sorted({key_id_of(value) for value in raw.values_list("raw", flat=True)})


@pytest.fixture
def secrets_under_key_a(settings):
    settings.HAVEN_DATA_KEYS = KEY_A
    secrets = {}
    for number in range(5):
        user = User.objects.create_user(
            f"staff{number}@elm.test", "pw-long-enough-1", full_name="S"
        )
        device = TOTPDevice.objects.create(user=user, name="App", secret_hex=f"{number:040x}")
        secrets[device.pk] = f"{number:040x}"
    assert stored_key_ids() == ["a"]
    return secrets


def rotate(*args):
    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_every_value_moves_to_the_new_key_and_still_reads(settings, secrets_under_key_a):
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    output = rotate("--batch-size", "2")
    assert "accounts.TOTPDevice: 5 rows re-encrypted, 0 failed" in output
    assert stored_key_ids() == ["b"]
    settings.HAVEN_DATA_KEYS = KEY_B  # key A can now be retired
    for device in TOTPDevice.objects.all():
        assert device.secret_hex == secrets_under_key_a[device.pk]


def test_a_dry_run_counts_and_changes_nothing(settings, secrets_under_key_a):
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    assert "accounts.TOTPDevice: 5 rows to re-encrypt" in rotate("--dry-run")
    assert stored_key_ids() == ["a"]


def test_running_again_touches_only_what_is_not_yet_under_the_new_key(
    settings, secrets_under_key_a
):
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    rotate()
    assert "accounts.TOTPDevice: 0 rows re-encrypted" in rotate()
    user = User.objects.create_user("late@elm.test", "pw-long-enough-1", full_name="Late")
    settings.HAVEN_DATA_KEYS = f"{KEY_A},{KEY_B}"  # e.g. a server still on the old ring
    TOTPDevice.objects.create(user=user, name="App", secret_hex="ab" * 20)
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    assert "accounts.TOTPDevice: 1 rows re-encrypted" in rotate()
    assert stored_key_ids() == ["b"]


def test_a_value_under_a_key_no_longer_configured_is_reported_and_left(
    settings, secrets_under_key_a
):
    settings.HAVEN_DATA_KEYS = f"{KEY_C},{KEY_B}"  # key A is missing
    with pytest.raises(CommandError, match="5 rows could not be decrypted"):
        rotate("--batch-size", "2")
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    assert stored_key_ids() == ["a"]
    rotate()
    assert stored_key_ids() == ["b"]


def test_rotation_does_not_run_model_save(settings, secrets_under_key_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rotation must not call save(): some records refuse edits")

    monkeypatch.setattr(TOTPDevice, "save", refuse)
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    rotate()
    assert stored_key_ids() == ["b"]


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(CommandError, match="batch-size"):
        rotate("--batch-size", "0")
