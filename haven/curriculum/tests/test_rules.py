"""The curriculum's rules, as tables, the way a DSL would try to break them. No database."""

from datetime import date

import pytest

from haven.curriculum import rules
from haven.curriculum.rules import SchoolTerm, Teaching, Term, Topic

NUDES = frozenset({Topic.SHARING_NUDES})
TODAY = date(2026, 12, 3)  # autumn term of 2026 to 2027


@pytest.mark.parametrize(
    ("count", "in_team", "shown"),
    [
        (0, False, "0"),
        (1, False, "fewer than 5"),
        (4, False, "fewer than 5"),
        (5, False, "5"),
        (6, False, "6"),
        (1, True, "1"),
        (4, True, "4"),
        (0, True, "0"),
    ],
)
def test_counts_of_one_to_four_are_suppressed_outside_the_team(count, in_team, shown):
    assert rules.shown_count(count, in_team=in_team) == shown


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2026, 9, 1), SchoolTerm(2026, Term.AUTUMN)),
        (date(2026, 8, 31), SchoolTerm(2025, Term.SUMMER)),
        (date(2026, 12, 31), SchoolTerm(2026, Term.AUTUMN)),
        (date(2027, 1, 1), SchoolTerm(2026, Term.SPRING)),
        (date(2027, 3, 31), SchoolTerm(2026, Term.SPRING)),
        (date(2027, 4, 1), SchoolTerm(2026, Term.SUMMER)),
    ],
)
def test_a_day_falls_in_the_term_its_date_gives(day, term):
    assert rules.term_of(day) == term
    assert term.starts <= day < term.ends


@pytest.mark.parametrize(
    ("term", "before"),
    [
        (SchoolTerm(2026, Term.AUTUMN), SchoolTerm(2025, Term.SUMMER)),
        (SchoolTerm(2026, Term.SPRING), SchoolTerm(2026, Term.AUTUMN)),
        (SchoolTerm(2026, Term.SUMMER), SchoolTerm(2026, Term.SPRING)),
    ],
)
def test_the_term_before_autumn_is_last_school_years_summer(term, before):
    assert term.previous() == before
    assert before.ends == term.starts


@pytest.mark.parametrize(
    ("year", "stage"),
    [
        (0, None),
        (1, "ks1"),
        (2, "ks1"),
        (3, "ks2"),
        (6, "ks2"),
        (7, "ks3"),
        (9, "ks3"),
        (10, "ks4"),
        (11, "ks4"),
        (12, "ks5"),
        (13, "ks5"),
        (14, None),
    ],
)
def test_each_curriculum_year_has_its_key_stage(year, stage):
    assert rules.key_stage(year) == stage


def lesson(day: date | None, *topics: Topic) -> Teaching:
    return Teaching(frozenset(topics or NUDES), day)


@pytest.mark.parametrize(
    ("this_term", "last_term", "teaching", "prompt"),
    [
        # No incident: no prompt, taught or not.
        (0, 0, [], []),
        # One incident this term, or only last term: a prompt.
        (1, 0, [], [Topic.SHARING_NUDES]),
        (0, 1, [], [Topic.SHARING_NUDES]),
        # A lesson delivered this school year clears it, even before the incident.
        (1, 0, [lesson(date(2026, 9, 1))], []),
        (3, 2, [lesson(TODAY)], []),
        # Planned but not delivered does not clear it.
        (1, 0, [lesson(None)], [Topic.SHARING_NUDES]),
        # Delivered in the last school year does not count, even the day before this one.
        (1, 0, [lesson(date(2026, 8, 31))], [Topic.SHARING_NUDES]),
        # A lesson on another topic does not clear it.
        (1, 0, [lesson(date(2026, 10, 1), Topic.CONSENT)], [Topic.SHARING_NUDES]),
        # A delivery day in the future (a mistyped date) does not count yet.
        (1, 0, [lesson(date(2026, 12, 4))], [Topic.SHARING_NUDES]),
    ],
)
def test_a_year_group_with_incidents_and_no_lesson_this_year_gets_a_prompt(
    this_term, last_term, teaching, prompt
):
    got = rules.missing_topics(
        incidents_this_term=this_term, incidents_last_term=last_term, teaching=teaching, today=TODAY
    )
    assert got == prompt


def test_an_incident_about_sextortion_asks_for_that_lesson_too():
    called_for = frozenset({Topic.SHARING_NUDES, Topic.SEXTORTION})
    teaching = [lesson(date(2026, 10, 1), Topic.SHARING_NUDES)]
    got = rules.missing_topics(
        incidents_this_term=1,
        incidents_last_term=0,
        teaching=teaching,
        today=TODAY,
        incident_topics=called_for,
    )
    assert got == [Topic.SEXTORTION]


def test_every_key_stage_has_expectations_and_every_topic_has_words():
    assert set(rules.RSHE_EXPECTATIONS) == set(rules.KeyStage)
    assert set(rules.TOPIC_LABELS) == set(Topic) == set(rules.FAMILY_TOPIC_WORDS)
    assert Topic.SHARING_NUDES in rules.expected_topics(rules.KeyStage.KS3)
    assert Topic.SHARING_NUDES not in rules.expected_topics(rules.KeyStage.KS1)
