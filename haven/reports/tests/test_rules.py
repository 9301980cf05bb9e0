"""The reports' rules, as tables: suppression at its edges, durations, CSV cells."""

from datetime import timedelta

import pytest

from haven.reports import rules


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (6, "6"), (120, "120")],
)
def test_small_counts_are_suppressed_from_one_to_four(count, expected):
    assert rules.shown(count) == expected


def test_the_safeguarding_team_sees_every_count_as_it_is():
    assert rules.shown(4, suppress=False) == "4"
    assert rules.shown(1, suppress=False) == "1"


def test_suppression_is_exactly_one_to_four():
    assert [n for n in range(10) if rules.is_suppressed(n)] == [1, 2, 3, 4]


def test_timing_gives_the_median_and_the_slowest():
    hours = [timedelta(hours=h) for h in (5, 1, 3)]
    assert rules.timing(hours) == rules.Timing(3, timedelta(hours=3), timedelta(hours=5))


def test_timing_of_an_even_number_is_the_middle_two_averaged():
    days = [timedelta(days=d) for d in (1, 2, 3, 10)]
    found = rules.timing(days)
    assert found.median == timedelta(days=2.5)
    assert found.slowest == timedelta(days=10)


def test_timing_of_nothing_is_none_recorded():
    assert rules.timing([]) == rules.Timing(0, None, None)
    assert rules.in_words(None) == "none recorded"


def test_a_negative_duration_counts_as_none():
    assert rules.timing([timedelta(hours=-1)]).slowest == timedelta(0)


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        (timedelta(minutes=20), "under an hour"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=30), "30 hours"),
        (timedelta(hours=48), "2 days"),
        (timedelta(days=9, hours=3), "9 days"),
    ],
)
def test_durations_in_words(duration, words):
    assert rules.in_words(duration) == words


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("fewer than 5", "fewer than 5"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, safe):
    assert rules.csv_safe(cell) == safe
