"""An EDTF date as TimelineJS places it: start and end date objects, and a display date.

TimelineJS positions an event by `start_date` (and draws a span to `end_date`); each is an
object of integer parts of which only `year` is required. Each object here has only the parts
the EDTF date knows: the first and last instants it allows (read from its parsed form) are
compared, and a part is given only where they are not the bounds of a whole larger unit (a
year-only date has only `year`; a day has no time). What the parts cannot say (approximate,
uncertain, unspecified digits, seasons, open or unknown ends, long years) goes into the
slide's `display_date`, the date's own short English text. So does every date-time: its parts
are in UTC where it names a zone, and the display shows the time as written, with the zone.

A single date is a moment, never a span: `2018~`, `201X` or a season has a start and no end
(the first instant it allows, with display text saying how little is known). Only intervals
have an end. An open or unknown end has no date object: the known end places the event.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.model.edtf import EdtfDate
from tui.model.edtf_grammar import Interval, Point, read_form
from tui.model.gregorian import DAY_SECONDS, Instant, days_in_month

DateParts = dict[str, int]

# The years TimelineJS's human scale (JavaScript's Date) can place; beyond them a timeline
# needs the cosmological scale, which places by year alone.
HUMAN_YEARS = range(-271_820, 275_760)


class TimelineDates(NamedTuple):
    start: DateParts
    end: DateParts | None
    display: str | None  # None when TimelineJS's own formatting of the parts says it all


def timeline_dates(date: EdtfDate) -> TimelineDates:
    form = read_form(date.text)
    if isinstance(form, Point):
        start = _parts(form.lower, form)
        return TimelineDates(start, None, None if _plain(form) else form.display())
    return _interval(form)


def timeline_year(year: int) -> int:
    """TimelineJS's year for an astronomical EDTF year: it shows -500 as "500 BCE", so
    1 BC (EDTF 0000) is -1 and EDTF -1985 (1986 BC) is -1986."""
    return year if year > 0 else year - 1


def _interval(form: Interval) -> TimelineDates:
    start, end = form.start, form.end
    plain = start is not None and end is not None and _plain(start) and _plain(end)
    display = None if plain else form.display()
    if start is None:
        assert end is not None  # the grammar refuses an interval without a date
        return TimelineDates(_parts(end.upper, end), None, display)
    start_parts = _parts(start.lower, start)
    if end is None:
        return TimelineDates(start_parts, None, display)
    end_parts = _parts(end.upper, end)
    if end_parts == start_parts:  # one month, say, as both ends: no span
        return TimelineDates(start_parts, None, display)
    if _padded(end_parts) <= _padded(start_parts):
        # e.g. 2019-02-09/2019-02 or 2019/2019-01: the end, read as its first day, is not
        # after the start; its last day is (the grammar ensures start <= end), said in words.
        year, month, day, _ = end.upper
        end_parts = {"year": timeline_year(year), "month": month, "day": day}
        display = form.display()
        if _padded(end_parts) <= _padded(start_parts):  # that is the start's own day
            return TimelineDates(start_parts, None, display)
    return TimelineDates(start_parts, end_parts, display)


def _plain(point: Point) -> bool:
    """A calendar date, month or year as written, which TimelineJS formats in full."""
    return point.ymd is not None and not point.approximate and not point.uncertain


def _parts(instant: Instant, point: Point) -> DateParts:
    """`instant`'s parts down to the smallest unit whose bounds `point` does not fill."""
    year, month, day, second = instant
    lower, upper = point.lower, point.upper
    parts = {"year": timeline_year(year)}
    whole_days = lower[3] == 0 and upper[3] == DAY_SECONDS - 1
    whole_months = whole_days and lower[2] == 1 and upper[2] == days_in_month(*upper[:2])
    whole_years = whole_months and lower[1] == 1 and upper[1] == 12
    if not whole_years:
        parts["month"] = month
    if not whole_months:
        parts["day"] = day
    if not whole_days:
        parts.update(hour=second // 3600, minute=second // 60 % 60, second=second % 60)
    return parts


def _padded(parts: DateParts) -> tuple[int, ...]:
    """The parts as a comparable instant, missing ones at their first value (TimelineJS's)."""
    return (
        parts["year"],
        parts.get("month", 1),
        parts.get("day", 1),
        parts.get("hour", 0),
        parts.get("minute", 0),
        parts.get("second", 0),
    )


def years_of(dates: TimelineDates) -> list[int]:
    return [dates.start["year"]] + ([dates.end["year"]] if dates.end else [])
