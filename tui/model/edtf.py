"""Parse dates written in EDTF (ISO 8601-2, Library of Congress), levels 0 and 1 only.

Accepted, and nothing more (every level 2 feature is rejected with a hint):

* level 0: ``2019-02-09``, ``2019-02``, ``2013``; ``2019-02-11T02:00:00`` with optional ``Z``,
  ``+hh:mm``/``-hh:mm`` or ``+hh``/``-hh`` (seconds are required, no fractions); intervals
  ``2019-01-19/2019-02-09`` whose ends are dates (EDTF excludes time of day in intervals).
* level 1: negative years (``-1985``, any precision, unspecified digits too: ``-01XX``,
  ``-0300-XX``; ``-0000`` is rejected, year 0 is ``0000``);
  ``Y`` years of more than four digits (``Y170000002``, ``Y-170000002``); seasons ``2019-21`` to
  ``2019-24``; a final ``~`` (approximate), ``?`` (uncertain) or ``%`` (both) on a plain date or
  season; unspecified trailing digits ``201X``, ``20XX``, ``2004-XX``, ``1985-04-XX``,
  ``1985-XX-XX``; intervals with qualified dates or seasons as ends, and an open (``..``) or
  unknown (empty) start or end.

As in the level 1 grammar, qualifiers, ``Y`` years and ``X`` digits do not combine with each
other, and ``Y`` years and ``X`` dates cannot be interval ends (``2004-06-XX/2004-07-03`` is a
level 2 example).

Comparison: ``lower``/``upper`` are ``(year, month, day, second_of_day)`` tuples for the first and
last instant the text allows. Years are astronomical (0 is 1 BC), so plain tuple comparison works
for every form. Seasons are northern meteorological ones: Spring is March to May, Summer June to
August, Autumn September to November and Winter December to the end of the next February. A
date-time with an offset is compared in UTC; one without a zone is taken as written.

``display()`` formats (short, for a timeline column; ``--`` stands for an en dash):

* ``9 Feb 2019``, ``Feb 2019``, ``2013``; ``0800`` is ``800``; years up to 0 are shown as BC
  (``-1985`` is ``1986 BC``, ``0000`` is ``1 BC``); ``Y170000002`` is ``year 170000002`` and
  ``Y-170000002`` is ``170000003 BC``.
* ``11 Feb 2019 02:00`` (seconds shown only when not zero), then `` UTC`` for ``Z`` or the
  offset as written, normalised to ``±hh:mm`` (`` +01:00``); the time is shown as written, not
  converted.
* ``c. 2003`` (approximate), ``9 Feb 2019?`` (uncertain), ``c. 9 Feb 2019?`` (both).
* ``201X`` is ``2010s``; ``20XX`` is ``2000--2099`` (a century in digits, since "2000s" is
  ambiguous); ``2004-XX`` is ``2004 (month unknown)``; ``1985-04-XX`` is
  ``Apr 1985 (day unknown)``; ``1985-XX-XX`` is ``1985 (month, day unknown)``; ``-01XX`` is
  ``200 BC--101 BC`` (the years -0199 to -0100), ``-0300-XX`` ``301 BC (month unknown)``.
* ``Spring 2019``, ``Summer 2019``, ``Autumn 2019``, ``Winter 2019``.
* intervals: ``19 Jan -- 9 Feb 2019``, ``19--25 Jan 2019``, ``Jun -- Aug 2004`` when both ends are
  unqualified dates of the same precision in the same year AD, else ``2003 -- 2005`` with each end
  in full; ``until 9 Feb 2019`` / ``from 9 Feb 2019`` for open ends (``..``), and
  ``? -- 9 Feb 2019`` / ``9 Feb 2019 -- ?`` for unknown ones (empty).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tui.model.edtf_grammar import EdtfError, Point, read_form
from tui.model.gregorian import DAY_SECONDS, Instant, days_in_month

__all__ = ["EdtfDate", "EdtfError", "parse_edtf"]


class EdtfDate(NamedTuple):
    """A parsed EDTF date or interval.

    `lower` and `upper` are the earliest and latest instants the text allows, as comparable
    `(year, month, day, second_of_day)` tuples (see the module docstring); None is an open or
    unknown interval end.
    """

    text: str
    lower: tuple[int, ...] | None
    upper: tuple[int, ...] | None
    approximate: bool
    uncertain: bool
    is_interval: bool

    @property
    def sort_key(self) -> tuple[tuple[int, ...], tuple[int, ...], str]:
        """Key for sorted(): lower, then upper, then text; open starts first, open ends last."""
        # (0,) sorts before, and (2,) after, every (1, year, ...).
        lower = (0,) if self.lower is None else (1, *self.lower)
        upper = (2,) if self.upper is None else (1, *self.upper)
        return (lower, upper, self.text)

    def display(self) -> str:
        """Short English text for the date, e.g. `c. 9 Feb 2019?` (formats: module docstring)."""
        return read_form(self.text).display()

    def definitely_before(self, other: EdtfDate) -> bool:
        """True when this ends before `other` can begin, whatever the uncertainty."""
        return self.upper is not None and other.lower is not None and self.upper < other.lower


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF level 0 or 1 string; raise EdtfError saying what is wrong otherwise."""
    # TOML turns an unquoted `date = 2013` into an int; say so instead of failing obscurely.
    if not isinstance(text, str):
        raise EdtfError(f'{text!r} is not a date: write EDTF dates as quoted text, e.g. "2013"')
    return _parse_simple(text) or _parse_any(text)


