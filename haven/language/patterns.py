"""Turn the phrases in phrases.toml into regular expressions.

A phrase is written the way a person would say it, so that a DSL can read and extend the list
without knowing regular expressions. The notation (documented in docs/language.md):

    word          the word itself, any letter case; ' matches a straight or curly apostrophe
                  and - matches a hyphen, a space or nothing ("attention-seeking").
    word*         the word with any ending ("provocativ*": provocative, provocatively).
    *ed           any word with that ending ("been *ed": been targeted, been pressured).
    *             any one word, except a negation (not, never, no, didn't, ...).
    ...           up to three words, none of them a negation.
    (a|b c)       one of the choices; a choice may be several words. Brackets may nest.
    [a|b c]       optional: one of the choices, or nothing.
    {name}        one of the words in the named list under [lists] in phrases.toml.
    , or [,]      a comma (or an optional one) straight after the word before it.
    !(a|b c)      not followed by one of the choices (it matches no words itself): the
                  structure "should have" + a verb, but not "should have been protected".
    &(a|b c)      followed by one of the choices, which are not part of the match.

Anything harder is written as a regular expression (the `regex` key) instead.

Each phrase also records the words it can start with, so the guard only tries a phrase where
one of those words appears (guard.py): trying every phrase at every position was too slow.
"""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

import re
from collections.abc import Mapping
from dataclasses import dataclass

# A "word" for the wildcards: letters, digits, apostrophes and hyphens, so "didn't" is one word.
# A negation is never a filler word: "she is ... naive" must not match "she is not naive".
_NOT_NEGATION = (
    r"(?!(?:not|never|no|nobody|nothing|none|hardly|neither|nor)(?![\w'’-]))"
    r"(?![\w'’-]*n['’]t(?![\w'’-]))"
)
_ANY_WORD = _NOT_NEGATION + r"[\w'’-]+"
_GAP = r"(?:\s+" + _ANY_WORD + r"){0,3}"
# Between words: some space, or none before a contraction ("she" + "'s" matches "she's").
_SEP = r"(?:\s+|(?=['’]))"
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_LEADING_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[,;:]")


class PatternError(ValueError):
    """A phrase in the data file that cannot be read; the message names the phrase."""


@dataclass(frozen=True)
class Starts:
    """Where a phrase can begin: at one of these words (lower case), at a word beginning with
    one of these prefixes, or (anywhere=True) at any position at all."""

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    anywhere: bool = False

    def __or__(self, other: "Starts") -> "Starts":
        return Starts(
            self.words | other.words,
            self.prefixes | other.prefixes,
            self.anywhere or other.anywhere,
        )


