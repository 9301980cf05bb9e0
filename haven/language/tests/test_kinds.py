"""Each kind of blaming caught by its structure, not by one phrase: the misses named in issue 17,
rewordings of them that are in neither labelled part, and the same words left alone when quoted,
negated or someone else's."""

import re

import pytest

from haven.language import check_text
from haven.language.evaluate import DEV, TEST, load_examples
from haven.language.guard import suggest

ISSUE_MISSES = [
    "She needs to be more careful about who she talks to online",
    "She is old enough to know the consequences.",
    "He is partly responsible.",
    "He let himself be tricked.",
    "She brought this attention on herself.",
]

# Said another way, by a different writer; none of these is in dev.tsv or test.tsv.
REWORDINGS = [
    ("He really must be a lot more careful about who he chats to.", "responsibility"),
    ("They ought to be far more cautious about the people they add.", "responsibility"),
    ("At thirteen he was old enough to understand what could happen.", "responsibility"),
    ("She is at least partially to blame for the photos getting out.", "responsibility"),
    ("He allowed himself to get drawn in by the older boys.", "responsibility"),
    ("She brought the whole sorry business upon herself.", "responsibility"),
    ("He let himself get fooled by an obviously fake account.", "responsibility"),
    ("She's equally responsible, if you ask me.", "responsibility"),
    # Tried on the guard by the integrating engineer after the last changes, not written for it.
    ("He is mature enough to understand what sending it would lead to.", "responsibility"),
    ("She invited all this attention by posting those photos.", "responsibility"),
]


@pytest.mark.parametrize("text", ISSUE_MISSES)
def test_every_miss_named_in_the_issue_is_caught(text: str) -> None:
    assert [f.kind for f in check_text(text)] == ["responsibility"]


@pytest.mark.parametrize(("text", "kind"), REWORDINGS)
def test_rewordings_of_the_misses_are_caught_as_the_same_kind(text: str, kind: str) -> None:
    assert kind in {f.kind for f in check_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "She is mature enough to understand what was happening to her.",
        "The older boy invited all the pupils to the group chat.",
    ],
)
def test_the_same_words_about_something_else_are_left_alone(text: str) -> None:
    assert check_text(text) == []


def test_the_rewordings_are_in_neither_labelled_part() -> None:
    labelled = {e.text for e in load_examples(DEV) + load_examples(TEST)}
    assert not labelled & {text for text, _ in REWORDINGS}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A modal plus what the child should have done.
        ("She should have told a teacher straight away.", "responsibility"),
        ("He could easily have blocked the account.", "responsibility"),
        ("If she hadn't replied, none of this would have happened.", "responsibility"),
        # Asking for, inviting or bringing it on oneself.
        ("She invited the comments by posting it publicly.", "responsibility"),
        ("He was asking for trouble.", "responsibility"),
        # Label nouns and adjectives for the child.
        ("She's a manipulative girl.", "character"),
        ("He is a compulsive liar.", "character"),
        ("Silly of her to trust him.", "character"),
        # Doubt cast on the word victim, or on the account.
        ("She is hardly the victim here.", "doubting"),
        ('The "victim" was laughing about it.', "doubting"),
        ("She claims he forced her, but she kept sending photos.", "doubting"),
        # Minimising.
        ("It was only a bit of banter.", "minimising"),
        ("Everyone does it at that age.", "minimising"),
        # A consequence presented as deserved; threats and lessons.
        ("She got what she deserved.", "moralising"),
        ("You could be arrested for this.", "moralising"),
        ("Hopefully he has learnt his lesson.", "moralising"),
        # Sexualised and harmful terms.
        ("The phone held child pornography.", "harmful_term"),
        ("She dresses provocatively.", "harmful_term"),
        ("Her 24-year-old boyfriend took the pictures.", "harmful_term"),
    ],
)
def test_each_structure_gives_its_kind(text: str, kind: str) -> None:
    assert kind in {f.kind for f in check_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        'He said "I was so stupid".',
        "She said, “I brought it on myself.”",
        "It's not her fault.",
        "She was not asking for it.",
        "Nobody thinks you were silly.",
        "He is not naive; he was deceived.",
        "She did nothing to invite this attention.",
        "Her friends told her she had only herself to blame.",
        "Mum thinks she brought it on herself; I have offered support.",
        "She is worried she will be arrested.",
        "She should have been protected by the adults around her.",
        "I should have called social care sooner.",
        "She is the victim and is being supported.",
        "We played a stupid card game to lighten the mood.",
        "She was careful to tell me exactly what happened.",
        "She is old enough to travel home alone.",
        "The image was on her phone.",
        # The typology's own term (haven/cases/models/case.py) is a professional term.
        "Typology: experimental, sexual attention seeking.",
    ],
)
def test_quoted_negated_reported_and_innocent_uses_are_left_alone(text: str) -> None:
    assert check_text(text) == []


