"""The language guard: find victim-blaming, shaming and harmful wording in what staff write.

The rules live in phrases.toml, arranged by kind of blaming and written as structures over word
classes, so that a DSL can review and extend them; this module loads them once, finds every
match, drops the ones that context shows are not the writer's own words (context.py), and fits
each rule's suggested rewording to the child the sentence is about. It is pure Python with no
Django import, so the same check runs in a form, a command, the command line and the tests.
"""

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from haven.language.context import (
    TextContext,
    adults_the_cause,
    analyse,
    helping_after,
    is_exempt,
)
from haven.language.patterns import PatternError, Starts, compile_phrase, regex_starts

PHRASES_FILE = Path(__file__).with_name("phrases.toml")

# The kinds of blaming, each with the plain-English name shown to staff beside a finding.
KIND_LABELS = {
    "responsibility": "Puts responsibility on the child",
    "character": "Labels the child",
    "doubting": "Doubts the child",
    "minimising": "Makes it sound minor",
    "moralising": "Threatens, shames or lectures",
    "harmful_term": "Sexualising or harmful term",
}
KINDS = frozenset(KIND_LABELS)
_RULE_KEYS = frozenset(
    {"id", "kind", "why", "suggestion", "patterns", "regex", "examples", "quoted"}
)
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# Where phrases are tried: at each word, and at each apostrophe for phrases that start with a
# contraction ("'s been flirting"), which are indexed under "'".
_TEXT_WORD = re.compile(r"\w+|['\N{RIGHT SINGLE QUOTATION MARK}]")
_CURLY_APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"
_PREFIX_KEY = 3  # prefixes are looked up by their first three letters


_Anchors = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Finding:
    """One problem found in a text.

    `text[start:end]` of the checked text is `text`; `kind` is one of KINDS; `rule` is the id of
    the phrases.toml rule that matched, so a DSL can find it.
    """

    start: int
    end: int
    text: str
    kind: str
    why: str
    suggestion: str
    rule: str

    def to_dict(self) -> dict[str, str | int]:
        """Return the finding as a plain dict, ready for JSON."""
        return asdict(self)

    @property
    def label(self) -> str:
        """The kind in plain English, for staff: "Puts responsibility on the child"."""
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Rule:
    """One [[rule]] from phrases.toml with its phrases compiled."""

    id: str
    kind: str
    why: str
    suggestion: str
    phrases: tuple[tuple[re.Pattern[str], Starts, _Anchors], ...]  # regex, starts, anchors
    examples: tuple[str, ...]
    # True for a rule about quotation marks themselves (scare quotes): quoting does not exempt it.
    quoted: bool = False


_Entry = tuple[re.Pattern[str], Rule, _Anchors]  # regex, rule, anchors


@dataclass(frozen=True)
class _Index:
    """Phrases by the word they can start with, so each is tried only where it could match."""

    by_word: Mapping[str, tuple[_Entry, ...]]
    by_prefix: Mapping[str, tuple[tuple[str, _Entry], ...]]
    anywhere: tuple[tuple[re.Pattern[str], Rule], ...]


# A stretch of text no phrase reaches across (phrases never hold . ! ? ; or a line break): the
# words in it decide which phrases are worth trying there (a phrase's anchors).
_STRETCH = re.compile(r"[^.!?;\n]+")


class PhraseFileError(ValueError):
    """phrases.toml cannot be used; the message says which rule and why."""


def check_text(text: str) -> list[Finding]:
    """Return the findings in `text`, in order of position; an empty list when all is well.

    Matches inside quotation marks, in someone else's reported words, or negated ("it is not your
    fault") are left out. Overlapping matches are reported once, keeping the longest.
    """
    candidates = _matches(text, _index(PHRASES_FILE))
    if not candidates:
        return []  # the common case: no need to work out quotes and sentences
    context = analyse(text)
    kept = [
        c
        for c in candidates
        if not is_exempt(context, c[0], c[1], quoted_ok=c[2].quoted)
        and not (c[2].kind == "responsibility" and _helped_or_adults(context, c[1], c[2]))
    ]
    return [_finding(context, start, end, rule) for start, end, rule in _without_overlaps(kept)]


