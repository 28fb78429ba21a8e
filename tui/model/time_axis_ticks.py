"""The time axis's scale: instants as seconds on one line, and tick labels that fit.

Time is a float number of seconds from the start of the proleptic Gregorian ordinal day 0
(so `0001-01-01` is day 1, as `datetime.date.toordinal` counts); astronomical years of any
size and sign work, since the arithmetic falls back to Python integers outside 1..9999.

Ticks step by the smallest calendar unit (minutes, hours, days, months, years, decades,
centuries and powers of ten of years) whose labels, one cell apart at least, fit between
neighbouring ticks; a label that would still touch its neighbour (the first one, which
carries the month and year, is longer) is left off, never drawn over it.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from typing import NamedTuple

from tui.model.gregorian import DAY_SECONDS, Instant, days_in_month

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
YEAR_SECONDS = 365.2425 * DAY_SECONDS  # the Gregorian mean year
MONTH_SECONDS = YEAR_SECONDS / 12
MAX_TICKS = 400  # more than any terminal is wide: a guard against a runaway loop


def seconds(instant: tuple[int, ...]) -> float:
    """The instant's place on the axis (seconds)."""
    year, month, day, second = instant
    if 1 <= year <= 9999:
        days = date(year, month, day).toordinal()  # C: most dates take this path
    else:
        days = _days_from_civil(year, month, day) + _EPOCH_ORDINAL
    return float(days * DAY_SECONDS + second)


def day_start(year: int, month: int = 1, day: int = 1) -> float:
    return seconds((year, month, day, 0))


def instant_at(at: float) -> Instant:
    """The (year, month, day, second) at a place on the axis (rounded down to a second)."""
    whole = math.floor(at)
    days, second = divmod(whole, DAY_SECONDS)
    if 1 <= days <= 3_652_059:  # date.max.toordinal()
        found = date.fromordinal(days)
        return (found.year, found.month, found.day, second)
    year, month, day = _civil_from_days(days - _EPOCH_ORDINAL)
    return (year, month, day, second)


