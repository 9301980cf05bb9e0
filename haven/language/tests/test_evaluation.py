"""The guard's measured accuracy: the labelled set's shape, and the targets of issue 17 on its
held-out test part (precision and recall 0.95 or more, overall and for every kind with 20 or
more sentences)."""

import functools
from collections import Counter

import pytest

from haven.language import KINDS, check_text
from haven.language.evaluate import (
    DEV,
    EARLIER,
    FRESH,
    MIN_SENTENCES,
    TARGET,
    TEST,
    Evaluation,
    evaluate,
    load_examples,
    long_texts,
    main,
    score,
)


def test_the_labelled_set_has_400_sentences_half_blaming_across_every_kind() -> None:
    dev, test = load_examples(DEV), load_examples(TEST)
    examples = dev + test
    assert len(examples) >= 400
    blaming = sum(e.blaming for e in examples)
    assert 0.4 <= blaming / len(examples) <= 0.6
    for part in (dev, test):
        kinds = Counter(e.kind for e in part if e.blaming)
        assert set(kinds) == KINDS
    # The test part is big enough for a per-kind figure on every kind.
    assert all(n >= MIN_SENTENCES for n in Counter(e.kind for e in test if e.blaming).values())


def test_the_neutral_sentences_include_every_sort_of_hard_negative() -> None:
    for part in (load_examples(DEV), load_examples(TEST)):
        sorts = Counter(e.kind for e in part if not e.blaming)
        for sort in ("quote", "negation", "reported", "professional", "supportive", "plain"):
            assert sorts[sort] >= 10, sort


def test_the_test_part_shares_no_sentence_with_the_development_part() -> None:
    dev_texts = {e.text.casefold() for e in load_examples(DEV)}
    for path in EARLIER:
        dev_texts |= {e.text.casefold() for e in load_examples(path)}
    shared = [e.text for e in load_examples(TEST) if e.text.casefold() in dev_texts]
    assert shared == []


@functools.cache
def held_out() -> Evaluation:
    return evaluate(load_examples(TEST))


@pytest.mark.parametrize(
    ("kind", "measure"),
    [
        (kind, measure)
        for kind in ["overall", *sorted(KINDS)]
        for measure in ("precision", "recall")
    ],
)
def test_the_held_out_test_part_meets_the_target(kind: str, measure: str) -> None:
    evaluation = held_out()
    scores = evaluation.overall if kind == "overall" else evaluation.by_kind[kind]
    if kind != "overall":
        assert evaluation.sentences_by_kind[kind] >= MIN_SENTENCES
    # The message gives the figure only: the test part's misses are not for reading while tuning.
    assert getattr(scores, measure) >= TARGET, f"{kind} {measure} {getattr(scores, measure):.3f}"


def test_held_out_doubting_recall_does_not_fall_below_what_it_is_now() -> None:
    assert held_out().by_kind["doubting"].recall >= TARGET


# The fresh held-out set (issue 17's second round): 80 sentences written before that round's rules
# changed, in the test part's columns. Its shape is fixed, so a sentence cannot slip in or out.
FRESH_BLAMING = {
    "character": 7,
    "doubting": 7,
    "harmful_term": 6,
    "minimising": 6,
    "moralising": 7,
    "responsibility": 7,
}
FRESH_NEUTRAL = {
    "negation": 7,
    "plain": 7,
    "professional": 7,
    "quote": 7,
    "reported": 6,
    "supportive": 6,
}


def test_the_fresh_set_has_its_labels_and_its_count_of_each_kind_and_sort() -> None:
    fresh = load_examples(FRESH)
    assert len(fresh) == 80
    assert Counter(e.kind for e in fresh if e.blaming) == FRESH_BLAMING
    assert Counter(e.kind for e in fresh if not e.blaming) == FRESH_NEUTRAL
    assert all(e.voice for e in fresh)


def test_the_fresh_set_shares_no_sentence_with_the_development_parts() -> None:
    dev = {e.text.casefold() for path in (DEV, *EARLIER) for e in load_examples(path)}
    assert [e.text for e in load_examples(FRESH) if e.text.casefold() in dev] == []
    # One of its sentences is also in the test part (both held out; docs/language.md says so).
    test = {e.text.casefold() for e in load_examples(TEST)}
    assert sum(e.text.casefold() in test for e in load_examples(FRESH)) == 1


def test_the_fresh_set_meets_the_overall_target() -> None:
    # Overall only: with 6 or 7 sentences a kind, one sentence is 14 points (MIN_SENTENCES).
    overall = evaluate(load_examples(FRESH)).overall
    assert overall.precision >= TARGET, f"fresh precision {overall.precision:.3f}"
    assert overall.recall >= TARGET, f"fresh recall {overall.recall:.3f}"


def test_the_development_part_meets_the_targets_too() -> None:
    evaluation = evaluate(load_examples(DEV))
    assert evaluation.below_target() == [], [e.text for e in evaluation.overall.missed]


@pytest.mark.parametrize("path", EARLIER, ids=lambda p: p.name)
def test_the_earlier_sets_still_meet_the_overall_target(path) -> None:
    scores = score(load_examples(path))
    assert scores.precision >= TARGET, [e.text for e in scores.wrongly_flagged]
    assert scores.recall >= TARGET, [e.text for e in scores.missed]


def test_a_kind_counts_a_sentence_the_guard_gave_that_kind_but_should_not_have_flagged() -> None:
    from haven.language.evaluate import Example

    evaluation = evaluate(
        [
            Example(True, "character", "teacher", "She is so naive."),
            Example(False, "plain", "teacher", "He was stupid to send it."),  # mislabelled
            Example(True, "minimising", "teacher", "She sent an image on Friday."),
        ]
    )
    character = evaluation.by_kind["character"]
    assert (character.true_positive, character.false_positive) == (1, 1)
    assert evaluation.by_kind["minimising"].recall == 0.0
    assert evaluation.neutral == {"plain": (1, 1)}
    assert "character recall" not in " ".join(evaluation.below_target())  # too few to judge
    assert "overall precision 0.500" in evaluation.below_target()


def test_the_evaluate_command_prints_figures_per_kind_and_the_time_per_sentence() -> None:
    lines: list[str] = []
    assert main(["--quiet", "--set", "dev"], out=lines.append) == 0
    text = "\n".join(lines)
    for kind in KINDS:
        assert kind in text
    assert "time per sentence" in text
    assert "missed:" not in text  # --quiet


def test_benchmark_texts_are_2000_words_of_labelled_sentences() -> None:
    texts = long_texts(load_examples(DEV), 2_000, 3)
    assert len(texts) == 3
    assert all(2_000 <= len(text.split()) < 2_100 for text in texts)
    assert len(set(texts)) == 3
    assert all(check_text(text) for text in texts)


def test_the_bench_flag_prints_sentences_per_second() -> None:
    lines: list[str] = []
    assert main(["--bench"], out=lines.append) == 0
    (line,) = lines
    assert line.endswith("sentences per second (one call each, one process)")
