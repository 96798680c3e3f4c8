"""The legal clock: one calendar month, clamped at month ends, extendable by two more."""

from __future__ import annotations

from datetime import date

import pytest

from privacy.requests.deadlines import (
    add_months,
    due_date_for,
    extended_due_date_for,
    extension_allowed,
)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: last day of the month
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2028, 1, 29), date(2028, 2, 29)),
        (date(2027, 1, 29), date(2027, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 8, 31), date(2026, 9, 30)),
        (date(2026, 2, 28), date(2026, 3, 28)),  # not "end of month to end of month"
        (date(2028, 2, 29), date(2028, 3, 29)),
        (date(2026, 12, 31), date(2027, 1, 31)),  # across the year
        (date(2026, 12, 1), date(2027, 1, 1)),
    ],
)
def test_due_date_is_one_calendar_month_after_receipt(received: date, due: date) -> None:
    assert due_date_for(received) == due


def test_add_months_across_several_years_and_centuries() -> None:
    assert add_months(date(2099, 11, 30), 3) == date(2100, 2, 28)  # 2100 is not a leap year
    assert add_months(date(2399, 11, 30), 3) == date(2400, 2, 29)  # 2400 is
    assert add_months(date(2026, 5, 17), 0) == date(2026, 5, 17)
    assert add_months(date(2026, 5, 17), 24) == date(2028, 5, 17)


def test_add_months_refuses_negative_months() -> None:
    with pytest.raises(ValueError):
        add_months(date(2026, 5, 17), -1)


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 3, 31)),
        (date(2026, 1, 31), 2, date(2026, 4, 30)),  # from receipt, not from the clamped 28 Feb
        (date(2027, 11, 30), 2, date(2028, 2, 29)),
        (date(2026, 6, 15), 2, date(2026, 9, 15)),
    ],
)
def test_extended_due_date_counts_from_receipt(received: date, months: int, due: date) -> None:
    assert extended_due_date_for(received, months) == due


@pytest.mark.parametrize("months", [0, 3, -1])
def test_extension_is_one_or_two_months(months: int) -> None:
    with pytest.raises(ValueError):
        extended_due_date_for(date(2026, 1, 1), months)


def test_extension_allowed_only_until_the_original_deadline() -> None:
    due = date(2026, 2, 28)
    assert extension_allowed(today=date(2026, 2, 27), original_due=due, months_already=0, months=2)
    assert extension_allowed(today=due, original_due=due, months_already=0, months=1)
    assert not extension_allowed(
        today=date(2026, 3, 1), original_due=due, months_already=0, months=1
    )


def test_extension_total_is_at_most_two_months_and_only_grows() -> None:
    due = date(2026, 2, 28)
    today = date(2026, 2, 1)
    assert extension_allowed(today=today, original_due=due, months_already=1, months=2)
    assert not extension_allowed(today=today, original_due=due, months_already=2, months=2)
    assert not extension_allowed(today=today, original_due=due, months_already=1, months=1)
    assert not extension_allowed(today=today, original_due=due, months_already=0, months=3)
