"""Bank holidays in England and Wales, worked out for any year (children's social care and the
school are closed on them, so they are not working days).

The regular pattern (Banking and Financial Dealings Act 1971 and the proclamations under it):
New Year's Day, Good Friday, Easter Monday, the first and last Mondays in May, the last Monday in
August, Christmas Day and Boxing Day. A fixed date falling on a Saturday or Sunday is replaced by
the next weekday that is not already a holiday (a "substitute day"). The Crown moves or adds days
by proclamation for national events: those are kept as data below, and the tests check the result
against the published lists.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Final

MONDAY: Final = 0
SATURDAY: Final = 5  # date.weekday()

# Days moved or added by proclamation since 2011 (earlier years are not needed): year -> (days
# taken away, days added). Add any new proclamation here, with a test year in the tests.
PROCLAIMED: Final[dict[int, tuple[frozenset[date], frozenset[date]]]] = {
    # Royal wedding.
    2011: (frozenset(), frozenset({date(2011, 4, 29)})),
    # Diamond Jubilee: the spring holiday moved to Monday 4 June, and Tuesday 5 June added.
    2012: (frozenset({date(2012, 5, 28)}), frozenset({date(2012, 6, 4), date(2012, 6, 5)})),
    # VE Day 75: the early May holiday moved to Friday 8 May.
    2020: (frozenset({date(2020, 5, 4)}), frozenset({date(2020, 5, 8)})),
    # Platinum Jubilee (spring holiday moved to Thursday 2 June, Friday 3 June added); the
    # State Funeral of Queen Elizabeth II.
    2022: (
        frozenset({date(2022, 5, 30)}),
        frozenset({date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)}),
    ),
    # The Coronation of King Charles III.
    2023: (frozenset(), frozenset({date(2023, 5, 8)})),
}


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    lunar_correction = (century + 8) // 25
    solar_correction = (century - lunar_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    correction = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * correction + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - MONDAY) % 7)


def _with_substitutes(fixed: list[date], taken: set[date]) -> set[date]:
    """Each fixed date, or the next free weekday when it falls at a weekend, in date order."""
    days: set[date] = set()
    for day in sorted(fixed):
        while day.weekday() >= SATURDAY or day in days or day in taken:
            day += timedelta(days=1)
        days.add(day)
    return days


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays in England and Wales in `year`."""
    easter = easter_sunday(year)
    movable = {
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    fixed = [date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)]
    days = movable | _with_substitutes(fixed, movable)
    removed, added = PROCLAIMED.get(year, (frozenset(), frozenset()))
    return frozenset((days - removed) | added)


def bank_holidays_near(day: date) -> frozenset[date]:
    """The bank holidays of `day`'s year and the next: enough to find the next working day."""
    return bank_holidays(day.year) | bank_holidays(day.year + 1)