# Rules about what the child chose or agreed to do, where the words after can show the act was
# help or evidence ("decided to send the screenshots to the DSL").
_CHOICE_RULES = frozenset({"chose-it"})


def _helped_or_adults(context: TextContext, end: int, rule: "Rule") -> bool:
    """A chosen act that was help or evidence, or a failing the writer puts on the adults, is
    not responsibility put on the child (context.helping_after, context.adults_the_cause)."""
    if rule.id in _CHOICE_RULES and helping_after(context, end):
        return True
    return adults_the_cause(context, end)


def _matches(text: str, index: _Index) -> list[tuple[int, int, Rule]]:
    found = []
    for regex, rule in index.anywhere:
        found += [(m.start(), m.end(), rule) for m in regex.finditer(text)]
    lowered = _lowered(text)
    for stretch in _STRETCH.finditer(lowered):
        words = [(m.group(), m.start()) for m in _TEXT_WORD.finditer(lowered, *stretch.span())]
        present = {word for word, _ in words}
        for lower, position in words:
            entries = index.by_word.get(lower, ())
            prefixed = index.by_prefix.get(lower[:_PREFIX_KEY], ())
            if prefixed:
                entries += tuple(entry for prefix, entry in prefixed if lower.startswith(prefix))
            for regex, rule, anchors in entries:
                # Skip a phrase when a word it needs is not in this stretch of text (a plain
                # loop: this runs for every phrase at every word, and a generator costs more).
                for anchor in anchors:
                    if anchor.isdisjoint(present):
                        break
                else:
                    match = regex.match(text, position)
                    if match and match.end() > match.start():
                        found.append((match.start(), match.end(), rule))
    return found


def _lowered(text: str) -> str:
    """The text in lower case with straight apostrophes, offset for offset the same as `text`.

    A few characters grow when lower-cased ("İ" becomes two); those are kept as they are, so a
    position in one is the same position in the other.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace(_CURLY_APOSTROPHE, "'")


def _without_overlaps(
    candidates: list[tuple[int, int, Rule]],
) -> list[tuple[int, int, Rule]]:
    # Longest first at each position: "made a poor choice by" says more than "poor choice".
    ordered = sorted(candidates, key=lambda c: (c[0], c[0] - c[1]))
    kept: list[tuple[int, int, Rule]] = []
    for start, end, rule in ordered:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, rule))
    return kept


def _finding(context: TextContext, start: int, end: int, rule: Rule) -> Finding:
    text = context.text
    suggestion = suggest(rule.suggestion, _pronoun(context, start, end))
    return Finding(start, end, text[start:end], rule.kind, rule.why, suggestion, rule.id)


# The child's pronouns, to fit a suggestion to the sentence: "{They} sent an image" becomes "She
# sent an image" in a note about a girl. Singular "they" when the note does not say.
_PRONOUNS = {
    "she": {"they": "she", "them": "her", "their": "her", "are": "is", "have": "has", "s": "s"},
    "he": {"they": "he", "them": "him", "their": "his", "are": "is", "have": "has", "s": "s"},
    "they": {
        "they": "they",
        "them": "them",
        "their": "their",
        "are": "are",
        "have": "have",
        "s": "",
    },
}
_PRONOUN_WORD = re.compile(
    r"\b(?:(?P<she>she|her|herself|girl|daughter)|(?P<he>he|him|his|himself|boy|lad|son))\b", re.I
)
_PLACEHOLDER = re.compile(r"\{(they|them|their|are|have|s)\}", re.I)


def _pronoun(context: TextContext, start: int, end: int) -> str:
    """she, he or they: the first gendered word in the finding, else in its sentence."""
    sentence_start, sentence_end = context.sentence_around(start, end)
    for window in (context.text[start:end], context.text[sentence_start:sentence_end]):
        match = _PRONOUN_WORD.search(window)
        if match:
            return "she" if match.group("she") else "he"
    return "they"


def suggest(template: str, pronoun: str = "they") -> str:
    """Fill a rule's suggestion with the child's pronouns ({they}, {Them}, {are}, ...)."""
    forms = _PRONOUNS[pronoun]

    def fill(match: re.Match[str]) -> str:
        word = forms[match.group(1).lower()]
        return word[:1].upper() + word[1:] if match.group(1)[0].isupper() else word

    return _PLACEHOLDER.sub(fill, template)


@functools.cache
def _index(path: Path) -> _Index:
    by_word: dict[str, list[_Entry]] = {}
    by_prefix: dict[str, list[tuple[str, _Entry]]] = {}
    anywhere: list[tuple[re.Pattern[str], Rule]] = []
    for rule in load_rules(path):
        for regex, starts, anchors in rule.phrases:
            if starts.anywhere or any(len(p) < _PREFIX_KEY for p in starts.prefixes):
                anywhere.append((regex, rule))
                continue
            entry = (regex, rule, anchors)
            for word in starts.words:
                by_word.setdefault(word, []).append(entry)
            for prefix in starts.prefixes:
                by_prefix.setdefault(prefix[:_PREFIX_KEY], []).append((prefix, entry))
    return _Index(
        {word: tuple(entries) for word, entries in by_word.items()},
        {key: tuple(entries) for key, entries in by_prefix.items()},
        tuple(anywhere),
    )


@functools.cache
def load_rules(path: Path = PHRASES_FILE) -> tuple[Rule, ...]:
    """Load and compile the rules in a phrases file (cached: compiled once per process)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    lists = data.get("lists", {})
    rules = tuple(_rule(entry, lists) for entry in data.get("rule", []))
    ids = [rule.id for rule in rules]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise PhraseFileError(f"{path.name}: rule ids used twice: {', '.join(duplicates)}")
    return rules


