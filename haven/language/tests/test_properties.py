"""Whatever staff type, the guard answers and its spans point into the text."""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.language import KINDS, check_text

# Text built from blaming fragments, quotes, apostrophes and noise, so that matches, quotes and
# negations meet in unusual ways, as well as arbitrary Unicode.
FRAGMENTS = st.sampled_from(
    [
        "silly",
        "asking for it",
        "not",
        "never",
        '"',
        "'",
        "“",
        "”",
        "‘",
        "’",
        "didn't",
        "said",
        "told her",
        "I",
        "she",
        ",",
        ".",
        ";",
        "\n",
        " ",
        "child porn",
        "put herself at risk",
        "Mr.",
        "according to",
        "herself",
        "why did you send",
        "it",
        "-",
        "…",
        "😢",
    ]
)
NOTES = st.one_of(st.text(), st.lists(FRAGMENTS, max_size=40).map(" ".join))


@given(NOTES)
@settings(max_examples=400, deadline=None)
def test_check_text_never_fails_and_its_spans_match_the_text(text: str) -> None:
    findings = check_text(text)
    previous_end = 0
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.kind in KINDS
        assert finding.start >= previous_end  # in order, never overlapping
        previous_end = finding.end


@given(NOTES)
@settings(max_examples=200, deadline=None)
def test_wrapping_the_whole_text_in_quotation_marks_silences_it(text: str) -> None:
    assert check_text("“" + text.replace("”", "") + "”") == [] or "\n" in text
