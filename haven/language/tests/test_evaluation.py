"""The guard's measured accuracy on the labelled set must not fall below 0.9."""

from collections import Counter

from haven.language.evaluate import HELD_OUT, LABELLED, load_examples, score


def test_the_labelled_set_has_at_least_200_sentences_of_both_kinds_with_hard_cases() -> None:
    examples = load_examples(LABELLED)
    assert len(examples) >= 200
    cases = Counter((e.blaming, e.case) for e in examples)
    assert cases[(True, "hard")] >= 20
    for case in ("hard", "quote", "reported", "reassurance", "term"):
        assert cases[(False, case)] >= 10, case


def test_precision_and_recall_on_the_labelled_set_are_at_least_0_9() -> None:
    scores = score(load_examples(LABELLED))
    assert scores.precision >= 0.9, [e.text for e in scores.wrongly_flagged]
    assert scores.recall >= 0.9, [e.text for e in scores.missed]


def test_precision_and_recall_on_the_held_out_set_are_at_least_0_8() -> None:
    # The held-out set is small (62 sentences) and not used to choose phrases: a looser floor.
    scores = score(load_examples(HELD_OUT))
    assert scores.precision >= 0.8, [e.text for e in scores.wrongly_flagged]
    assert scores.recall >= 0.8, [e.text for e in scores.missed]
