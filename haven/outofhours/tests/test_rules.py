"""Out-of-hours rules with no database: closed days, school time, who is on call, titles."""

from datetime import UTC, date, datetime, time

import pytest

from haven.outofhours import rules


def test_closed_days_include_the_first_and_the_last_day():
    days = rules.closed_days([(date(2026, 10, 26), date(2026, 10, 30)), (date(2026, 11, 24),) * 2])
    assert len(days) == 6
    assert date(2026, 10, 26) in days
    assert date(2026, 10, 30) in days
    assert date(2026, 10, 31) not in days


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 8, 0), True),  # Monday, the school day starts
        (datetime(2026, 11, 23, 7, 59), False),
        (datetime(2026, 11, 23, 16, 59), True),
        (datetime(2026, 11, 23, 17, 0), False),  # the day has ended
        (datetime(2026, 11, 24, 10, 0), False),  # the INSET day
        (datetime(2026, 11, 28, 10, 0), False),  # Saturday
    ],
)
def test_school_time_is_the_school_day_on_an_open_weekday(moment, expected):
    closed = frozenset({date(2026, 11, 24)})
    assert (
        rules.is_school_time(moment, day_starts=time(8), day_ends=time(17), closed=closed)
        is expected
    )


def test_a_school_day_set_the_wrong_way_round_counts_as_the_whole_day():
    moment = datetime(2026, 11, 23, 3, 0)
    assert rules.is_school_time(moment, day_starts=time(17), day_ends=time(8), closed=frozenset())


def test_on_call_is_who_holds_a_shift_at_that_moment_each_once():
    shifts = [
        rules.Shift(
            2, datetime(2026, 11, 27, 17, tzinfo=UTC), datetime(2026, 11, 30, 8, tzinfo=UTC)
        ),
        rules.Shift(
            3, datetime(2026, 11, 28, 9, tzinfo=UTC), datetime(2026, 11, 28, 12, tzinfo=UTC)
        ),
        rules.Shift(
            2, datetime(2026, 11, 28, 0, tzinfo=UTC), datetime(2026, 11, 29, 0, tzinfo=UTC)
        ),
    ]
    assert rules.on_call_at(shifts, datetime(2026, 11, 28, 10, tzinfo=UTC)) == [2, 3]
    assert rules.on_call_at(shifts, datetime(2026, 11, 30, 8, tzinfo=UTC)) == []  # ends exclusive
    assert rules.on_call_at(shifts, datetime(2026, 11, 27, 17, tzinfo=UTC)) == [2]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("INSET day", "inset"),
        ("INSET day - school closed to pupils", "inset"),
        ("Staff training day", "inset"),
        ("Autumn half term", "holiday"),
        ("Half-term", "holiday"),
        ("Christmas holidays", "holiday"),
        ("May bank holiday", "holiday"),
        ("School closed (polling station)", "closed"),
        ("Autumn term starts", None),
        ("Year 9 parents' evening", None),
        ("Easter break", "holiday"),
        ("Summer fair", None),
        ("Christmas concert", None),
    ],
)
def test_what_a_calendar_title_says(title, kind):
    assert rules.kind_of_entry(title) == kind


def test_a_closure_longer_than_any_holiday_or_ending_before_it_starts_is_refused():
    with pytest.raises(rules.ClosureProblem, match="before the first"):
        rules.check_closure(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(rules.ClosureProblem, match="longer than any school holiday"):
        rules.check_closure(date(2026, 1, 1), date(2026, 12, 31))
    rules.check_closure(date(2026, 7, 22), date(2026, 9, 2))  # a summer holiday is fine
