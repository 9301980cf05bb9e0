"""The pure rules for alerts: school time for escalation, and retry timing."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from haven.alerts import rules

LONDON = ZoneInfo("Europe/London")
DAY = {"day_starts": time(8, 0), "day_ends": time(17, 0), "tz": LONDON}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2026-11-23 10:00", "2026-11-23 10:30", 30),  # Monday, in school hours
        ("2026-11-23 16:50", "2026-11-23 18:00", 10),  # the clock stops at 17:00
        ("2026-11-23 18:00", "2026-11-24 08:20", 20),  # overnight: only from 08:00
        ("2026-11-27 16:45", "2026-11-30 08:15", 30),  # Friday to Monday: weekend paused
        ("2026-11-28 10:00", "2026-11-29 15:00", 0),  # all weekend
        ("2026-11-23 07:00", "2026-11-23 07:59", 0),  # before school
        ("2026-11-23 10:00", "2026-11-23 09:00", 0),  # backwards
    ],
)
def test_school_time_counts_only_weekday_school_hours(start, end, minutes):
    seconds = rules.school_seconds_between(at(start), at(end), **DAY)
    assert seconds == minutes * 60


def test_school_time_is_counted_in_the_schools_own_clock_across_a_clock_change():
    # 29 March 2026: clocks go forward. 08:00 to 09:00 local is one hour of school time.
    start = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # 08:00 BST
    end = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert rules.school_seconds_between(start, end, **DAY) == 3600


def test_a_school_day_set_up_wrongly_counts_the_whole_day_so_escalation_never_stops():
    broken = {"day_starts": time(17, 0), "day_ends": time(8, 0), "tz": LONDON}
    seconds = rules.school_seconds_between(at("2026-11-23 20:00"), at("2026-11-23 20:30"), **broken)
    assert seconds == 30 * 60


@pytest.mark.parametrize(
    ("created", "now", "urgent", "due"),
    [
        ("2026-11-23 10:00", "2026-11-23 10:29", False, False),
        ("2026-11-23 10:00", "2026-11-23 10:30", False, True),
        ("2026-11-23 16:45", "2026-11-23 23:00", False, False),  # paused overnight
        ("2026-11-23 16:45", "2026-11-24 08:15", False, True),
        ("2026-11-23 22:00", "2026-11-23 22:30", True, True),  # a child in danger: every minute
        ("2026-11-28 12:00", "2026-11-28 12:30", True, True),
        ("2026-11-28 12:00", "2026-11-28 12:30", False, False),
    ],
)
def test_escalation_is_due_after_the_schools_minutes_of_school_time(created, now, urgent, due):
    result = rules.escalation_due(
        created_at=at(created), now=at(now), minutes=30, urgent=urgent, **DAY
    )
    assert result is due


def test_retries_back_off_doubling_up_to_half_an_hour():
    delays = [rules.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(seconds=s) for s in (10, 20, 40, 80)]
    assert delays[-1] == timedelta(minutes=30)
    assert delays == sorted(delays)
