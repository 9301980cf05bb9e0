"""Context rules: when a phrase that looks blaming is not the writer's own blaming.

Three cases must not be flagged (the issue, and the guidance that staff record the child's words):
- words inside quotation marks: a verbatim record of what the child (or anyone) said or wrote;
- reported speech or views of someone other than the writer: "her friends told her she was silly";
- negated or reassuring forms: "it is not your fault", "nobody thinks you were silly".

Each rule is a small heuristic over the plain text, deliberately simple enough to explain to a DSL.
The limits are written down in docs/language.md.
"""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

import bisect
import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, which reads better than a long list."""
    return frozenset(text.split())


# Quotation marks. Curly single quotes double as apostrophes, so they get the same care as
# straight ones (see _is_single_quote_open / _is_single_quote_close).
_DOUBLE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»"}
_SINGLES = {"'": "'", "‘": "’"}
_QUOTE_MARK = re.compile("[" + re.escape("".join(_DOUBLE_PAIRS) + "".join(_SINGLES)) + "]")

# A sentence ends at . ! ? ; or a line break. Semicolons count because staff use them to start
# their own comment after reporting someone else's ("Mum thinks ...; I have offered support").
_SENTENCE_END = re.compile(r"[.!?;]+(?=[\s\"'”’)]|$)|\n")
_ABBREVIATIONS = _words("mr mrs ms dr st vs etc e.g i.e approx")

# A clause inside a sentence: commas and colons, dashes and the words that start a new clause.
_CLAUSE_BREAK = re.compile(
    r"[,:()—–]|\s-\s|\b(?:and|but|so|because|although|though|while|whereas|which|who|if)\b", re.I
)
_WORD = re.compile(r"[\w'’]+")

# Words that reverse what follows within a few words: "not your fault", "nobody thinks ...".
_NEGATORS = _words("not never no nobody none neither nor nothing without cannot noone")
_NEGATING_PAIRS = (
    "no one",
    "rather than",
    "instead of",
    # The writer explaining, not blaming: "it makes sense that she didn't object at the time".
    "makes sense",
    "understandable",
    "no wonder",
    "not surprising",
    "unsurprising",
)
# "Not sure" and "not convinced" are doubts, not negations: "not sure he's as innocent as he
# claims" doubts the child.
_DOUBTING_NOT = re.compile(r"\bnot\s+(?:sure|convinced|certain|persuaded)\b", re.I)
_NEGATION_WINDOW = 5  # words looked at before the phrase
# A denial that frames the rest of its clause, however long: "this is not a case of a pupil
# being careless", "it isn't about her having made a bad choice", "none of this is a case of a
# child asking for it".
_DENIAL_FRAME = re.compile(
    r"(?:\bnot|n['’]t|\bnone\s+of\s+(?:this|it|that)\s+(?:is|was))\s+(?:(?:just|simply|really|only|"
    r"at\s+all)\s+)?(?:a\s+case\s+of|a\s+matter\s+of|an?\s+(?:example|instance|question)\s+of|"
    r"about|because\s+of|down\s+to|due\s+to)\b",
    re.I,
)
# How far (in characters) context rules look either side of a phrase. A sentence is rarely
# longer; the bound keeps a pasted page with no full stops from taking quadratic time.
_REACH = 300

# Verbs that introduce someone's words or views. Opinion verbs (thinks, feels) count: "Mum thinks
# she brought it on herself" reports Mum's view, and "she feels stupid" records the child's feeling.
_REPORTING_VERB = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|call|calls|called|calling|"
    r"post|posts|posted|posting|message|messaged|messaging|texted|texting|write|writes|wrote|"
    r"writing|written|comment|commented|commenting|shout|shouted|shouting|claim|claims|claimed|"
    r"claiming|suggest|suggests|suggested|imply|implied|accuse|accuses|accused|accusing|"
    r"describe|describes|described|describing|explain|explains|explained|think|thinks|thought|"
    r"believe|believes|believed|feel|feels|felt|feeling|reckon|reckons|reckoned|insist|insists|"
    r"insisted|argue|argues|argued|laughed|joked|replied|added|admitted|read|reads|asked|asks|"
    r"asking|ask|label|labelled|labeled|branded|blamed|blames|blaming|repeat|repeats|repeated|"
    r"repeating|disclose|discloses|disclosed|disclosing|state|states|stated|mention|mentions|"
    r"mentioned|report|reports|reported|confided|cried|screamed|yelled|whispered|sobbed|"
    r"muttered|answered|responded|complained|chanting|chanted|sang|spread|spreading|"
    # Fears and wonderings are the child's, not the writer's: "she is worried she will be
    # arrested", "he wanted to know whether he would be in trouble".
    r"worried|worries|worry|worrying|fears|feared|fearing|afraid|scared|frightened|terrified|"
    r"anxious|wondered|wonders|wondering|"
    r"wanted\s+to\s+know|wants\s+to\s+know)\b",
    re.I,
)
_PARTICIPLES = _words(
    "told called said asked accused described labelled labeled branded blamed messaged "
    "texted written reported"
)
_PASSIVE_AUX = _words("was were been being be is are get got gets")
# Words skipped when looking for the speaker just before the verb: "I have also told her".
_SKIPPED = _words(
    "then also just already have has had been later again repeatedly apparently allegedly "
    "reportedly initially first clearly kept keep keeps and but once actually both all even "
    "is are was were am do does did still often always openly "
    # Modals and negations say how, not who: "I would not call this ..." is the writer's.
    "would could should might may will can must shall not never don't doesn't didn't won't "
    "wouldn't can't couldn't shouldn't"
)
_WRITER = frozenset({"i", "we"})
_MODAL_BEFORE = re.compile(
    r"\b(?:should|could|would|must|might|may|ought\s+to|will|can)(?:\s+(?:have|'ve|’ve))?\s+$"
    r"|(?:should|could|would|must|might)(?:'ve|’ve)\s+$",
    re.I,
)
_GERUND_AFTER = re.compile(
    r"\s+(?!(?:some|any|no|every)?thing\b|during\b|morning\b|evening\b)\w+ing\b", re.I
)
_CONTRAST = re.compile(
    r"\b(?:but|although|though|yet|however|whereas)\b|,\s*(?:and\s+)?(?:so|therefore)\b"
    r"|\band\s+(?:I|we)\b",
    re.I,
)
# "He claims ..., which I find unlikely": the writer's aside, which may start the phrase itself.
_ASIDE = re.compile(r",\s*which\s+(?:I|we)\b", re.I)
_ASIDE_REACH = 12
_NOUN_BEFORE = re.compile(
    # Not "that": "the boys that called her ..." report what the boys said.
    r"(?:\b(?:her|his|their|the|a|an|my|your|its|our|this)\s+$)|(?:\bwhat\s+[\w'’]+\s+$)",
    re.I,
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.I)
_ATTRIBUTION_TAIL = 3  # words after a trailing "..., her friends said" (to me, at lunch)
_TRAILING_ATTRIBUTION = re.compile(
    r"^[^.;!?\n]*?,\s*(?P<who>(?:[\w'’]+\s+){1,3}?)" + _REPORTING_VERB.pattern, re.I
)


@dataclass(frozen=True)
class TextContext:
    """What the rules need to know about one text, worked out once per text."""

    text: str
    quotes: tuple[tuple[int, int], ...]  # in order, never overlapping
    quote_starts: tuple[int, ...]  # the quotes' start offsets, for bisect
    sentence_ends: tuple[int, ...]

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """Return the (start, end) offsets of the sentence holding text[start:end], reaching
        at most _REACH characters either side (so a pasted page without full stops stays fast).
        """
        index = bisect.bisect_right(self.sentence_ends, start)
        left = self.sentence_ends[index - 1] if index else 0
        right_index = bisect.bisect_left(self.sentence_ends, end)
        right = (
            self.sentence_ends[right_index]
            if right_index < len(self.sentence_ends)
            else len(self.text)
        )
        return max(left, start - _REACH), min(right, end + _REACH)

    def quote_after(self, position: int) -> tuple[int, int] | None:
        """The first quoted span starting at or after position, if any."""
        index = bisect.bisect_left(self.quote_starts, position)
        return self.quotes[index] if index < len(self.quotes) else None


def analyse(text: str) -> TextContext:
    """Work out the quoted spans and sentence boundaries of a text."""
    quotes = tuple(quoted_spans(text))
    return TextContext(
        text, quotes, tuple(start for start, _ in quotes), tuple(_sentence_ends(text))
    )


def is_exempt(context: TextContext, start: int, end: int, *, quoted_ok: bool = False) -> bool:
    """True when the phrase at text[start:end] is quoted, negated or someone else's words.

    `quoted_ok` is for rules about the quotation marks themselves (scare quotes), which a
    quotation cannot exempt; the quotation must still be the writer's own.
    """
    if quoted_ok:
        return is_negated(context, start) or is_reported(context, start, end)
    return (
        in_quotes(context, start, end)
        or is_negated(context, start)
        or is_reported(context, start, end)
    )


# Quotation marks ------------------------------------------------------------------------------


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of quoted passages, quotation marks included.

    An opening mark with no closing mark runs to the end of its line: staff under stress forget
    to close a quote, and what follows is far more often the child's words than their own.
    """
    spans: list[tuple[int, int]] = []
    index = 0
    while (mark := _QUOTE_MARK.search(text, index)) is not None:
        closer = _opening_mark(text, mark.start())
        if closer is None:
            index = mark.end()
            continue
        close_at = _find_close(text, mark.end(), closer)
        spans.append((mark.start(), close_at + 1))
        index = close_at + 1
    return spans