def _rule(entry: Mapping[str, Any], lists: Mapping[str, list[str]]) -> Rule:
    rule_id = str(entry.get("id", ""))
    problems = _rule_problems(entry, rule_id)
    if problems:
        raise PhraseFileError(f"rule {rule_id or '(no id)'}: {'; '.join(problems)}")
    try:
        # A hand-written regex may start anywhere, so it is tried at every position.
        sources = [compile_phrase(p, lists) for p in entry.get("patterns", [])]
        compiled = [(p.regex, p.starts, p.anchors) for p in sources]
        compiled += [(source, regex_starts(source), ()) for source in entry.get("regex", [])]
        phrases = tuple(
            (re.compile(regex, re.IGNORECASE), starts, anchors)
            for regex, starts, anchors in compiled
        )
    except PatternError as error:
        raise PhraseFileError(f"rule {rule_id}: {error}") from error
    except re.error as error:
        raise PhraseFileError(f"rule {rule_id}: bad regex: {error}") from error
    return Rule(
        id=rule_id,
        kind=entry["kind"],
        why=entry["why"],
        suggestion=entry["suggestion"],
        phrases=phrases,
        examples=tuple(entry.get("examples", [])),
        quoted=entry.get("quoted") is True,
    )


def _rule_problems(entry: Mapping[str, Any], rule_id: str) -> list[str]:
    """Everything wrong with one [[rule]] table, so a DSL sees all of it at once."""
    problems = [f"unknown key {key!r}" for key in sorted(set(entry) - _RULE_KEYS)]
    if not _ID.match(rule_id):
        problems.append("id must be lower-case letters, digits and hyphens")
    if entry.get("kind") not in KINDS:
        problems.append(f"kind must be one of {', '.join(sorted(KINDS))}")
    for key in ("why", "suggestion"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{key} is missing")
    if not entry.get("patterns") and not entry.get("regex"):
        problems.append("needs at least one phrase in patterns or regex")
    return problems