def test_a_scare_quote_is_flagged_but_a_quoted_word_someone_said_is_not() -> None:
    assert check_text('She is the "victim" here.')
    assert check_text('The post called her a "victim".') == []


def test_a_report_ends_where_the_writer_answers_it() -> None:
    # After "but" the words are the writer's again.
    assert check_text("She says she was pressured, but she seemed happy enough.")
    assert check_text("She says she was pressured.") == []


def test_the_suggestion_speaks_of_the_child_in_the_sentence() -> None:
    [her] = check_text("She needs to be more careful online.")
    [him] = check_text("He needs to be more careful online.")
    her_words = set(re.findall(r"\w+", her.suggestion.lower()))
    his_words = set(re.findall(r"\w+", him.suggestion.lower()))
    assert "her" in her_words
    assert not {"he", "him", "his"} & her_words
    assert "him" in his_words
    assert not {"she", "her"} & his_words
    assert her.why == him.why


def test_every_finding_has_a_plain_label_for_its_kind() -> None:
    [finding] = check_text("She needs to be more careful online.")
    assert finding.label == "Puts responsibility on the child"


@pytest.mark.parametrize(
    ("pronoun", "expected"),
    [
        ("she", "She is safe and her mum knows."),
        ("he", "He is safe and his mum knows."),
        ("they", "They are safe and their mum knows."),
    ],
)
def test_suggest_fills_pronouns_and_verbs(pronoun: str, expected: str) -> None:
    assert suggest("{They} {are} safe and {their} mum knows.", pronoun) == expected


# Issue 17's third round: structures added from development batches 11 to 14 (dev.tsv), tried
# here on wordings that are in no labelled part.
THIRD_ROUND = [
    ("To be honest I think she dreamt up most of it.", "doubting"),
    ("He has concocted this whole account to get back at her.", "doubting"),
    ("I suspect he is making the entire thing up to get out of a detention.", "doubting"),
    ("Our boy is the real victim in this.", "doubting"),
    ("The lads are the real victims here.", "doubting"),
    ("We mustn't make a mountain out of a molehill here.", "minimising"),
    ("The school is making a big issue out of one picture.", "minimising"),
    ("It has all been blown up into a crisis.", "minimising"),
    ("She has done this all to herself.", "responsibility"),
    ("It was his own choice to keep messaging the man.", "responsibility"),
]
THIRD_ROUND_NEUTRAL = [
    "This is not a matter of her being naive; she was groomed by an adult.",
    "It was never about him being careless; the account was fake.",
    "Some of the girls in her form are saying she did it for attention; we have spoken to them.",
    "It was her decision to go to the police, and we went with her.",
    "He decided to share the screenshots with his head of year.",
    "She let herself be comforted by her friend.",
    "She might have told us sooner if we had asked her directly.",
    "We have told him many times that none of this is his fault.",
    "The real victim here is the girl in the picture.",
    "He made it up to his sister by apologising.",
]


@pytest.mark.parametrize(("sentence", "kind"), THIRD_ROUND)
def test_the_third_rounds_structures_catch_new_wordings(sentence: str, kind: str) -> None:
    assert kind in {finding.kind for finding in check_text(sentence)}


@pytest.mark.parametrize("sentence", THIRD_ROUND_NEUTRAL)
def test_the_third_rounds_hard_negatives_are_left_alone(sentence: str) -> None:
    assert check_text(sentence) == []


def test_the_third_rounds_sentences_are_in_no_labelled_part() -> None:
    labelled = {e.text.casefold() for path in (DEV, TEST) for e in load_examples(path)}
    sentences = [s for s, _ in THIRD_ROUND] + THIRD_ROUND_NEUTRAL
    assert [s for s in sentences if s.casefold() in labelled] == []