def _opening_mark(text: str, index: int) -> str | None:
    char = text[index]
    if char in _DOUBLE_PAIRS:
        return _DOUBLE_PAIRS[char]
    if char in _SINGLES and _is_single_quote_open(text, index):
        return _SINGLES[char]
    return None


def _is_single_quote_open(text: str, index: int) -> bool:
    # An apostrophe sits inside or at the end of a word ("didn't", "boys'"); an opening quote
    # follows a space, a bracket or the start of the text, and comes before a word.
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not (before.isalnum() or before in "'’") and not after.isspace()


def _is_single_quote_close(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _find_close(text: str, start: int, closer: str) -> int:
    """Index of the closing mark, or of the last character of the line when there is none."""
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    index = text.find(closer, start, line_end)
    while index != -1:
        if closer not in "'’" or _is_single_quote_close(text, index):
            return index
        index = text.find(closer, index + 1, line_end)
    return line_end - 1


def in_quotes(context: TextContext, start: int, end: int) -> bool:
    """True when any part of text[start:end] lies inside a quoted passage."""
    # Quoted spans do not overlap, so only the last one starting before `end` can overlap.
    index = bisect.bisect_left(context.quote_starts, end) - 1
    return index >= 0 and context.quotes[index][1] > start


# Sentences and negation -----------------------------------------------------------------------


def _sentence_ends(text: str) -> list[int]:
    ends = []
    for match in _SENTENCE_END.finditer(text):
        # "Mr. Smith told her ..." is one sentence: a full stop after a title or an initial is not
        # an end, or the reported-speech rule would lose its speaker.
        if match.group() == "." and _is_abbreviation(text, match.start()):
            continue
        ends.append(match.end())
    return ends


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    # Abbreviations are short: look back a few characters only.
    while start > max(0, dot - 8) and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper() and word != "I")


