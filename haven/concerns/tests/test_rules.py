"""The pure rules for concerns: what reporters see, and references as typed."""

import pytest

from haven.concerns import rules


@pytest.mark.parametrize(
    ("status", "case_closed", "replied", "word"),
    [
        ("new", False, False, "received"),
        ("new", False, True, "being handled"),
        ("acknowledged", False, False, "being handled"),
        ("in_case", False, False, "being handled"),
        ("in_case", False, True, "being handled"),
        ("in_case", True, False, "closed"),
        ("in_case", True, True, "closed"),
        ("no_further_action", False, False, "closed"),
        ("no_further_action", False, True, "closed"),
    ],
)
def test_a_reporter_sees_one_word_for_the_status(status, case_closed, replied, word):
    assert rules.reporter_status(status, case_closed=case_closed, replied=replied) == word


def test_references_and_codes_are_read_however_they_are_typed():
    assert rules.normalise_reference(" hv-7k3m9q ") == "HV-7K3M9Q"
    assert rules.normalise_reference("7K3M9Q") == "HV-7K3M9Q"
    assert rules.normalise_code("abcd efgh-jklm") == "ABCDEFGHJKLM"
    assert rules.format_code("ABCDEFGHJKLM") == "ABCD-EFGH-JKLM"
