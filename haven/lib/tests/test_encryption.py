import pytest
from django.core.exceptions import ImproperlyConfigured

from haven.lib import encryption

KEY_A = "a1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
KEY_B = "b2:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI="


def test_a_value_decrypts_only_in_the_place_it_was_written(settings):
    settings.HAVEN_DATA_KEYS = KEY_A
    token = encryption.encrypt("She said she was scared.", context="cases_note.text.1")
    assert "scared" not in token
    assert encryption.decrypt(token, context="cases_note.text.1") == "She said she was scared."
    with pytest.raises(encryption.DecryptionFailed):
        encryption.decrypt(token, context="cases_note.text.2")


def test_an_altered_value_is_refused(settings):
    settings.HAVEN_DATA_KEYS = KEY_A
    token = encryption.encrypt("text", context="c")
    head, tail = token.rsplit(":", 1)
    altered = head + ":" + ("A" if tail[0] != "A" else "B") + tail[1:]
    with pytest.raises(encryption.DecryptionFailed):
        encryption.decrypt(altered, context="c")


def test_old_keys_still_decrypt_after_a_new_key_is_put_first(settings):
    settings.HAVEN_DATA_KEYS = KEY_A
    old = encryption.encrypt("text", context="c")
    settings.HAVEN_DATA_KEYS = f"{KEY_B},{KEY_A}"
    assert encryption.decrypt(old, context="c") == "text"
    assert encryption.key_id_of(encryption.encrypt("text", context="c")) == "b2"


def test_a_value_whose_key_is_gone_says_so(settings):
    settings.HAVEN_DATA_KEYS = KEY_A
    token = encryption.encrypt("text", context="c")
    settings.HAVEN_DATA_KEYS = KEY_B
    with pytest.raises(encryption.DecryptionFailed, match="not configured"):
        encryption.decrypt(token, context="c")


@pytest.mark.parametrize("spec", ["", "nocolon", "k1:short", "k-1:" + "QUFB" * 11])
def test_a_bad_key_ring_is_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        encryption.parse_key_ring(spec)
