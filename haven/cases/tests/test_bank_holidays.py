"""Bank holidays in England and Wales: worked out, and checked against the published lists
(gov.uk/bank-holidays) for the years Haven has been and will be used. No database."""

from __future__ import annotations

from datetime import date

import pytest

from haven.cases.rules import bank_holidays, easter_sunday


def days(year: int, *month_days: tuple[int, int]) -> frozenset[date]:
    return frozenset(date(year, month, day) for month, day in month_days)


PUBLISHED = {
    2020: days(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)),
    2022: days(
        2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)
    ),
    2023: days(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)),
    2024: days(2024, (1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)),
    2025: days(2025, (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
    2026: days(2026, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
    2027: days(2027, (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
    2028: days(2028, (1, 3), (4, 14), (4, 17), (5, 1), (5, 29), (8, 28), (12, 25), (12, 26)),
    2029: days(2029, (1, 1), (3, 30), (4, 2), (5, 7), (5, 28), (8, 27), (12, 25), (12, 26)),
    2030: days(2030, (1, 1), (4, 19), (4, 22), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)),
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_the_bank_holidays_match_the_published_list(year):
    assert bank_holidays(year) == PUBLISHED[year]


@pytest.mark.parametrize(
    "easter",
    [
        date(1818, 3, 22),  # the earliest it can be
        date(1943, 4, 25),  # the latest it can be
        date(2000, 4, 23),
        date(2008, 3, 23),
        date(2019, 4, 21),
        date(2038, 4, 25),
        date(2285, 3, 22),
    ],
)
def test_easter_day_is_worked_out_by_the_computus(easter):
    assert easter_sunday(easter.year) == easter


@pytest.mark.parametrize("year", range(1990, 2101))
def test_every_year_has_eight_weekday_bank_holidays_outside_proclaimed_years(year):
    holidays = bank_holidays(year)
    assert all(day.weekday() < 5 and day.year == year for day in holidays)
    if year not in {1995, 1999, 2002, 2011, 2012, 2022, 2023}:
        assert len(holidays) == 8
