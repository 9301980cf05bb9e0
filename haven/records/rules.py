"""Retention as pure rules: when a record is reviewed, and what stops it being deleted."""

from dataclasses import dataclass
from datetime import date

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