def year_label(year: int) -> str:
    # Astronomical years, as in EDTF: 0 is 1 BC, -1 is 2 BC.
    return str(year) if year > 0 else f"{1 - year} BC"


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (Howard Hinnant's algorithm; exact for every integer year)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted + 2) // 5 + 1
    month = shifted + 3 if shifted < 10 else shifted - 9
    return year_of_era + era * 400 + (month <= 2), month, day


# --- ticks --------------------------------------------------------------------------------


class Tick(NamedTuple):
    cell: int
    label: str | None  # None: a tick mark without a label (its label would not fit)


class Step(NamedTuple):
    unit: str  # "minute", "hour", "day", "month" or "year"
    size: int
    seconds: float  # about how long one step is
    label_width: int  # about how wide its usual label is


_SMALL_STEPS = (
    Step("minute", 1, 60, 5),
    Step("minute", 5, 300, 5),
    Step("minute", 15, 900, 5),
    Step("minute", 30, 1800, 5),
    Step("hour", 1, 3600, 5),
    Step("hour", 3, 3 * 3600, 5),
    Step("hour", 6, 6 * 3600, 5),
    Step("hour", 12, 12 * 3600, 6),
    Step("day", 1, DAY_SECONDS, 2),
    Step("day", 2, 2 * DAY_SECONDS, 2),
    Step("day", 5, 5 * DAY_SECONDS, 2),
    Step("day", 10, 10 * DAY_SECONDS, 6),
    Step("month", 1, MONTH_SECONDS, 3),
    Step("month", 3, 3 * MONTH_SECONDS, 3),
    Step("month", 6, 6 * MONTH_SECONDS, 3),
)


def steps() -> list[Step]:
    """Every step from a minute up, finest first; years go 1, 2, 5, 10, 20, 50, ..."""
    found = list(_SMALL_STEPS)
    for power in range(0, 120):
        for factor in (1, 2, 5):
            years = factor * 10**power
            found.append(Step("year", years, years * YEAR_SECONDS, len(str(years)) + 1))
    return found


_STEPS = steps()


def ticks(start: float, end: float, width: int) -> list[Tick]:
    """Ticks between `start` and `end` drawn `width` cells wide; labels never overlap."""
    if width <= 0 or not end > start:
        return []
    per_cell = (end - start) / width
    for step in _STEPS:
        if step.seconds / per_cell < step.label_width + 1:
            continue  # too close for its labels, even roughly
        found = _ticks_of(step, start, end, per_cell, width)
        if found is None:
            continue
        if not _crowded(step, found[1:]):
            return _place_labels(step, found, width)
    return []


def _ticks_of(
    step: Step, start: float, end: float, per_cell: float, width: int
) -> list[tuple[int, Instant]] | None:
    """(cell, instant) of each tick of `step` in view; None when there would be too many."""
    found: list[tuple[int, Instant]] = []
    for instant in _instants(step, start, end):
        at = seconds(instant)
        if at >= end:
            break
        if len(found) > MAX_TICKS:
            return None
        cell = int((at - start) / per_cell)
        if 0 <= cell < width:
            found.append((cell, instant))
    return found


def _crowded(step: Step, found: list[tuple[int, Instant]]) -> bool:
    """Whether a usual label would not end at least one blank cell before the next tick.

    Labels where the month or year changes are longer: they may hide a neighbour's label
    (`_place_labels` leaves it off) without making the step coarser.
    """
    sizes: list[int] = []
    previous: Instant | None = None
    for _, instant in found:
        sizes.append(len(_label(step, instant, previous)))
        previous = instant
    usual = min(sizes, default=0) + 1
    return any(
        following[0] - tick[0] < size + 1 and size <= usual
        for (tick, following), size in zip(itertools.pairwise(found), sizes, strict=False)
    )


def _place_labels(step: Step, found: list[tuple[int, Instant]], width: int) -> list[Tick]:
    """Labels left to right where they fit, each saying what changed since the last shown
    (so the year a hidden label would have given is given by the next one)."""
    placed: list[Tick] = []
    free_from = 0
    shown: Instant | None = None
    for cell, instant in found:
        label = _label(step, instant, shown)
        if cell < free_from or cell + len(label) > width:
            placed.append(Tick(cell, None))
            continue
        placed.append(Tick(cell, label))
        free_from = cell + len(label) + 1
        shown = instant
    return placed


def _instants(step: Step, start: float, end: float) -> list[Instant]:
    """Candidate tick instants from about `start` on (a few before it are skipped later)."""
    year, month, day, _ = instant_at(start)
    out: list[Instant] = []
    if step.unit == "year":
        first = -(-year // step.size) * step.size  # round up to a multiple
        if first == year and seconds((year, 1, 1, 0)) < start:
            first += step.size
        out = [(first + i * step.size, 1, 1, 0) for i in range(MAX_TICKS + 2)]
        return out
    if step.unit == "month":
        y, m = year, month
        while len(out) <= MAX_TICKS:
            if (m - 1) % step.size == 0 and seconds((y, m, 1, 0)) >= start:
                out.append((y, m, 1, 0))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    # Days, hours and minutes: walk whole days from the start's day.
    y, m, d = year, month, day
    while len(out) <= MAX_TICKS:
        for instant in _within_day(step, y, m, d):
            if seconds(instant) >= start:
                out.append(instant)
        if out and seconds(out[-1]) >= end:
            break
        d += 1
        if d > days_in_month(y, m):
            y, m, d = (y + 1, 1, 1) if m == 12 else (y, m + 1, 1)
    return out


def _within_day(step: Step, year: int, month: int, day: int) -> list[Instant]:
    if step.unit == "day":
        if step.size == 1:
            return [(year, month, day, 0)]
        # Days 1, 1+size, ... of each month, none too close to the next month's first.
        last = days_in_month(year, month)
        wanted = (day - 1) % step.size == 0 and last - day + 1 >= (step.size + 1) // 2
        return [(year, month, day, 0)] if wanted else []
    unit = 3600 if step.unit == "hour" else 60
    every = unit * step.size
    return [(year, month, day, s) for s in range(0, DAY_SECONDS, every)]


def _label(step: Step, instant: Instant, shown: Instant | None) -> str:
    """The tick's label, saying the month and year where they differ from `shown`'s."""
    year, month, day, second = instant
    name = MONTHS[month - 1]
    if step.unit == "year":
        return year_label(year)
    new_year = shown is None or shown[0] != year
    if step.unit == "month":
        return f"{name} {year_label(year)}" if new_year else name
    new_day = shown is None or shown[:3] != instant[:3]
    if step.unit == "day":
        if new_year:
            return f"{day} {name} {year_label(year)}"
        return f"{day} {name}" if shown is not None and shown[1] != month else str(day)
    clock = f"{second // 3600:02}:{second % 3600 // 60:02}"
    if new_year:
        return f"{day} {name} {year_label(year)} {clock}"
    if new_day:
        return f"{day} {name}" if second == 0 else f"{day} {name} {clock}"
    return clock
