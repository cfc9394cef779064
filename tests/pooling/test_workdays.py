"""Tests of Danish public holidays, working days and end dates."""

from datetime import date

import pytest

from pooling.workdays import (
    easter_sunday,
    end_date,
    holiday_name,
    is_working_day,
    next_working_day,
    public_holidays,
)

# The official list (helligdage) for 2026-2028, written out by hand from the calendar.
HOLIDAYS = {  # (month, day)
    2026: [(1, 1), (4, 2), (4, 3), (4, 5), (4, 6), (5, 14), (5, 24), (5, 25), (12, 25), (12, 26)],
    2027: [
        (1, 1),
        (3, 25),
        (3, 26),
        (3, 28),
        (3, 29),
        (5, 6),
        (5, 16),
        (5, 17),
        (12, 25),
        (12, 26),
    ],
    2028: [(1, 1), (4, 13), (4, 14), (4, 16), (4, 17), (5, 25), (6, 4), (6, 5), (12, 25), (12, 26)],
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_public_holidays_match_the_calendar(year):
    """Tests that the computed holidays of 2026-2028 are exactly the official ones."""
    assert sorted(public_holidays(year)) == [date(year, m, d) for m, d in HOLIDAYS[year]]


def test_easter_sundays():
    """Tests Easter Sunday for years with early and late Easter."""
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)
    assert easter_sunday(2008) == date(2008, 3, 23)


def test_store_bededag_until_2023_only():
    """Tests that Store bededag is a holiday in 2023 and not from 2024."""
    assert holiday_name(date(2023, 5, 5)) == "Store bededag"
    assert holiday_name(date(2024, 4, 26)) is None
    assert is_working_day(date(2027, 4, 23))


def test_working_days_skip_weekends_holidays_and_closed_dates():
    """Tests that 2. påskedag, a Saturday and a closed date are no working days."""
    assert holiday_name(date(2027, 3, 29)) == "2. påskedag"
    assert not is_working_day(date(2027, 3, 29))
    assert not is_working_day(date(2027, 1, 2))
    assert not is_working_day(date(2027, 2, 1), closed={date(2027, 2, 1)})
    assert next_working_day(date(2027, 3, 25)) == date(2027, 3, 30)


def test_end_date_counts_working_days():
    """Tests that a 5-day course over Easter ends on the fifth working day."""
    assert end_date(date(2027, 1, 4), 5) == date(2027, 1, 8)
    assert end_date(date(2027, 3, 22), 5) == date(2027, 3, 31)
    assert end_date(date(2027, 1, 4), 0.5) == date(2027, 1, 4)
    assert end_date(date(2027, 1, 4), 2.5, closed={date(2027, 1, 5)}) == date(2027, 1, 7)
