"""The full EDTF level 0 and 1 grammar: every form `tui.model.edtf` accepts (see its module
docstring), with the text display() shows for each and, for anything else, an error that
says what is wrong and how to write it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tui.model.gregorian import (
    DAY_SECONDS,
    Instant,
    add_day,
    days_in_month,
    first_instant,
    last_instant,
)

_DASH = "\N{EN DASH}"  # between the ends of a range in display text
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Season code -> (name, first month); each season lasts three months.
_SEASONS = {21: ("Spring", 3), 22: ("Summer", 6), 23: ("Autumn", 9), 24: ("Winter", 12)}
# Python refuses to convert very long digit strings to int; no real story needs such a year.
_MAX_LONG_YEAR_DIGITS = 100

# [0-9] rather than \d, which also matches non-ASCII digits; patterns are used with fullmatch.
_PLAIN = re.compile(
    r"(?P<sign>-)?(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"(?P<qualifier>[?~%])?"
)
_DATETIME = re.compile(
    r"(?P<sign>-)?(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?P<zone>Z|(?P<zsign>[+-])(?P<zhour>[0-9]{2})(?::(?P<zminute>[0-9]{2}))?)?"
)
_LONG_YEAR = re.compile(r"Y(?P<sign>-)?(?P<digits>[1-9][0-9]{4,})")
# Level 1 allows both: a negative year, and unspecified digits (-01XX, -0300-XX).
_UNSPECIFIED = re.compile(
    r"(?P<sign>-)?(?:"
    r"(?P<decade>[0-9]{2}[0-9X]X)"  # 201X, 20XX
    r"|(?P<year>[0-9]{4})-(?:(?P<month>[0-9]{2})-XX|XX(?P<both>-XX)?)"  # 1985-04-XX, 2004-XX(-XX)
    r")"
)
_MISSING_SECONDS = re.compile(
    r"(?P<date>-?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2})(?P<zone>Z|[+-][0-9]{2}(?::[0-9]{2})?)?"
)

_EXPECTED = (
    "expected a date like 2019-02-09, 2019-02 or 2019 (optionally ending in ~, ? or %), "
    "a date-time like 2019-02-11T02:00:00Z, 201X, a season like 2019-21, Y170000002, "
    "or an interval like 2019-01-19/2019-02-09"
)


class EdtfError(ValueError):
    """Text that is not an EDTF level 0 or 1 date; the message says what is wrong and the fix."""


class _Invalid(Exception):
    """Why a piece of text is invalid; read_form turns it into an EdtfError naming the text."""


# --- Parsed forms -------------------------------------------------------------------------


class Point(NamedTuple):
    """One date (not an interval) as read from the text."""

    lower: Instant
    upper: Instant
    label: str  # display text without the qualifiers
    approximate: bool = False
    uncertain: bool = False
    # (year, month, day) of an unqualified calendar date, so intervals can share its year.
    ymd: tuple[int, int | None, int | None] | None = None

    def display(self) -> str:
        text = f"c. {self.label}" if self.approximate else self.label
        return f"{text}?" if self.uncertain else text


class Interval(NamedTuple):
    start: Point | None
    end: Point | None
    start_open: bool  # '..' (open) rather than '' (unknown); only used when start is None
    end_open: bool

    def display(self) -> str:
        if self.start is None:
            assert self.end is not None  # the parser rejects intervals with no dates
            end = self.end.display()
            return f"until {end}" if self.start_open else f"? {_DASH} {end}"
        if self.end is None:
            start = self.start.display()
            return f"from {start}" if self.end_open else f"{start} {_DASH} ?"
        compact = _compact(self.start, self.end)
        return compact or f"{self.start.display()} {_DASH} {self.end.display()}"


def _compact(start: Point, end: Point) -> str | None:
    """`19 Jan -- 9 Feb 2019` (en dash) for plain dates of one precision in one year AD."""
    if start.ymd is None or end.ymd is None or start.ymd == end.ymd:
        return None
    if start.approximate or start.uncertain or end.approximate or end.uncertain:
        return None  # each qualifier belongs to its own end, so both are shown in full
    (year, month_a, day_a), (year_b, month_b, day_b) = start.ymd, end.ymd
    if year != year_b or year < 1 or month_a is None or month_b is None:
        return None
    if (day_a is None) != (day_b is None):
        return None
    name_a, name_b = _MONTHS[month_a - 1], _MONTHS[month_b - 1]
    if day_a is None:
        return f"{name_a} {_DASH} {name_b} {year}"
    if month_a == month_b:
        return f"{day_a}{_DASH}{day_b} {name_a} {year}"
    return f"{day_a} {name_a} {_DASH} {day_b} {name_b} {year}"


# --- Parsing ------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def read_form(text: str) -> Point | Interval:
    """The date or interval `text` is, or EdtfError (cached: display() asks again)."""
    interval = "/" in text
    try:
        if text != text.strip():
            raise _Invalid("remove the whitespace before or after it")
        return _parse_interval(text) if interval else _parse_single(text)
    except _Invalid as invalid:
        kind = "a date interval" if interval else "a date"
        raise EdtfError(f"{_show(text)} is not {kind}: {invalid}") from None


def _parse_single(text: str) -> Point:
    if match := _DATETIME.fullmatch(text):
        return _datetime(match)
    if match := _LONG_YEAR.fullmatch(text):
        return _long_year(match)
    if match := _UNSPECIFIED.fullmatch(text):
        return _unspecified(match)
    if match := _PLAIN.fullmatch(text):
        return _plain(match)
    raise _Invalid(_explain(text))


def _parse_interval(text: str) -> Interval:
    if text.count("/") > 1:
        raise _Invalid("an interval has exactly one '/', e.g. 2019-01-19/2019-02-09")
    start_text, end_text = text.split("/")
    start = None if start_text in ("", "..") else _endpoint("start", start_text)
    end = None if end_text in ("", "..") else _endpoint("end", end_text)
    if start is None and end is None:
        raise _Invalid("at least one end must be a date, e.g. ../2019-02-09 or 2019-02-09/..")
    if start is not None and end is not None and start.lower > end.upper:
        raise _Invalid(
            f"it starts ({start.display()}) after it ends ({end.display()}); "
            f"did you mean {end_text}/{start_text}?"
        )
    return Interval(start, end, start_open=start_text == "..", end_open=end_text == "..")


def _endpoint(which: str, text: str) -> Point:
    """One end of an interval: a plain or qualified date or season, nothing else."""
    if match := _PLAIN.fullmatch(text):
        try:
            return _plain(match)
        except _Invalid as invalid:
            raise _Invalid(f"its {which} {text}: {invalid}") from None
    if "T" in text:
        reason = "interval ends are dates without a time of day (EDTF excludes times there)"
    elif _LONG_YEAR.fullmatch(text):
        reason = "a Y year cannot be an interval end in EDTF level 1"
    elif _UNSPECIFIED.fullmatch(text):
        reason = "X digits in an interval end are EDTF level 2, which is not supported"
    else:
        reason = _explain(text)
    raise _Invalid(f"its {which} {_show(text)}: {reason}")


def _plain(match: re.Match[str]) -> Point:
    """`2019-02-09`, `2019-02`, `2019` or season `2019-21`, each with an optional qualifier."""
    year = _year(match)
    qualifier = match["qualifier"]
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    label = _year_label(year)
    if match["month"] is None:
        return Point(
            first_instant(year),
            last_instant(year),
            label,
            approximate,
            uncertain,
            (year, None, None),
        )
    month = int(match["month"])
    if match["day"] is None and month in _SEASONS:
        name, first_month = _SEASONS[month]
        # Winter starts in December and runs to the end of the next February.
        last = last_instant(year + 1, 2) if month == 24 else last_instant(year, first_month + 2)
        return Point(
            first_instant(year, first_month), last, f"{name} {label}", approximate, uncertain
        )
    _check_month(month, seasons_allowed=match["day"] is None)
    label = f"{_MONTHS[month - 1]} {label}"
    if match["day"] is None:
        lower, upper = first_instant(year, month), last_instant(year, month)
        return Point(lower, upper, label, approximate, uncertain, (year, month, None))
    day = int(match["day"])
    _check_day(year, month, day)
    lower, upper = (year, month, day, 0), (year, month, day, DAY_SECONDS - 1)
    return Point(lower, upper, f"{day} {label}", approximate, uncertain, (year, month, day))


def _datetime(match: re.Match[str]) -> Point:
    year, month, day = _year(match), int(match["month"]), int(match["day"])
    _check_month(month, seasons_allowed=False)
    _check_day(year, month, day)
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if hour > 23:
        raise _Invalid(f"hours run 00 to 23, so {hour:02} is not an hour")
    if minute > 59:
        raise _Invalid(f"minutes run 00 to 59, so {minute:02} is not a minute")
    if second > 59:
        raise _Invalid(f"seconds run 00 to 59, so {second:02} is not a second")
    offset, zone = 0, ""
    if match["zone"] == "Z":
        zone = " UTC"
    elif match["zone"]:
        zone_hour, zone_minute = int(match["zhour"]), int(match["zminute"] or 0)
        if zone_hour > 23 or zone_minute > 59:
            raise _Invalid("a UTC offset runs from -23:59 to +23:59")
        sign = 1 if match["zsign"] == "+" else -1
        offset = sign * (zone_hour * 3600 + zone_minute * 60)
        zone = f" {match['zsign']}{zone_hour:02}:{zone_minute:02}"
    # Compare in UTC: 02:00+03:00 is 23:00Z the day before. Offsets are under a day, so the
    # date moves by one day at most.
    seconds = hour * 3600 + minute * 60 + second - offset
    utc_date = (year, month, day)
    if seconds < 0:
        seconds += DAY_SECONDS
        utc_date = add_day(year, month, day, -1)
    elif seconds >= DAY_SECONDS:
        seconds -= DAY_SECONDS
        utc_date = add_day(year, month, day, 1)
    instant = (*utc_date, seconds)
    clock = f"{hour:02}:{minute:02}" + (f":{second:02}" if second else "")
    label = f"{day} {_MONTHS[month - 1]} {_year_label(year)} {clock}{zone}"
    return Point(instant, instant, label)


def _long_year(match: re.Match[str]) -> Point:
    digits = match["digits"]
    if len(digits) > _MAX_LONG_YEAR_DIGITS:
        raise _Invalid(f"years longer than {_MAX_LONG_YEAR_DIGITS} digits are not supported")
    year = -int(digits) if match["sign"] else int(digits)
    label = f"year {year}" if year > 0 else _year_label(year)
    return Point(first_instant(year), last_instant(year), label)


def _unspecified(match: re.Match[str]) -> Point:
    negative = match["sign"] is not None
    if decade := match["decade"]:
        low = int(decade.replace("X", "0"))
        high = low + 10 ** decade.count("X") - 1
        # -01XX is some year from -0199 to -0100; -000X one from -0009 to -0001 (no -0000).
        first, last = (-high, -max(low, 1)) if negative else (low, high)
        if last - first == 9 and first >= 1000:
            label = f"{first}s"
        else:
            label = f"{_year_label(first)}{_DASH}{_year_label(last)}"
        return Point(first_instant(first), last_instant(last), label)
    year = _year(match)
    if match["month"] is None:
        unknown = "month, day unknown" if match["both"] else "month unknown"
        return Point(first_instant(year), last_instant(year), f"{_year_label(year)} ({unknown})")
    month = int(match["month"])
    _check_month(month, seasons_allowed=False)
    label = f"{_MONTHS[month - 1]} {_year_label(year)} (day unknown)"
    return Point(first_instant(year, month), last_instant(year, month), label)


def _year(match: re.Match[str]) -> int:
    year = int(match["year"])
    if match["sign"] and year == 0:
        raise _Invalid("there is no year -0000; year 0 (1 BC) is written 0000")
    return -year if match["sign"] else year


def _check_month(month: int, *, seasons_allowed: bool) -> None:
    if 1 <= month <= 12:
        return
    if month in _SEASONS:  # only reached where a season is not allowed
        raise _Invalid(f"{month} is a season, which has no days or times; months run 01 to 12")
    if 25 <= month <= 41:
        raise _Invalid(
            f"season {month} is EDTF level 2; level 1 seasons are "
            "21 (Spring), 22 (Summer), 23 (Autumn) and 24 (Winter)"
        )
    seasons = " (or 21 to 24 for seasons)" if seasons_allowed else ""
    raise _Invalid(f"there is no month {month:02}; months run 01 to 12{seasons}")


def _check_day(year: int, month: int, day: int) -> None:
    days = days_in_month(year, month)
    if day < 1:
        raise _Invalid(f"days run from 01, so {day:02} is not a day")
    if day > days:
        raise _Invalid(f"{_MONTH_NAMES[month - 1]} {year} has {days} days")


def _explain(text: str) -> str:
    """Say why `text` matched no accepted form, naming the nearest right form where we can."""
    if not text:
        return "it is empty; " + _EXPECTED
    if any(bracket in text for bracket in "[]{}"):
        return "sets like [1667,1668] are EDTF level 2, which is not supported; use 1667/1668"
    if "x" in text:
        return "unspecified digits are written with a capital X, e.g. 201X"
    if text.startswith("Y") and any(letter in text for letter in "ES"):
        return "exponents (E) and significant digits (S) are EDTF level 2; write the year in full"
    if text[-1] in "?~%" and any(
        pattern.fullmatch(text[:-1]) for pattern in (_DATETIME, _LONG_YEAR, _UNSPECIFIED)
    ):
        return "only plain dates and seasons can end in ?, ~ or %, e.g. 2019-02-09?"
    if any(mark in text[:-1] for mark in "?~%"):
        return "?, ~ or % may only end the whole date, e.g. 2004-06-11?; elsewhere it is level 2"
    if text.startswith("Y"):
        return "the Y prefix is for years of five or more digits, e.g. Y170000002; write 2019"
    if " " in text:
        return "EDTF has no spaces; a date-time is written like 2019-02-11T02:00:00"
    if "T" in text:
        if match := _MISSING_SECONDS.fullmatch(text):
            return f"a time needs seconds, e.g. {match['date']}:00{match['zone'] or ''}"
        if "." in text or "," in text:
            return "EDTF has no fractions of a second; write whole seconds, e.g. 02:00:00"
        return "a date-time is written like 2019-02-11T02:00:00, optionally with Z or +01:00"
    if "X" in text:
        return (
            "X may only replace final digits: 201X, 20XX, 2004-XX, 1985-04-XX or 1985-XX-XX "
            "(or the same after a -, for years before 1 BC)"
        )
    if re.fullmatch(r"-?[0-9]{8}", text):
        return "EDTF needs hyphens between year, month and day, e.g. 2019-02-09"
    if re.fullmatch(r"-?[0-9]{5,}", text):
        return "years of five or more digits need a Y prefix, e.g. Y10000 or Y-10000"
    if re.fullmatch(r"-?[0-9]{1,3}", text):
        return "years have four digits, e.g. 0800 for AD 800"
    return _EXPECTED


def _year_label(year: int) -> str:
    # EDTF years are astronomical: year 0 is 1 BC, -1 is 2 BC, -1985 is 1986 BC.
    return str(year) if year > 0 else f"{1 - year} BC"


def _show(text: str) -> str:
    """Text for an error message: as is when readable, else quoted; long text shortened."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return shown if shown and shown.isprintable() and shown == shown.strip() else repr(shown)
