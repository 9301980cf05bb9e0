"""Retention as pure rules: when a record is reviewed, and what stops it being deleted."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# A rule name is what the audit log keeps about why a record was deleted: stable, never narrative.
RULE_YEARS_AFTER_BIRTH = "date_of_birth_plus_years"
MIN_YEARS, MAX_YEARS = 18, 100  # never before the child is an adult; 100: a typing mistake


def review_date(date_of_birth: date, years: int) -> date:
    """Date of birth plus `years` (someone born on 29 February is reviewed on 28 February)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return date_of_birth.replace(year=date_of_birth.year + years, day=28)


def born_on_or_before(today: date, years: int) -> date:
    """Everyone born on or before this day has reached their review date (for the queue's query)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February: those born on 28 February are due today, 29th tomorrow
        return today.replace(year=today.year - years, day=28)


@dataclass(frozen=True)
class RecordState:
    pupil: str  # how the DSL knows the record (for the message)
    review_on: date
    on_hold: bool
    open_cases: int


def deletion_blockers(record: RecordState, today: date) -> list[str]:
    """Why this record may not be deleted today (none: it may)."""
    blockers = []
    if record.on_hold:
        blockers.append(f"{record.pupil}'s record is under legal hold: release the hold first.")
    if record.review_on > today:
        blockers.append(
            f"{record.pupil}'s record is kept until {record.review_on:%-d %B %Y} "
            "under the school's retention policy."
        )
    if record.open_cases:
        blockers.append(f"{record.pupil} is in a case that is still open: close it first.")
    return blockers


def valid_years(years: int) -> str | None:
    if years < MIN_YEARS:
        return f"Keep records for at least {MIN_YEARS} years from the date of birth."
    if years > MAX_YEARS:
        return f"Keep records for at most {MAX_YEARS} years from the date of birth."
    return None


# Transfer to the next school (Keeping children safe in education: within 5 school days, and
# before the child starts for a move in-year)

TRANSFER_SCHOOL_DAYS = 5
SATURDAY = 5  # date.weekday()


def is_school_day(day: date, closed: frozenset[date]) -> bool:
    """A weekday on which the school is open (`closed`: its closed days and the bank holidays)."""
    return day.weekday() < SATURDAY and day not in closed


def school_days_after(day: date, count: int, closed: frozenset[date]) -> date:
    """The `count`th school day after `day`."""
    found = day
    while count > 0:
        found += timedelta(days=1)
        if is_school_day(found, closed):
            count -= 1
    return found


def transfer_due_on(
    leaves_on: date, *, in_year: bool, starts_on: date | None, closed: frozenset[date]
) -> date:
    """The day the file must reach the new school by: 5 school days after the pupil leaves, and
    for a move in-year no later than the last school day before the child starts there."""
    due = school_days_after(leaves_on, TRANSFER_SCHOOL_DAYS, closed)
    if in_year and starts_on is not None:
        before = starts_on - timedelta(days=1)
        while not is_school_day(before, closed) and before > leaves_on:
            before -= timedelta(days=1)
        due = min(due, max(before, leaves_on))
    return due


def transfer_overdue(*, confirmed: bool, due_on: date, today: date) -> bool:
    """Past the deadline with no confirmation of receipt: the DSL chases the new school."""
    return not confirmed and today > due_on


def link_refusal(
    *, used: bool, expires_at: datetime, now: datetime, code_ok: bool, wrong_codes: int
) -> str | None:
    """Why a one-use link cannot be used now (None when it can). The reasons are for the person
    holding the link: they say nothing about the pupil."""
    if used:
        return "This link has been used already. Ask the school that sent it for a new one."
    if now >= expires_at:
        return "This link has expired. Ask the school that sent it for a new one."
    if wrong_codes >= MAX_WRONG_CODES:
        return "Too many wrong codes were tried. Ask the school that sent it for a new link."
    if not code_ok:
        return "That code is not right. Check the code the school sent you separately."
    return None


MAX_WRONG_CODES = 5  # then the link is spent: a guessed code does not open the file


# Subject access: the DSL's redactions, applied to every word of the file

REDACTED = "[redacted]"
MAX_REDACTIONS = 200


def redaction_list(lines: Iterable[str]) -> list[str]:
    """The phrases to redact: trimmed, at least 2 characters, each once, longest first (so a
    full name goes before a first name inside it)."""
    seen: dict[str, str] = {}
    for line in lines:
        phrase = " ".join(line.split())
        if len(phrase) >= 2:
            seen.setdefault(phrase.casefold(), phrase)
    return sorted(seen.values(), key=lambda p: (-len(p), p.casefold()))[:MAX_REDACTIONS]


def redact_text(text: str, phrases: Sequence[str]) -> str:
    if not phrases or not text:
        return text
    # Whole words only: "Ben" is redacted, "Bench" is not.
    words = "|".join(re.escape(p) for p in phrases)
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    return pattern.sub(REDACTED, text)


def redact(value: Any, phrases: Sequence[str]) -> Any:
    """Every string inside `value` (dicts, lists) with each phrase replaced by [redacted]."""
    if isinstance(value, str):
        return redact_text(value, phrases)
    if isinstance(value, dict):
        return {key: redact(item, phrases) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, phrases) for item in value]
    return value


def respond_by(received_on: date) -> date:
    """A subject access request is answered within one month of receipt (UK GDPR Article 12):
    the same day next month, or that month's last day."""
    year, month = (
        (received_on.year + 1, 1)
        if received_on.month == 12
        else (
            received_on.year,
            received_on.month + 1,
        )
    )
    for day in (received_on.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)