# --- The fast path ------------------------------------------------------------------------
# Most dates in a story are plain days, months and years, perhaps qualified, or intervals of
# them. These are read here without building what only display() needs; any other form, and
# anything wrong (the full parser words the error), returns None and takes the full parser.

_Simple = tuple[Instant, Instant, bool, bool]  # lower, upper, approximate, uncertain
_End = tuple[Instant | None, Instant | None, bool, bool]
_OPEN: _End = (None, None, False, False)  # an open (..) or unknown (empty) interval end
_SIMPLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%])?")


def _parse_simple(text: str) -> EdtfDate | None:
    if "/" not in text:
        point = _simple_point(text)
        # tuple.__new__: EdtfDate(...) without its Python __new__ (a frame per event)
        return None if point is None else tuple.__new__(EdtfDate, (text, *point, False))
    start_text, _, end_text = text.partition("/")
    start = _simple_end(start_text)
    end = _simple_end(end_text)
    if start is None or end is None:
        return None  # an end that is not simple, or a second "/"
    if start is _OPEN and end is _OPEN:
        return None  # no date at all: an error
    lower, upper = start[0], end[1]
    if lower is not None and upper is not None and lower > upper:
        return None  # starts after it ends: an error
    return EdtfDate(text, lower, upper, start[2] or end[2], start[3] or end[3], True)


def _simple_end(text: str) -> _End | None:
    return _OPEN if text in ("", "..") else _simple_point(text)


def _simple_point(text: str) -> _Simple | None:
    match = _SIMPLE.fullmatch(text)
    if match is None:
        return None
    year_text, month_text, day_text, qualifier = match.groups()
    year = int(year_text)
    # ~ approximate, ? uncertain, % both
    approximate = uncertain = False
    if qualifier is not None:
        approximate, uncertain = qualifier != "?", qualifier != "~"
    last = DAY_SECONDS - 1
    if day_text is not None:  # the commonest: a day
        month, day = int(month_text), int(day_text)
        if not 1 <= month <= 12 or day < 1 or (day > 28 and day > days_in_month(year, month)):
            return None
        return (year, month, day, 0), (year, month, day, last), approximate, uncertain
    if month_text is None:
        return (year, 1, 1, 0), (year, 12, 31, last), approximate, uncertain
    month = int(month_text)
    if not 1 <= month <= 12:
        return None  # a season, or no month at all
    return (
        (year, month, 1, 0),
        (year, month, days_in_month(year, month), last),
        approximate,
        (uncertain),
    )


def _parse_any(text: str) -> EdtfDate:
    """parse_edtf for every form: through the parsed form that display() also uses."""
    parsed = read_form(text)
    if isinstance(parsed, Point):
        return EdtfDate(
            text, parsed.lower, parsed.upper, parsed.approximate, parsed.uncertain, False
        )
    ends = [end for end in (parsed.start, parsed.end) if end is not None]
    return EdtfDate(
        text=text,
        lower=parsed.start.lower if parsed.start else None,
        upper=parsed.end.upper if parsed.end else None,
        approximate=any(end.approximate for end in ends),
        uncertain=any(end.uncertain for end in ends),
        is_interval=True,
    )