def is_negated(context: TextContext, start: int) -> bool:
    """True when a negating word comes shortly before the phrase, in the same clause."""
    sentence_start, _ = context.sentence_around(start, start)
    before = context.text[sentence_start:start]
    clause = _DOUBTING_NOT.sub(" ", _CLAUSE_BREAK.split(before)[-1])
    words = [word.lower().replace("’", "'") for word in _WORD.findall(clause)]
    window = words[-_NEGATION_WINDOW:]
    if any(word in _NEGATORS or word.endswith("n't") for word in window):
        return True
    if _DENIAL_FRAME.search(clause):
        return True
    joined = " ".join(words[-_NEGATION_WINDOW - 1 :])  # "no one" may straddle the window
    return any(pair in joined for pair in _NEGATING_PAIRS)


# "She might have come to us sooner if we had made it easier": a condition that puts the cause
# in the adults makes what the child could have done the writer's own account of their failing.
_ADULTS_THE_CAUSE = re.compile(
    r"\bif\s+(?:only\s+)?(?:we|I|staff|the\s+school|school|adults|the\s+adults|teachers|someone|"
    r"somebody|anyone|an\s+adult)\s+(?:had|['’]d)\b",
    re.I,
)


# What a child sends, shares or agrees to that is help, evidence or ordinary school life, named
# in the words after the phrase: "decided to send the screenshots to the DSL", "agreed to share
# the messages with the police", "willingly handed over his phone to the police", "agreed to be
# filmed for the anti-bullying video".
_HELPING_AFTER = re.compile(
    r"[\s,]*(?:[\w'’-]+\s+){0,6}?(?:screenshots?|evidence|account\s+names?|usernames?|statement|"
    r"(?:a\s+)?full\s+account|message\s+of\s+support|part\s+in\s+(?:the|a|an|our)\s|questionnaire|survey|register|"
    r"(?:to|with)\s+(?:us|me|staff|police|childline|ceop|the\s+(?:dsl|police|officer|school|platform|"
    r"head|tutor|office|counsellor|nurse|safeguarding\s+team)|an?\s+(?:teacher|officer|member\s+of\s+"
    r"staff|counsellor|adult)|(?:her|his|their)\s+(?:tutor|head\s+of\s+year|teacher|mum|dad|"
    r"parents?|carers?))|for\s+(?:the|an?|our)\s+(?:[\w-]+\s+){0,2}?(?:video|assembly|project|lesson|"
    r"campaign|play|film|yearbook|website|newsletter)|to\s+(?:join|help|volunteer|take\s+part|learn)|"
    r"when\s+(?:we|staff|I|the\s+school)\s)",
    re.I,
)


