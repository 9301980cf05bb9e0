"""The reports' rules as plain Python: small-number suppression, durations, CSV safety.

Suppression: a count from 1 to 4 is shown as "fewer than 5" wherever a figure leaves the
safeguarding team (governors, the trust, the local authority), so that nobody can work out which
child a figure is about. 0 is shown as 0 (nothing to recognise), 5 and over as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

SUPPRESS_BELOW = 5
FEWER_THAN = f"fewer than {SUPPRESS_BELOW}"


def is_suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def shown(count: int, *, suppress: bool = True) -> str:
    """A count as it may be shown: 1 to 4 become "fewer than 5" when `suppress`."""
    if suppress and is_suppressed(count):
        return FEWER_THAN
    return str(count)


@dataclass(frozen=True)
class Timing:
    """How long something took, over a set of cases: how many, the median and the slowest."""

    count: int
    median: timedelta | None
    slowest: timedelta | None


def timing(durations: Iterable[timedelta]) -> Timing:
    """The median and the slowest of `durations` (negative ones, from clock changes, count as 0)."""
    values = sorted(max(d, timedelta(0)) for d in durations)
    if not values:
        return Timing(0, None, None)
    middle = timedelta(seconds=median(v.total_seconds() for v in values))
    return Timing(len(values), middle, values[-1])


def in_words(duration: timedelta | None) -> str:
    """A duration as a person says it: "under an hour", "5 hours", "3 days"."""
    if duration is None:
        return "none recorded"
    hours = duration.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = round(hours)
        return f"{whole} hour{'s' if whole != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"


# Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A CSV cell a spreadsheet will not run: one starting with = + - @ or a tab gets a '."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_row(values: Sequence[object]) -> list[str]:
    return [csv_safe(v) for v in values]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its count, and what is shown for the count."""

    label: str
    count: int
    shown: str


def bars(rows: Iterable[tuple[str, int]], *, suppress: bool) -> list[Bar]:
    return [Bar(label, count, shown(count, suppress=suppress)) for label, count in rows]
