"""Retention rules: review dates and what blocks a deletion (tables, no database)."""

from datetime import date

import pytest

from haven.records import rules
from haven.records.rules import RecordState


@pytest.mark.parametrize(
    ("born", "years", "review_on"),
    [
        (date(2012, 3, 4), 25, date(2037, 3, 4)),
        (date(2008, 2, 29), 25, date(2033, 2, 28)),  # no 29 February in 2033
        (date(2008, 2, 29), 24, date(2032, 2, 29)),
        (date(2000, 12, 31), 18, date(2018, 12, 31)),
    ],
)
def test_review_date_is_date_of_birth_plus_the_policys_years(born, years, review_on):
    assert rules.review_date(born, years) == review_on


@pytest.mark.parametrize(
    ("today", "years", "born_by"),
    [(date(2037, 3, 4), 25, date(2012, 3, 4)), (date(2032, 2, 29), 25, date(2007, 2, 28))],
)
def test_everyone_born_by_this_day_is_due(today, years, born_by):
    assert rules.born_on_or_before(today, years) == born_by
    assert rules.review_date(born_by, years) <= today


TODAY = date(2040, 1, 1)


@pytest.mark.parametrize(
    ("state", "blocked_by"),
    [
        (RecordState("Lex", date(2039, 1, 1), False, 0), []),
        (RecordState("Lex", TODAY, False, 0), []),
        (RecordState("Lex", date(2039, 1, 1), True, 0), ["under legal hold"]),
        (RecordState("Lex", date(2041, 1, 1), False, 0), ["kept until 1 January 2041"]),
        (RecordState("Lex", date(2039, 1, 1), False, 1), ["still open"]),
        (RecordState("Lex", date(2041, 1, 1), True, 0), ["under legal hold", "kept until"]),
    ],
)
def test_what_blocks_a_deletion(state, blocked_by):
    blockers = rules.deletion_blockers(state, TODAY)
    assert len(blockers) == len(blocked_by)
    for blocker, words in zip(blockers, blocked_by, strict=True):
        assert words in blocker


@pytest.mark.parametrize(
    ("years", "ok"), [(17, False), (18, True), (25, True), (100, True), (101, False)]
)
def test_the_policy_keeps_records_at_least_to_adulthood(years, ok):
    assert (rules.valid_years(years) is None) == ok
