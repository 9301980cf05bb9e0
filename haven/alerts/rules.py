"""Pure rules for alerts: school time for escalation, and when to retry a failed delivery.

Plain values in, plain values out: no ORM, no HTTP.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_RETRY = timedelta(seconds=10)
LONGEST_RETRY = timedelta(minutes=30)
WEEKEND = (5, 6)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before trying a failed delivery again: doubling, at most 30 minutes."""
    delay: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(delay, LONGEST_RETRY)


def _school_window(day: date, starts: time, ends: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(day, starts, tzinfo=tz), datetime.combine(day, ends, tzinfo=tz)


def school_seconds_between(
    start: datetime,
    end: datetime,
    *,
    day_starts: time,
    day_ends: time,
    tz: ZoneInfo,
    closed: frozenset[date] = frozenset(),
) -> float:
    """Seconds between two moments that fall inside the school day on a weekday the school is
    open.

    Outside the school day, at weekends and on the school's `closed` days (holidays and INSET
    days, `haven.outofhours`) the clock is paused. A school day whose end is not after its start
    is treated as the whole day, so a mistake in the settings can never stop escalation
    altogether.
    """
    if end <= start:
        return 0.0
    whole_day = day_ends <= day_starts
    total = 0.0
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        if day.weekday() not in WEEKEND and day not in closed:
            if whole_day:
                opens = datetime.combine(day, time(0), tzinfo=tz)
                closes = opens + timedelta(days=1)
            else:
                opens, closes = _school_window(day, day_starts, day_ends, tz)
            overlap = (min(end, closes) - max(start, opens)).total_seconds()
            total += max(overlap, 0.0)
        day += timedelta(days=1)
    return total


def escalation_due(
    *,
    created_at: datetime,
    now: datetime,
    minutes: int,
    day_starts: time,
    day_ends: time,
    tz: ZoneInfo,
    urgent: bool,
    closed: frozenset[date] = frozenset(),
) -> bool:
    """Has an unacknowledged concern waited long enough to go to the deputies and the head?

    Counted in school time, except when the reporter said a child may be in danger now: then
    every minute counts, day or night.
    """
    if urgent:
        return (now - created_at) >= timedelta(minutes=minutes)
    waited = school_seconds_between(
        created_at, now, day_starts=day_starts, day_ends=day_ends, tz=tz, closed=closed
    )
    return waited >= minutes * 60