def helping_after(context: TextContext, end: int) -> bool:
    """True when the words just after a phrase show the act was help, evidence or school life."""
    _, sentence_end = context.sentence_around(end, end)
    return _HELPING_AFTER.match(context.text, end, min(sentence_end, end + 80)) is not None


def adults_the_cause(context: TextContext, end: int) -> bool:
    """True when the rest of the sentence after a phrase says it was up to the adults."""
    _, sentence_end = context.sentence_around(end, end)
    return _ADULTS_THE_CAUSE.search(context.text, end, sentence_end) is not None


# Reported speech ------------------------------------------------------------------------------


def is_reported(context: TextContext, start: int, end: int) -> bool:
    """True when the phrase is someone else's words or view, not the writer's.

    The writer's own speech is still checked: "I told her she was silly" records staff blaming
    the child, which is exactly what the guard is for.
    """
    sentence_start, sentence_end = context.sentence_around(start, end)
    sentence = context.text[sentence_start:sentence_end]
    if _ACCORDING_TO.search(sentence):
        return True
    offset = start - sentence_start
    verbs = [
        m for m in _REPORTING_VERB.finditer(sentence, 0, offset) if _introduces_words(sentence, m)
    ]
    if verbs and _reports(context, sentence, sentence_start, verbs[-1], start):
        return True
    if _said_by_others(sentence[:offset], sentence[offset:]):
        return True
    return _has_trailing_attribution(context.text[end:sentence_end])


# People other than the child and the writer, as the speaker of a reporting verb.
_OTHERS = _words(
    "pupils students girls boys lads kids children people friends peers classmates others "
    "everyone everybody parents rumours rumors some many several few group class mum dad "
    "mother father parent family families"
)


