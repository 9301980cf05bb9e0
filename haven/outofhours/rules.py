"""Out of hours, as pure rules: closed days, whether a moment is in school time, who is on call,
and what a line of a school's calendar means. Plain values in, plain values out: no Django."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

WEEKEND: Final = (5, 6)  # date.weekday(): Saturday and Sunday
LONGEST_CLOSURE: Final = timedelta(days=120)  # longer than a summer holiday: a typing mistake


def closed_days(closures: Iterable[tuple[date, date]]) -> frozenset[date]:
    """Every day inside the closures (first and last day included)."""
    days: set[date] = set()
    for first, last in closures:
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def is_school_time(
    moment: datetime, *, day_starts: time, day_ends: time, closed: frozenset[date]
) -> bool:
    """Inside the school day on a weekday the school is open (`moment` in the school's zone)."""
    day = moment.date()
    if day.weekday() in WEEKEND or day in closed:
        return False
    if day_ends <= day_starts:  # a mistake in the settings never makes the whole day "closed"
        return True
    return day_starts <= moment.time() < day_ends


@dataclass(frozen=True)
class Shift:
    person_id: int
    starts_at: datetime
    ends_at: datetime


def on_call_at(shifts: Sequence[Shift], moment: datetime) -> list[int]:
    """Who is on call at `moment`, in rota order, each once."""
    people: list[int] = []
    for shift in sorted(shifts, key=lambda s: (s.starts_at, s.person_id)):
        if shift.starts_at <= moment < shift.ends_at and shift.person_id not in people:
            people.append(shift.person_id)
    return people


class ClosureProblem(ValueError):
    """A closure that cannot be right, said so that the DSL can put it right."""


def check_closure(first: date, last: date) -> None:
    if last < first:
        raise ClosureProblem("The last day is before the first day.")
    if last - first > LONGEST_CLOSURE:
        raise ClosureProblem("That is longer than any school holiday: check the dates.")


# What a calendar entry's title says the day is. INSET first: "INSET day - school closed".
_INSET = re.compile(r"\b(inset|training day|staff development|teacher training|pd day)\b", re.I)
_HOLIDAY = re.compile(r"\b(holiday|holidays|half[ -]?term|break)\b", re.I)
_CLOSED = re.compile(r"\b(school closed|closed|closure)\b", re.I)
_OPEN = re.compile(r"\b(term (starts|begins|ends)|start of term|end of term|open)\b", re.I)


def kind_of_entry(title: str) -> str | None:
    """'inset', 'holiday', 'closed', or None for an entry that does not close the school (a
    parents' evening, "Autumn term starts"). The DSL sees the answer before anything is saved."""
    if _INSET.search(title):
        return "inset"
    if _OPEN.search(title) and not _CLOSED.search(title):
        return None
    if _HOLIDAY.search(title):
        return "holiday"
    if _CLOSED.search(title):
        return "closed"
    return None
