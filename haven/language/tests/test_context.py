"""Each context rule, table-driven: the same phrase flagged in the writer's own voice and left
alone when it is quoted, reported or negated."""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

import pytest

from haven.language import check_text
from haven.language.context import analyse, quoted_spans


def flagged(text: str) -> bool:
    return bool(check_text(text))


@pytest.mark.parametrize(
    "text",
    [
        'Pupil said "I was so stupid, I can\'t believe I sent it."',
        "She said: “I feel so silly.”",
        "He kept saying 'it's my own fault' and was tearful.",
        "She said ‘they are calling it child porn’ and became upset.",
        "She said 'I didn't think he'd share it, I was stupid'.",
        "He said, 'It's just a photo, Miss, it's no big deal,' but looked worried.",
        'The message read "you were asking for it".',
        "Her words: «I was so stupid».",
        # A quote left open runs to the end of the line: what follows is still the child's words.
        'She said "I was stupid to send it and now everyone knows',
    ],
)
def test_words_in_quotation_marks_are_not_flagged(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # Apostrophes are not quotation marks.
        "The boys' friend said nothing; she's been stupid.",
        "She didn't think; it was stupid.",
        # After a closed quote, the writer's own words are checked again.
        'She said "I am scared." She was silly to send it.',
        'Pupil said "help me" and was asking for it.',
    ],
)
def test_text_outside_quotation_marks_is_still_checked(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('a "b" c', ['"b"']),
        ("a “b” c ‘d’ e", ["“b”", "‘d’"]),
        ("didn't it's the boys' 'real' one", ["'real'"]),
        ("'it's mine' she said", ["'it's mine'"]),
        ('open "quote\nnext line', ['"quote']),
        ("", []),
    ],
)
def test_quoted_spans_find_quotes_and_skip_apostrophes(text: str, quoted: list[str]) -> None:
    assert [text[start:end] for start, end in quoted_spans(text)] == quoted


@pytest.mark.parametrize(
    "text",
    [
        "Her friends told her she was asking for it.",
        "The boy told her she was silly to be upset.",
        "Other pupils have been calling her a slut in the corridor.",
        "A Year 11 boy posted that she was a slag.",
        "Her dad said that she should have known better.",
        "He messaged her saying she only had herself to blame.",
        "Mum thinks she brought it on herself; I have offered support.",
        "I was told by her friends that she was silly to trust him.",
        "According to his friends, it was only a joke.",
        "It was only a joke, according to his friends.",
        "She was asking for it, her friends said.",
        "I spoke to the boys who called her a slut.",
        "She told me she feels stupid and embarrassed.",
        "He felt foolish for believing the person was 15.",
        "Mr. Jones said she was silly.",
        "Dad described the images as child porn.",
        "She kept repeating that she was stupid.",
        "She told her friend during lunch that she was silly.",
    ],
)
def test_someone_elses_reported_words_are_not_flagged(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # The writer's own speech and views are exactly what the guard is for.
        "I told her she was silly to send it.",
        "I said to him that he should have known better.",
        "I think she was naive to trust him.",
        "We feel she put herself at risk.",
        "I have also told her she was stupid.",
        "Told her she was very silly.",
        "You should be ashamed of yourself, I told him.",
        # A new sentence or a semicolon ends someone else's reported words.
        "Her friends told her about the photo. She was asking for it.",
        "Mum told me what happened; she was asking for it.",
        # Not reporting verbs in these uses.
        "She should have thought about that before she pressed send.",
        "He admitted downloading child porn.",
    ],
)
def test_the_writers_own_words_are_flagged_even_with_a_speech_verb(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "I told him it was not his fault.",
        "It is not your fault and you did the right thing.",
        "I said it wasn't her fault.",
        "I reassured her that she is not to blame.",
        "Nobody thinks you were silly for telling us.",
        "No one thinks she was asking for it.",
        "None of this is her fault.",
        "She was not asking for it.",
        "She had not put herself at risk by telling a teacher.",
        "It is never the child's fault; she wasn't being stupid.",
        "Do not use the term child pornography.",
    ],
)
def test_negated_and_reassuring_forms_are_not_flagged(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # The negation belongs to the blaming phrase itself.
        "She should not have sent the image.",
        "He shouldn't have taken the photos.",
        "If she hadn't sent it, none of this would have happened.",
        "Didn't she know better at fifteen?",
        "She is not an innocent party in this.",
        # A negation in an earlier clause does not reach the phrase.
        "She was not forced, and she was asking for it.",
        "It was not easy to hear but she was stupid.",
    ],
)
def test_negation_only_counts_just_before_the_phrase(text: str) -> None:
    assert flagged(text)


def test_sentence_boundaries_ignore_titles_and_initials() -> None:
    context = analyse("Mr. J. Smith said hi. Next one.")
    assert context.sentence_around(0, 5) == (0, 21)


def test_a_long_pasted_text_without_full_stops_is_still_checked_throughout() -> None:
    text = "the pupil talked to me, " * 500 + "she was asking for it"
    assert [finding.text for finding in check_text(text)] == ["asking for it"]


@pytest.mark.parametrize(
    "text",
    [
        # Fears and wonderings are the child's.
        "She is worried she will be arrested.",
        "He wanted to know whether he would be in trouble with the police.",
        "She's scared people will think she's a slag.",
        # The writer explaining, not blaming.
        "It makes sense that she didn't object at the time; she was frightened.",
        "It is understandable that she went along with it when he threatened her.",
        # "that" before a reporting verb is a relative, not a determiner.
        "The boys that called her a slut have been spoken to.",
    ],
)
def test_fears_and_the_writers_explanations_are_not_flagged(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # A report ends where the writer answers it.
        "She says he forced her, but she kept replying to him.",
        "He claims he didn't know she was fourteen, which I find unlikely.",
        "My son says she's lying and I believe him over her.",
        "He has been told before about talking to strangers online, so this is on him.",
        # A noun is not a report; nor is "what she says".
        "Her claim that she was blackmailed does not stand up.",
        "Take what she says with a pinch of salt.",
        # A modal or a negation is never the speaker: "I would not call ..." is the writer.
        "I would not call this sexual, it's just teenagers being teenagers.",
        # "Not sure" is a doubt, not a negation.
        "Not sure he's as innocent as he claims.",
        # "If you ask me" is the writer's aside, not someone else's words.
        "She's equally responsible, if you ask me.",
    ],
)
def test_the_writers_own_answer_to_a_report_is_checked(text: str) -> None:
    assert flagged(text)