def _said_by_others(left: str, phrase: str) -> bool:
    """True when the phrase itself starts with a reporting verb whose speaker is a group or
    someone other than the child: "some pupils are saying she did it to get attention" reports
    the pupils' view, while "she is saying it to get attention" doubts the child."""
    verb = _REPORTING_VERB.match(phrase)
    if verb is None:
        return False
    clause_words = [_strip_contraction(w) for w in _WORD.findall(_last_clause(left))]
    speaker = next((w for w in reversed(clause_words) if w not in _SKIPPED), None)
    return speaker in _OTHERS


def _reports(
    context: TextContext, sentence: str, sentence_start: int, verb: re.Match[str], start: int
) -> bool:
    """True when the verb reports someone else's words and those words reach the phrase."""
    verb_end = sentence_start + verb.end()
    # "She claims she was pressured, but she seemed happy enough": after "but" the writer is
    # speaking again.
    if _CONTRAST.search(context.text, verb_end, start) or _ASIDE.search(
        context.text, verb_end, start + _ASIDE_REACH
    ):
        return False
    # 'She said "help me" and was asking for it': the quotation was what she said; the words
    # after it are the writer's again.
    quote = context.quote_after(verb_end)
    if quote is not None and quote[1] <= start:
        return False
    return not _spoken_by_writer(sentence[: verb.start()], verb.group())


def _introduces_words(sentence: str, verb: re.Match[str]) -> bool:
    """False for uses of a reporting verb that do not report anyone's words or views."""
    before = sentence[: verb.start()]
    after = sentence[verb.end() :]
    # "She should have thought ...", "should tell": a modal makes it advice, not a report.
    if _MODAL_BEFORE.search(before):
        return False
    # "Her claim that ...", "the report": after a determiner the word is a noun. "Take what she
    # says with a pinch of salt": what she says is not quoted, the rest is the writer's.
    if _NOUN_BEFORE.search(before):
        return False
    # "He admitted downloading ...": what follows is the writer's description, not his words.
    return not _GERUND_AFTER.match(after)


def _spoken_by_writer(left: str, verb: str) -> bool:
    """Decide from the words before a reporting verb whether the writer is the speaker."""
    words = [word.lower().replace("’", "'") for word in _WORD.findall(left)]
    if words and words[-1] in _PASSIVE_AUX and verb.lower() in _PARTICIPLES:
        return False  # "I was told by her friends that ...": the friends are the speakers
    clause = _last_clause(left)
    clause_words = [_strip_contraction(w) for w in _WORD.findall(clause)]
    speaker = next((w for w in reversed(clause_words) if w not in _SKIPPED), None)
    if speaker is None:
        # Nothing before the verb in its clause. After "who"/"that" the speaker is someone named
        # earlier ("the boys who called her ..."); otherwise it is a note with the "I" left out
        # ("Told her she was silly").
        return not re.search(r"\b(?:who|that|which)\s*$", left, re.I)
    return speaker in _WRITER


def _last_clause(left: str) -> str:
    pieces = re.split(r"[,;:()—–]|\b(?:who|that|which)\b", left, flags=re.I)
    return pieces[-1]


def _strip_contraction(word: str) -> str:
    word = word.lower().replace("’", "'")
    return re.sub(r"'(?:ve|d|s|ll|m|re)$", "", word)


def _has_trailing_attribution(after: str) -> bool:
    """True for "..., her friends said." but not for "..., I told him."."""
    match = _TRAILING_ATTRIBUTION.match(after)
    if match is None:
        return False
    who = [_strip_contraction(w) for w in _WORD.findall(match.group("who"))]
    # "..., if you ask me" and "..., as you know" are the writer's asides, not attributions;
    # "..., which probably explains it" is the writer going on.
    if who[-1] in _WRITER or who[0] in {"if", "as", "when", "unless", "which", "that", "what"}:
        return False
    # An attribution ends the sentence ("..., her friends said at lunch."); a verb with more
    # after it starts the writer's next clause ("..., he believes anything anyone tells him").
    return len(_WORD.findall(after[match.end() :])) <= _ATTRIBUTION_TAIL
