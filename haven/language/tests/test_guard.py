"""The public function: what a finding holds and how findings are chosen."""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

import json

import pytest

from haven.language import KINDS, Finding, check_text


def test_a_blaming_sentence_gives_a_finding_with_span_kind_reason_and_suggestion() -> None:
    text = "She should have known better than to send it."
    [finding] = check_text(text)
    assert text[finding.start : finding.end] == finding.text == "She should have known"
    assert finding.kind == "responsibility"
    assert finding.rule == "should-have"
    assert finding.why.endswith(".")
    assert finding.suggestion
    assert finding.label == "Puts responsibility on the child"


def test_a_neutral_note_gives_no_findings() -> None:
    assert check_text("She sent the image to a boy she met online. I passed it to the DSL.") == []


def test_empty_and_blank_text_give_no_findings() -> None:
    assert check_text("") == []
    assert check_text("   \n\t") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She put herself at risk.", "responsibility"),
        ("She is a compulsive liar.", "character"),
        ("She is hardly a victim.", "doubting"),
        ("It was just harmless fun.", "minimising"),
        ("She should be ashamed of herself.", "moralising"),
        ("He had child porn on his phone.", "harmful_term"),
    ],
)
def test_each_kind_of_problem_has_a_stable_code(text: str, kind: str) -> None:
    assert [finding.kind for finding in check_text(text)] == [kind]
    assert kind in KINDS


def test_findings_come_in_order_of_position() -> None:
    text = "It was silly. She was asking for it. Child porn was found."
    findings = check_text(text)
    assert [f.text for f in findings] == ["silly", "asking for it", "Child porn"]


def test_overlapping_matches_are_reported_once_keeping_the_longest() -> None:
    findings = check_text("She made a poor choice by sending it.")
    assert [f.text for f in findings] == ["made a poor choice by"]


def test_letter_case_curly_apostrophes_and_hyphens_do_not_hide_a_phrase() -> None:
    assert check_text("She SHOULD’VE KNOWN BETTER.")
    assert check_text("He shouldn’t have sent it.")
    assert check_text("Typical attention seeking.")
    assert check_text("Typical attention-seeking.")


def test_a_phrase_starting_with_a_contraction_is_found_after_either_apostrophe() -> None:
    assert [f.text for f in check_text("He's at fault.")] == ["He's at fault"]
    assert [f.text for f in check_text("She’s flirting again.")] == ["’s flirting"]


def test_a_phrase_inside_a_longer_word_is_not_flagged() -> None:
    assert check_text("The sillyness of the timetable.") == []
    assert check_text("Pornography at home is a separate concern.") == []


def test_a_finding_converts_to_a_json_ready_dict() -> None:
    [finding] = check_text("He was stupid to send it.")
    data = finding.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"start", "end", "text", "kind", "why", "suggestion", "rule"}
    assert Finding(**data) == finding  # type: ignore[arg-type]


def test_a_finding_cannot_be_changed() -> None:
    [finding] = check_text("He was stupid to send it.")
    with pytest.raises(AttributeError):
        finding.kind = "other"  # type: ignore[misc]


def test_offsets_are_correct_in_a_long_note_with_curly_quotes_and_emoji() -> None:
    text = "😢 She said “I’m scared”.\nShe was silly; I told her it wasn’t her fault. 👍"
    [finding] = check_text(text)
    assert text[finding.start : finding.end] == finding.text == "She was silly"


def test_a_character_that_grows_in_lower_case_does_not_move_the_findings() -> None:
    # "İ".lower() is two characters; the guard must still point at the right words.
    text = "İİİ. She needs to be more careful online."
    [finding] = check_text(text)
    assert text[finding.start : finding.end] == finding.text == "She needs to be more careful"