ANYWHERE = Starts(anywhere=True)


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase: the regular-expression source, the words it can start with, and
    `anchors`: sets of words such that the sentence must hold a word of each for the phrase to
    match there, so the guard can skip the phrase without trying it."""

    regex: str
    starts: Starts
    anchors: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class _Part:
    regex: str
    optional: bool
    starts: Starts
    lookahead: bool = False  # "!(...)" or "&(...)": a condition on what follows, matching nothing
    positive: bool = False  # "&(...)": must be followed by; "!(...)": must not be
    punctuation: bool = False  # "," or "[,]": follows the word before it with no space


def compile_phrase(phrase: str, lists: Mapping[str, list[str]]) -> Phrase:
    """Compile one phrase in the notation above."""
    parts = _compile_sequence(phrase, lists, phrase)
    if parts and parts[0].regex == _GAP:
        raise PatternError(f"phrase {phrase!r} cannot start with ...")
    if all(part.optional for part in parts):
        raise PatternError(f"phrase {phrase!r} has no required word")
    if parts[0].lookahead:
        raise PatternError(f"phrase {phrase!r} cannot start with !(...) or &(...)")
    # Whole words only: "silly" must not fire inside "sillyness". A phrase may start with a
    # contraction ("'s made her bed"), which follows a letter.
    regex = r"(?:(?<![\w'’])|(?=['’]))" + _join(parts) + r"(?![\w'’])"
    return Phrase(regex, _starts(parts), _anchors(parts))


def _compile_sequence(text: str, lists: Mapping[str, list[str]], phrase: str) -> list[_Part]:
    """Compile space-separated tokens."""
    return [_compile_token(token, lists, phrase) for token in _split(text, " ", phrase)]


def _split(text: str, separator: str, phrase: str) -> list[str]:
    """Split on a separator (space or |) outside brackets; brackets may nest."""
    pieces, current, stack = [], "", []
    for char in text:
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in _CLOSERS.values() and (not stack or stack.pop() != char):
            raise PatternError(f"phrase {phrase!r} has an unmatched {char!r}")
        if (char == separator or (separator == " " and char.isspace())) and not stack:
            pieces.append(current)
            current = ""
        else:
            current += char
    if stack:
        raise PatternError(f"phrase {phrase!r} has an unclosed bracket")
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip() or separator == "|"]


def _compile_token(chunk: str, lists: Mapping[str, list[str]], phrase: str) -> _Part:
    if chunk[0] in "!&":
        if chunk[1:2] != "(":
            raise PatternError(f"phrase {phrase!r}: write {chunk[0]} before a bracket: !(a|b)")
        inner = _compile_token(chunk[1:], lists, phrase)
        return _Part(
            inner.regex + r"(?![\w'’])", True, Starts(), lookahead=True, positive=chunk[0] == "&"
        )
    if _PUNCTUATION.fullmatch(chunk):
        return _Part(re.escape(chunk), False, Starts(), punctuation=True)
    if chunk.startswith("[") and _PUNCTUATION.fullmatch(chunk[1:-1]):
        return _Part(re.escape(chunk[1:-1]), True, Starts(), punctuation=True)
    opener = chunk[0]
    if re.search(r"[)\]][?*+]", chunk):
        raise PatternError(f"phrase {phrase!r}: write [a|b] for an optional choice, not (a|b)?")
    if opener in _CLOSERS and not chunk.endswith(_CLOSERS[opener]):
        raise PatternError(f"phrase {phrase!r}: {chunk!r} needs a space after its bracket")
    if opener not in _CLOSERS and any(char in chunk for char in "()[]{}"):
        raise PatternError(f"phrase {phrase!r}: {chunk!r} needs a space before its bracket")
    if opener in "([":
        regex, starts = _choices(_split(chunk[1:-1], "|", phrase), lists, phrase)
        return _Part(regex, opener == "[", starts)
    if opener == "{":
        name = chunk[1:-1]
        if name not in lists:
            raise PatternError(f"phrase {phrase!r} uses unknown list {{{name}}}")
        regex, starts = _choices(lists[name], lists, phrase)
        return _Part(regex, False, starts)
    if chunk == "...":
        return _Part(_GAP, True, ANYWHERE)
    return _Part(_word(chunk), False, _word_starts(chunk))


def _choices(options: list[str], lists: Mapping[str, list[str]], phrase: str) -> tuple[str, Starts]:
    if not all(option.strip() for option in options):
        raise PatternError(f"phrase {phrase!r} has an empty choice")
    sequences = [_compile_sequence(option, lists, phrase) for option in options]
    regex = "(?:" + "|".join(_join(parts) for parts in sequences) + ")"
    starts = Starts()
    for parts in sequences:
        starts |= _starts(parts)
    return regex, starts


def _word(chunk: str) -> str:
    if chunk == "*":
        return _ANY_WORD
    if chunk.startswith("*") and chunk[1:].isalpha():
        # "*ed": any word ending so (a past participle: "been *ed" is "been targeted").
        return _NOT_NEGATION + r"[\w'’-]+" + re.escape(chunk[1:])
    stem, wildcard = (chunk[:-1], r"[\w'’-]*") if chunk.endswith("*") else (chunk, "")
    pieces = []
    for char in stem:
        if char in "'’":
            pieces.append("['’]")
        elif char == "-":
            pieces.append(r"[-‐\s]?")
        else:
            pieces.append(re.escape(char))
    return "".join(pieces) + wildcard


def _word_starts(chunk: str) -> Starts:
    """The text word a literal begins with: "didn't" begins with "didn", "naive*" with "naive"."""
    stem = chunk.rstrip("*").lower()
    if stem[:1] in ("'", "’"):
        return Starts(words=frozenset({"'"}))  # a contraction: tried at each apostrophe
    leading = _LEADING_WORD.match(stem)
    if leading is None or chunk.startswith("*"):
        return ANYWHERE  # "*"
    # A prefix match is needed when the word itself is open-ended, not just its ending.
    if chunk.endswith("*") and leading.group() == stem:
        return Starts(prefixes=frozenset({stem}))
    return Starts(words=frozenset({leading.group()}))


def _starts(parts: list[_Part]) -> Starts:
    """A sequence can start with any leading optional part or its first required part."""
    starts = Starts()
    for part in parts:
        starts |= part.starts
        if not part.optional:
            break
    return starts


def _anchors(parts: list[_Part]) -> tuple[frozenset[str], ...]:
    """For each required part after the first, the whole words it must begin with, smallest
    sets first (they rule most phrases out); a part that may begin with a prefix or with any
    word says nothing."""
    required = [part for part in parts if not part.optional and part.regex != _GAP]
    known = {
        part.starts.words
        for part in required[1:]
        if part.starts.words and not part.starts.prefixes and not part.starts.anywhere
    }
    return tuple(sorted(known, key=len))


def _join(parts: list[_Part]) -> str:
    """Join tokens with flexible whitespace; an optional token takes its own space with it."""
    out: list[str] = []
    seen_required = False
    for part in parts:
        if part.regex == _GAP:
            out.append(part.regex)
        elif part.lookahead:
            out.append(rf"(?{'=' if part.positive else '!'}{_SEP}{part.regex})")
        elif part.punctuation:
            out.append(rf"(?:\s*{part.regex})?" if part.optional else rf"\s*{part.regex}")
        elif part.optional:
            out.append(
                rf"(?:{_SEP}{part.regex})?" if seen_required else rf"(?:{part.regex}{_SEP})?"
            )
        else:
            out.append(rf"{_SEP}{part.regex}" if seen_required else part.regex)
            seen_required = True
    return "".join(out)


_REGEX_HINT = re.compile(r"^\(\?#start:([^)]*)\)")
_REGEX_OPENING = re.compile(r"^\\b\(\?:")


def regex_starts(source: str) -> Starts:
    """Where a hand-written regex can begin, so it is tried only there (it is tried everywhere
    when this cannot tell).

    A regex may say so in a comment, `(?#start: should ought)` (words it starts with); one that
    opens with a word boundary and a group of words, `\\b(?:claims?|insisted)...`, is read from
    that group: each choice's leading letters are a prefix the text word must start with.
    """
    hint = _REGEX_HINT.match(source)
    if hint:
        return Starts(prefixes=frozenset(hint.group(1).lower().split()))
    if not _REGEX_OPENING.match(source):
        return ANYWHERE
    body = _group_body(source, 2)  # the group after \\b
    if body is None:
        return ANYWHERE
    prefixes = set()
    for choice in _split_choices(body):
        letters = re.match(r"[a-z]+", choice)
        if letters is None:
            return ANYWHERE
        prefix = letters.group()
        if choice[len(prefix) : len(prefix) + 1] in ("?", "*"):
            prefix = prefix[:-1]  # "claims?" starts "claim"
        if not prefix:
            return ANYWHERE
        prefixes.add(prefix)
    return Starts(prefixes=frozenset(prefixes))


def _group_body(source: str, open_at: int) -> str | None:
    """The text inside the group opening at source[open_at] ("(?:...)"), or None."""
    depth = 0
    index = open_at
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return source[open_at + 3 : index]
        index += 1
    return None


def _split_choices(body: str) -> list[str]:
    """Split a regex group's body on | outside nested groups and character classes."""
    choices, current, depth, in_class, index = [], "", 0, False, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            current += body[index : index + 2]
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            choices.append(current)
            current = ""
            index += 1
            continue
        current += char
        index += 1
    choices.append(current)
    return choices
