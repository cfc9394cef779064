"""Danish working days: public holidays computed for any year, a school's own closed dates.

The public holidays (helligdage) are New Year's Day, Maundy Thursday, Good Friday, Easter
Sunday and Monday, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day, and,
until 2023, Great Prayer Day (Store bededag, abolished from 2024). Easter Sunday comes from the
Gregorian computus. Constitution Day (5 June), Christmas Eve and New Year's Eve are not public
holidays; a school closed on them lists them in its closed dates. A working day is a weekday
that is no public holiday and not closed at the school. This module knows nothing of offers or
requests; `pooling.candidates` and the generator use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

# Store bededag was a public holiday up to and including 2023.
LAST_STORE_BEDEDAG_YEAR = 2023


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (Gregorian calendar; the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The Danish public holidays of `year`, by date, with their Danish names."""
    easter = easter_sunday(year)
    moving = {
        -3: "Skærtorsdag",
        -2: "Langfredag",
        0: "Påskedag",
        1: "2. påskedag",
        39: "Kristi himmelfartsdag",
        49: "Pinsedag",
        50: "2. pinsedag",
    }
    if year <= LAST_STORE_BEDEDAG_YEAR:
        moving[26] = "Store bededag"
    found = {easter + timedelta(days=offset): name for offset, name in moving.items()}
    found[date(year, 1, 1)] = "Nytårsdag"
    found[date(year, 12, 25)] = "Juledag"
    found[date(year, 12, 26)] = "2. juledag"
    return dict(sorted(found.items()))


def holiday_name(day: date) -> str | None:
    """The name of the public holiday on `day`, or None."""
    return public_holidays(day.year).get(day)


def is_working_day(day: date, closed: Iterable[date] | frozenset[date] = frozenset()) -> bool:
    """A weekday that is no public holiday and not among the `closed` dates."""
    return day.weekday() < 5 and holiday_name(day) is None and day not in closed


def why_closed(day: date, closed: Iterable[date] | frozenset[date] = frozenset()) -> str | None:
    """Why no hold starts on `day` ("weekend", a holiday's name, "closed"), or None."""
    name = holiday_name(day)
    if name is not None:
        return name
    if day.weekday() >= 5:
        return "weekend"
    if day in closed:
        return "closed"
    return None


def next_working_day(day: date, closed: Iterable[date] | frozenset[date] = frozenset()) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, closed):
        day += timedelta(days=1)
    return day


def end_date(
    start: date, duration_days: float, closed: Iterable[date] | frozenset[date] = frozenset()
) -> date:
    """The last day of a course of `duration_days` (rounded up) taught on working days."""
    day = start
    for _ in range(max(1, math.ceil(duration_days)) - 1):
        day = next_working_day(day + timedelta(days=1), closed)
    return day
