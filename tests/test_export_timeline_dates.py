"""EDTF dates as TimelineJS places them: only the parts each date knows, integers in
range, ends after starts, and in words (`display_date`) whatever the parts cannot say."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_edtf import ACCEPTED, EDTF_PIECES, SIMPLE_FORMS
from test_export_timelinejs import check_date, padded

from tui.export.timeline_dates import timeline_dates
from tui.model.edtf import EdtfError, parse_edtf

PLAIN = re.compile(r"-?[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?")  # a date TimelineJS says

# -- dates -------------------------------------------------------------------------------

DATES: dict[str, tuple[dict[str, int], dict[str, int] | None, str | None]] = {
    "2019-02-09": ({"year": 2019, "month": 2, "day": 9}, None, None),
    "2019-02": ({"year": 2019, "month": 2}, None, None),
    "2013": ({"year": 2013}, None, None),
    "-1985": ({"year": -1986}, None, None),  # 1986 BC: TimelineJS shows -1986 as 1986 BCE
    "0000": ({"year": -1}, None, None),  # 1 BC
    "2003~": ({"year": 2003}, None, "c. 2003"),
    "2019-02-09?": ({"year": 2019, "month": 2, "day": 9}, None, "9 Feb 2019?"),
    "2019-02-09%": ({"year": 2019, "month": 2, "day": 9}, None, "c. 9 Feb 2019?"),
    "201X": ({"year": 2010}, None, "2010s"),
    "1985-04-XX": ({"year": 1985, "month": 4}, None, "Apr 1985 (day unknown)"),
    "2004-XX": ({"year": 2004}, None, "2004 (month unknown)"),
    "2019-21": ({"year": 2019, "month": 3}, None, "Spring 2019"),
    "2019-24": ({"year": 2019, "month": 12}, None, "Winter 2019"),
    "2019-02-11T02:00:00": (
        {"year": 2019, "month": 2, "day": 11, "hour": 2, "minute": 0, "second": 0},
        None,
        "11 Feb 2019 02:00",
    ),
    # Placed in UTC; shown as written, with its zone.
    "2019-02-11T02:00:00+03:00": (
        {"year": 2019, "month": 2, "day": 10, "hour": 23, "minute": 0, "second": 0},
        None,
        "11 Feb 2019 02:00 +03:00",
    ),
    "2019-01-19/2019-02-09": (
        {"year": 2019, "month": 1, "day": 19},
        {"year": 2019, "month": 2, "day": 9},
        None,
    ),
    "1964/2008": ({"year": 1964}, {"year": 2008}, None),
    "2004-06~/2004-08?": ({"year": 2004, "month": 6}, {"year": 2004, "month": 8},
                          "c. Jun 2004 \N{EN DASH} Aug 2004?"),
    "../2019-02-09": ({"year": 2019, "month": 2, "day": 9}, None, "until 9 Feb 2019"),
    "/2019-02-09": ({"year": 2019, "month": 2, "day": 9}, None, "? \N{EN DASH} 9 Feb 2019"),
    "2019-02-09/..": ({"year": 2019, "month": 2, "day": 9}, None, "from 9 Feb 2019"),
    "2019-02-09/": ({"year": 2019, "month": 2, "day": 9}, None, "9 Feb 2019 \N{EN DASH} ?"),
    "2004-06/2004-06": ({"year": 2004, "month": 6}, None, None),
    # An end known to the month only, in the start's month: its last day, said in words.
    "2019-02-09/2019-02": (
        {"year": 2019, "month": 2, "day": 9},
        {"year": 2019, "month": 2, "day": 28},
        "9 Feb 2019 \N{EN DASH} Feb 2019",
    ),
    "2019/2019-01": (
        {"year": 2019},
        {"year": 2019, "month": 1, "day": 31},
        "2019 \N{EN DASH} Jan 2019",
    ),
    # ... or in the start's own day: no span.
    "2019-01-31/2019-01": (
        {"year": 2019, "month": 1, "day": 31}, None, "31 Jan 2019 \N{EN DASH} Jan 2019"
    ),
}


@pytest.mark.parametrize(("text", "expected"), DATES.items())
def test_dates_have_only_the_parts_they_know(
    text: str, expected: tuple[dict[str, int], dict[str, int] | None, str | None]
) -> None:
    assert tuple(timeline_dates(parse_edtf(text))) == expected


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_every_accepted_form_gives_valid_dates(text: str) -> None:
    check_dates_of(text)


def check_dates_of(text: str, *, valid: bool = True) -> None:
    """The dates of `text` are valid TimelineJS dates; `valid=False`: `text` may also not
    be EDTF at all (then there is nothing to check)."""
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        if valid:
            raise
        return
    dates = timeline_dates(parsed)
    check_date(dates.start)
    if dates.end is not None:
        check_date(dates.end)
        assert padded(dates.end) > padded(dates.start)
        assert parsed.is_interval
    # Whatever TimelineJS's own formatting of the parts would not say is said in words.
    ends = text.split("/") if parsed.is_interval else [text]
    if all(PLAIN.fullmatch(end) for end in ends):
        if dates.display is not None:  # only for an end it had to read to its last day
            assert parsed.is_interval and re.fullmatch(r"-?[0-9]{4}(-[0-9]{2})?", ends[1])
            assert dates.end is None or "day" in dates.end
    else:
        assert dates.display == parsed.display()


@given(SIMPLE_FORMS)
def test_simple_forms_give_valid_dates_or_are_refused(text: str) -> None:
    # The shapes of plain dates with any digits (month 99 too): those EDTF refuses have
    # no dates to check; ACCEPTED above are each checked to be read.
    check_dates_of(text, valid=False)


@given(st.lists(EDTF_PIECES, max_size=8).map("".join))
def test_edtf_like_text_gives_valid_dates_or_none(text: str) -> None:
    check_dates_of(text, valid=False)


@given(st.dates(min_value=date(1, 1, 1)), st.integers(0, 2))
def test_a_real_date_keeps_its_precision(day: date, precision: int) -> None:
    text = day.isoformat()[: (4, 7, 10)[precision]]
    parts = timeline_dates(parse_edtf(text)).start
    expected = {"year": day.year, "month": day.month, "day": day.day}
    assert parts == dict(list(expected.items())[: precision + 1])


