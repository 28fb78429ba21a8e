"""Calendar arithmetic for EDTF dates: the proleptic Gregorian calendar, astronomical years
(year 0 is 1 BC), and instants as comparable (year, month, day, second of day) tuples."""

from __future__ import annotations

Instant = tuple[int, int, int, int]  # (year, month, day, second of day)

DAY_SECONDS = 86_400


def is_leap(year: int) -> bool:
    # Proleptic Gregorian with astronomical years; Python's % keeps this right for year <= 0.
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def first_instant(year: int, month: int = 1) -> Instant:
    return (year, month, 1, 0)


def last_instant(year: int, month: int = 12) -> Instant:
    return (year, month, days_in_month(year, month), DAY_SECONDS - 1)


def add_day(year: int, month: int, day: int, step: int) -> tuple[int, int, int]:
    """The day before (step -1) or after (step 1) a valid date."""
    day += step
    if day < 1:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        day = days_in_month(year, month)
    elif day > days_in_month(year, month):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = 1
    return year, month, day
