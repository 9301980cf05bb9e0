"""Measure the guard on the labelled sentences: `python -m haven.language.evaluate`.

Prints, for the labelled set and the held-out set, the counts, precision, recall and F1, the
sentences it got wrong, and the time per note. The last line is the labelled set's headline:
`precision 0.97 recall 0.96`. docs/language.md quotes this output.
"""

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from haven.language.guard import check_text

DATA_DIR = Path(__file__).parent / "tests" / "data"
LABELLED = DATA_DIR / "labelled.tsv"
HELD_OUT = DATA_DIR / "heldout.tsv"
LABELS = {"blaming": True, "neutral": False}
# Notes for timing: this many labelled sentences joined. A typical note is about 6 sentences
# (60 to 100 words); a long one about 30.
NOTE_SIZES = (6, 30)
TIMING_ROUNDS = 20


@dataclass(frozen=True)
class Example:
    """One labelled sentence: should the guard flag it, what sort of case it is, the text."""

    blaming: bool
    case: str
    text: str


@dataclass
class Scores:
    """Confusion counts over a set of examples, and the examples the guard got wrong."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    missed: list[Example] = field(default_factory=list)
    wrongly_flagged: list[Example] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Of the sentences flagged, the share that should have been."""
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Of the sentences that should be flagged, the share that were."""
        blaming = self.true_positive + self.false_negative
        return self.true_positive / blaming if blaming else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_examples(path: Path) -> list[Example]:
    """Read a labelled TSV file (label, case, sentence); lines starting with # are comments."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, case, text = line.split("\t")
        if label not in LABELS:
            raise ValueError(f"{path.name} line {number}: label {label!r} is not one of {LABELS}")
        examples.append(Example(LABELS[label], case, text))
    return examples


def score(examples: Sequence[Example]) -> Scores:
    """Run the guard on every example and count right and wrong answers."""
    scores = Scores()
    for example in examples:
        flagged = bool(check_text(example.text))
        if flagged and example.blaming:
            scores.true_positive += 1
        elif flagged:
            scores.false_positive += 1
            scores.wrongly_flagged.append(example)
        elif example.blaming:
            scores.false_negative += 1
            scores.missed.append(example)
        else:
            scores.true_negative += 1
    return scores


def make_notes(examples: Sequence[Example], size: int) -> list[str]:
    """Join consecutive labelled sentences into notes of `size` sentences."""
    texts = [e.text for e in examples]
    return [" ".join(texts[i : i + size]) for i in range(0, len(texts), size)]


def time_notes(notes: Sequence[str]) -> list[float]:
    """Seconds per call of check_text, for every note, over TIMING_ROUNDS rounds."""
    check_text(notes[0])  # load and compile the phrases before timing
    timings = []
    for _ in range(TIMING_ROUNDS):
        for note in notes:
            started = time.perf_counter()
            check_text(note)
            timings.append(time.perf_counter() - started)
    return timings


def timing_line(notes: Sequence[str], size: int) -> str:
    """One line: mean and 95th-percentile time per note."""
    timings = sorted(time_notes(notes))
    p95 = timings[int(len(timings) * 0.95)]
    mean_chars = statistics.mean(len(note) for note in notes)
    return (
        f"time per note ({size} sentences, {mean_chars:.0f} characters on average, "
        f"{len(timings)} runs): mean {statistics.mean(timings) * 1000:.3f} ms, "
        f"p95 {p95 * 1000:.3f} ms"
    )


def report(name: str, scores: Scores, show_mistakes: bool) -> list[str]:
    """Lines describing one set's scores."""
    lines = [
        f"{name}: {scores.true_positive} true positive, {scores.false_positive} false positive, "
        f"{scores.false_negative} false negative, {scores.true_negative} true negative",
        f"{name}: precision {scores.precision:.3f} recall {scores.recall:.3f} F1 {scores.f1:.3f}",
    ]
    if show_mistakes:
        lines += [f"  missed ({e.case}): {e.text}" for e in scores.missed]
        lines += [f"  wrongly flagged ({e.case}): {e.text}" for e in scores.wrongly_flagged]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the evaluation; the last line is the labelled set's precision and recall."""
    parser = argparse.ArgumentParser(prog="python -m haven.language.evaluate")
    parser.add_argument("--quiet", action="store_true", help="leave out the list of mistakes")
    args = parser.parse_args(argv)
    labelled, held_out = load_examples(LABELLED), load_examples(HELD_OUT)
    main_scores = score(labelled)
    lines = report(f"labelled set ({len(labelled)} sentences)", main_scores, not args.quiet)
    lines += report(f"held-out set ({len(held_out)} sentences)", score(held_out), not args.quiet)
    lines += [timing_line(make_notes(labelled, size), size) for size in NOTE_SIZES]
    lines.append(f"precision {main_scores.precision:.2f} recall {main_scores.recall:.2f}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
