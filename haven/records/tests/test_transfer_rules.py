"""The transfer deadline in school days, and when a one-use link can be used (no database)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from haven.cases.rules.bank_holidays import bank_holidays_near
from haven.records import rules

NONE: frozenset[date] = frozenset()


@pytest.mark.parametrize(
    ("leaves_on", "closed", "expected"),
    [
        # Friday 4 December 2026: Mon-Fri of the next week
        (date(2026, 12, 4), NONE, date(2026, 12, 11)),
        # Wednesday: over a weekend
        (date(2026, 12, 2), NONE, date(2026, 12, 9)),
        # Tuesday 22 December 2026: Christmas Day and Boxing Day (a substitute Monday 28th)
        # are bank holidays; the school's own closed days count too.
        (
            date(2026, 12, 22),
            bank_holidays_near(date(2026, 12, 22)),
            date(2026, 12, 31),
        ),
        (
            date(2026, 12, 22),
            bank_holidays_near(date(2026, 12, 22))
            | {date(2026, 12, 29) + timedelta(days=n) for n in range(0, 8)},
            date(2027, 1, 8),
        ),
    ],
)
def test_five_school_days_skip_weekends_bank_holidays_and_closed_days(leaves_on, closed, expected):
    assert (
        rules.transfer_due_on(leaves_on, in_year=False, starts_on=None, closed=closed) == expected
    )


def test_a_move_in_year_is_due_before_the_child_starts():
    # Leaves Friday 4 December, starts at the new school Tuesday 8th: due by Monday 7th.
    due = rules.transfer_due_on(
        date(2026, 12, 4), in_year=True, starts_on=date(2026, 12, 8), closed=NONE
    )
    assert due == date(2026, 12, 7)
    # Starts on Monday 7th: due by Friday 4th, the last school day before.
    due = rules.transfer_due_on(
        date(2026, 12, 4), in_year=True, starts_on=date(2026, 12, 7), closed=NONE
    )
    assert due == date(2026, 12, 4)
    # A later start leaves the 5 school days.
    due = rules.transfer_due_on(
        date(2026, 12, 4), in_year=True, starts_on=date(2027, 1, 30), closed=NONE
    )
    assert due == date(2026, 12, 11)


def test_a_transfer_is_overdue_after_its_day_until_receipt_is_confirmed():
    due = date(2026, 12, 11)
    assert not rules.transfer_overdue(confirmed=False, due_on=due, today=due)
    assert rules.transfer_overdue(confirmed=False, due_on=due, today=due + timedelta(days=1))
    assert not rules.transfer_overdue(confirmed=True, due_on=due, today=due + timedelta(days=9))


NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATER = NOW + timedelta(days=1)


@pytest.mark.parametrize(
    ("used", "expires_at", "code_ok", "wrong", "word"),
    [
        (False, LATER, True, 0, None),
        (True, LATER, True, 0, "used"),
        (False, NOW, True, 0, "expired"),
        (False, LATER, False, 0, "not right"),
        (False, LATER, True, rules.MAX_WRONG_CODES, "Too many"),
    ],
)
def test_a_link_works_once_before_it_expires_with_the_right_code(
    used, expires_at, code_ok, wrong, word
):
    found = rules.link_refusal(
        used=used, expires_at=expires_at, now=NOW, code_ok=code_ok, wrong_codes=wrong
    )
    assert (found is None) if word is None else (word in found)
