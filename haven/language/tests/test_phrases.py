"""The phrase data file and its notation, which DSLs edit by hand."""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

from pathlib import Path

import pytest

from haven.language import check_text
from haven.language.guard import KINDS, PhraseFileError, load_rules
from haven.language.patterns import PatternError, compile_phrase

LISTS = {"self": ["herself", "himself"]}


def matches(phrase: str, text: str) -> bool:
    import re

    return re.search(compile_phrase(phrase, LISTS).regex, text, re.IGNORECASE) is not None


def test_every_rule_has_a_known_kind_a_reason_a_suggestion_and_examples() -> None:
    rules = load_rules()
    assert len(rules) >= 10
    for rule in rules:
        assert rule.kind in KINDS
        assert rule.why
        assert rule.suggestion
        assert rule.examples, f"rule {rule.id} needs at least one example"


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(rule.id, example) for rule in load_rules() for example in rule.examples],
)
def test_every_example_in_the_phrase_file_is_flagged_by_its_own_rule(
    rule_id: str, example: str
) -> None:
    assert rule_id in {finding.rule for finding in check_text(example)}


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("asking for it", "She was Asking  for\nit.", True),
        ("asking for it", "asking for items", False),
        ("shouldn't have sent", "she shouldn’t have sent", True),
        ("attention-seeking", "attention seeking", True),
        ("attention-seeking", "attentionseeking", True),
        ("provocativ*", "posed provocatively", True),
        ("provocativ*", "unprovocative", False),
        ("put * at risk", "put everyone at risk", True),
        ("put * at risk", "put at risk", False),
        ("despite ... warnings", "despite all the warnings", True),
        ("despite ... warnings", "despite warnings", True),
        ("despite ... warnings", "despite one two three four warnings", False),
        ("(led|leading) him on", "leading him on", True),
        ("[really] silly", "really silly", True),
        ("[really] silly", "silly", True),
        ("so [very] silly", "so silly", True),
        ("so [very] silly", "so very silly", True),
        ("brought it on {self}", "brought it on himself", True),
        ("brought it on {self}", "brought it on them", False),
        ("should [have|'ve] (known|thought (about|twice))", "should've thought twice", True),
        ("she (is|'s) silly", "she's silly", True),
        ("she (is|'s) silly", "she is silly", True),
        # A negation is never one of the words a wildcard or a gap stands for.
        ("she is ... naive", "she is really very naive", True),
        ("she is ... naive", "she is not naive", False),
        ("she * naive", "she wasn't naive", False),
        # !(...): not followed by; &(...): followed by, without taking the words.
        ("should have !(been protected)", "should have blocked him", True),
        ("should have !(been protected)", "should have been protected", False),
        ("silly &(girl|boy)", "a silly girl", True),
        ("silly &(girl|boy)", "a silly game", False),
        # A comma straight after a word.
        ("an [*] [,] hysterical girl", "an emotional, hysterical girl", True),
        ("an [*] [,] hysterical girl", "an hysterical girl", True),
    ],
)
def test_the_phrase_notation(phrase: str, text: str, expected: bool) -> None:
    assert matches(phrase, text) is expected


@pytest.mark.parametrize(
    "phrase",
    [
        "(unclosed",
        "closed)",
        "[optional]",
        "{nolist} word",
        "... word",
        "(a|)",
        "word(a|b)",
        "!(a) word",
        "word !a",
        "(the )?(boys|girls)",
    ],
)
def test_a_phrase_that_cannot_be_read_is_refused_with_its_text_in_the_message(
    phrase: str,
) -> None:
    with pytest.raises(PatternError, match="phrase"):
        compile_phrase(phrase, LISTS)


def test_a_bad_rule_in_the_file_is_refused_naming_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "phrases.toml"
    path.write_text(
        '[[rule]]\nid = "bad-one"\nkind = "rude"\nwhy = "x"\nsuggestion = "y"\npatterns = []\n',
        encoding="utf-8",
    )
    with pytest.raises(PhraseFileError, match=r"bad-one.*kind must be one of"):
        load_rules(path)


def test_the_same_rule_id_twice_is_refused(tmp_path: Path) -> None:
    rule = (
        '[[rule]]\nid = "twice"\nkind = "responsibility"\nwhy = "x"\nsuggestion = "y"\n'
        'patterns = ["a"]\n'
    )
    path = tmp_path / "phrases.toml"
    path.write_text(rule + rule, encoding="utf-8")
    with pytest.raises(PhraseFileError, match="twice"):
        load_rules(path)


def test_a_raw_regex_rule_is_allowed_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "phrases.toml"
    path.write_text(
        '[[rule]]\nid = "re"\nkind = "responsibility"\nwhy = "x"\nsuggestion = "y"\n'
        'regex = ["(unclosed"]\n',
        encoding="utf-8",
    )
    with pytest.raises(PhraseFileError, match="bad regex"):
        load_rules(path)


def test_a_followed_by_condition_is_not_part_of_the_match() -> None:
    import re

    match = re.search(compile_phrase("silly &(girl|boy)", LISTS).regex, "a silly girl", re.I)
    assert match is not None
    assert match.group() == "silly"


@pytest.mark.parametrize(
    ("source", "prefixes"),
    [
        (r"\b(?:claims?|insisted|told\s+(?:us|me))\b", {"claim", "insisted", "told"}),
        (r"(?#start: should ought)(?<![^\n])should", {"should", "ought"}),
    ],
)
def test_a_hand_written_regex_is_tried_only_at_its_first_words(
    source: str, prefixes: set[str]
) -> None:
    from haven.language.patterns import regex_starts

    starts = regex_starts(source)
    assert not starts.anywhere
    assert starts.prefixes == prefixes


def test_a_hand_written_regex_that_starts_anywhere_is_tried_everywhere() -> None:
    from haven.language.patterns import regex_starts

    assert regex_starts(r"[\"“](?:victim)[\"”]").anywhere
    assert regex_starts(r"\b(?:1[89]|[2-9]\d)\s+years").anywhere


def test_a_phrase_is_skipped_where_a_word_it_needs_is_missing_but_found_where_it_is() -> None:
    phrase = compile_phrase("(she|he) (needs|has) to be more careful", LISTS)
    assert set(phrase.anchors) == {
        frozenset({"needs", "has"}),
        frozenset({"to"}),
        frozenset({"be"}),
        frozenset({"more"}),
        frozenset({"careful"}),
    }
    assert check_text("She has to be more careful online.")
    assert check_text("She needs to be more careful online.")
