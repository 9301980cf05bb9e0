"""Pure rules for concerns: school time for escalation, what a reporter is told, retry timing.

Plain values in, plain values out: no ORM, no HTTP.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# References and codes people read aloud or copy by hand: no 0/O or 1/I to confuse.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "HV-"
REFERENCE_LENGTH = 6
SECRET_CODE_GROUPS = 3
SECRET_CODE_GROUP_LENGTH = 4

# What a reporter sees: never more than this, never the team's notes.
RECEIVED = "received"
BEING_HANDLED = "being handled"
CLOSED = "closed"

FIRST_RETRY = timedelta(seconds=10)
LONGEST_RETRY = timedelta(minutes=30)
WEEKEND = (5, 6)


def reporter_status(status: str, *, case_closed: bool, replied: bool = False) -> str:
    """The one word a reporter sees for their concern's status: it follows what the school has
    done, so a report the school has replied to is being handled, whatever its inbox state."""
    if status == "new" and not replied:
        return RECEIVED
    if status == "no_further_action" or (status == "in_case" and case_closed):
        return CLOSED
    return BEING_HANDLED


def normalise_reference(text: str) -> str:
    """Accept "hv 7k3m9q", "HV-7K3M9Q" or "7K3M9Q" as the same reference."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.removeprefix("HV")
    return f"{REFERENCE_PREFIX}{letters}"


def normalise_code(text: str) -> str:
    """A secret code as typed (any case, with or without dashes or spaces), ready to check."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Group a code in fours so it is easy to copy down: ABCD-EFGH-JKLM."""
    size = SECRET_CODE_GROUP_LENGTH
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before trying a failed delivery again: doubling, at most 30 minutes."""
    delay: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(delay, LONGEST_RETRY)


def _school_window(day: date, starts: time, ends: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(day, starts, tzinfo=tz), datetime.combine(day, ends, tzinfo=tz)


def school_seconds_between(
    start: datetime, end: datetime, *, day_starts: time, day_ends: time, tz: ZoneInfo
) -> float:
    """Seconds between two moments that fall inside the school day on a weekday.

    Outside the school day and at weekends the clock is paused. A school day whose end is not
    after its start is treated as the whole day, so a mistake in the settings can never stop
    escalation altogether. School holidays are not known to Haven and count as school days.
    """
    if end <= start:
        return 0.0
    whole_day = day_ends <= day_starts
    total = 0.0
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        if day.weekday() not in WEEKEND:
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
) -> bool:
    """Has an unacknowledged concern waited long enough to go to the deputies and the head?

    Counted in school time, except when the reporter said a child may be in danger now: then
    every minute counts, day or night.
    """
    if urgent:
        return (now - created_at) >= timedelta(minutes=minutes)
    waited = school_seconds_between(
        created_at, now, day_starts=day_starts, day_ends=day_ends, tz=tz
    )
    return waited >= minutes * 60
