"""Tests for the EDTF (levels 0 and 1) parser in tui.model.edtf."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.edtf import EdtfDate, EdtfError, parse_edtf

END = 86_399  # last second of a day
DASH = "\N{EN DASH}"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Instant = tuple[int, ...] | None

# text -> (lower, upper, approximate, uncertain, is_interval)
ACCEPTED: dict[str, tuple[Instant, Instant, bool, bool, bool]] = {
    # level 0
    "2019-02-09": ((2019, 2, 9, 0), (2019, 2, 9, END), False, False, False),
    "2019-02": ((2019, 2, 1, 0), (2019, 2, 28, END), False, False, False),
    "2020-02": ((2020, 2, 1, 0), (2020, 2, 29, END), False, False, False),
    "2013": ((2013, 1, 1, 0), (2013, 12, 31, END), False, False, False),
    "0800": ((800, 1, 1, 0), (800, 12, 31, END), False, False, False),
    "2020-02-29": ((2020, 2, 29, 0), (2020, 2, 29, END), False, False, False),
    "2000-02-29": ((2000, 2, 29, 0), (2000, 2, 29, END), False, False, False),
    "2019-02-11T02:00:00": ((2019, 2, 11, 7200), (2019, 2, 11, 7200), False, False, False),
    "2019-02-11T02:00:00Z": ((2019, 2, 11, 7200), (2019, 2, 11, 7200), False, False, False),
    "2019-02-11T02:00:00+01:00": ((2019, 2, 11, 3600), (2019, 2, 11, 3600), False, False, False),
    "2019-02-11T02:00:00-05": ((2019, 2, 11, 25200), (2019, 2, 11, 25200), False, False, False),
    # The offset moves the UTC instant into the previous day, month and year...
    "2019-01-01T00:30:00+01:00": (
        (2018, 12, 31, 84600),
        (2018, 12, 31, 84600),
        False,
        False,
        False,
    ),
    # ... or into the next day, here a leap day.
    "2020-02-28T23:30:00-01:00": ((2020, 2, 29, 1800), (2020, 2, 29, 1800), False, False, False),
    "2019-01-19/2019-02-09": ((2019, 1, 19, 0), (2019, 2, 9, END), False, False, True),
    "1964/2008": ((1964, 1, 1, 0), (2008, 12, 31, END), False, False, True),
    "2004-06/2004-06": ((2004, 6, 1, 0), (2004, 6, 30, END), False, False, True),
    # level 1: qualifiers
    "2003~": ((2003, 1, 1, 0), (2003, 12, 31, END), True, False, False),
    "2019-02-09?": ((2019, 2, 9, 0), (2019, 2, 9, END), False, True, False),
    "2019-02-09%": ((2019, 2, 9, 0), (2019, 2, 9, END), True, True, False),
    # level 1: unspecified trailing digits
    "201X": ((2010, 1, 1, 0), (2019, 12, 31, END), False, False, False),
    "20XX": ((2000, 1, 1, 0), (2099, 12, 31, END), False, False, False),
    "2004-XX": ((2004, 1, 1, 0), (2004, 12, 31, END), False, False, False),
    "1985-04-XX": ((1985, 4, 1, 0), (1985, 4, 30, END), False, False, False),
    "1985-XX-XX": ((1985, 1, 1, 0), (1985, 12, 31, END), False, False, False),
    # ... of negative years too (both are level 1): -01XX is one of -0199 to -0100
    "-01XX": ((-199, 1, 1, 0), (-100, 12, 31, END), False, False, False),
    "-03XX": ((-399, 1, 1, 0), (-300, 12, 31, END), False, False, False),
    "-030X": ((-309, 1, 1, 0), (-300, 12, 31, END), False, False, False),
    "-201X": ((-2019, 1, 1, 0), (-2010, 12, 31, END), False, False, False),
    "-000X": ((-9, 1, 1, 0), (-1, 12, 31, END), False, False, False),  # there is no -0000
    "-00XX": ((-99, 1, 1, 0), (-1, 12, 31, END), False, False, False),
    "-0300-XX": ((-300, 1, 1, 0), (-300, 12, 31, END), False, False, False),
    "-0300-XX-XX": ((-300, 1, 1, 0), (-300, 12, 31, END), False, False, False),
    "-0300-04-XX": ((-300, 4, 1, 0), (-300, 4, 30, END), False, False, False),
    "-0004-02-XX": ((-4, 2, 1, 0), (-4, 2, 29, END), False, False, False),  # a leap year
    "0000-XX": ((0, 1, 1, 0), (0, 12, 31, END), False, False, False),
    # level 1: seasons; Winter runs into the next year (2020 is a leap year)
    "2019-21": ((2019, 3, 1, 0), (2019, 5, 31, END), False, False, False),
    "2019-22": ((2019, 6, 1, 0), (2019, 8, 31, END), False, False, False),
    "2019-23": ((2019, 9, 1, 0), (2019, 11, 30, END), False, False, False),
    "2019-24": ((2019, 12, 1, 0), (2020, 2, 29, END), False, False, False),
    "2019-21~": ((2019, 3, 1, 0), (2019, 5, 31, END), True, False, False),
    # level 1: long and negative years (astronomical: 0 is 1 BC, 0 and -4 are leap years)
    "Y170000002": ((170000002, 1, 1, 0), (170000002, 12, 31, END), False, False, False),
    "Y-170000002": ((-170000002, 1, 1, 0), (-170000002, 12, 31, END), False, False, False),
    "-1985": ((-1985, 1, 1, 0), (-1985, 12, 31, END), False, False, False),
    "-1985-04-12": ((-1985, 4, 12, 0), (-1985, 4, 12, END), False, False, False),
    "0000-02-29": ((0, 2, 29, 0), (0, 2, 29, END), False, False, False),
    "-0004-02-29": ((-4, 2, 29, 0), (-4, 2, 29, END), False, False, False),
    # level 1: extended intervals
    "../2019-02-09": (None, (2019, 2, 9, END), False, False, True),
    "/2019-02-09": (None, (2019, 2, 9, END), False, False, True),
    "2019-02-09/..": ((2019, 2, 9, 0), None, False, False, True),
    "2019-02-09/": ((2019, 2, 9, 0), None, False, False, True),
    "2004-06~/2004-08?": ((2004, 6, 1, 0), (2004, 8, 31, END), True, True, True),
    "1984?/2004%": ((1984, 1, 1, 0), (2004, 12, 31, END), True, True, True),
    "-0100/2019": ((-100, 1, 1, 0), (2019, 12, 31, END), False, False, True),
    "2019-24/2020-01": ((2019, 12, 1, 0), (2020, 1, 31, END), False, False, True),
}


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_accepted_forms(text: str) -> None:
    lower, upper, approximate, uncertain, is_interval = ACCEPTED[text]
    parsed = parse_edtf(text)
    assert parsed == EdtfDate(text, lower, upper, approximate, uncertain, is_interval)


# Every example the Library of Congress specification (loc.gov/standards/datetime, 2019) gives
# for levels 0 and 1, with the span it stands for: text -> (lower, upper).
LOC_EXAMPLES: dict[str, tuple[Instant, Instant]] = {
    # level 0: date
    "1985-04-12": ((1985, 4, 12, 0), (1985, 4, 12, END)),
    "1985-04": ((1985, 4, 1, 0), (1985, 4, 30, END)),
    "1985": ((1985, 1, 1, 0), (1985, 12, 31, END)),
    # level 0: date and time, compared in UTC
    "1985-04-12T23:20:30": ((1985, 4, 12, 84030), (1985, 4, 12, 84030)),
    "1985-04-12T23:20:30Z": ((1985, 4, 12, 84030), (1985, 4, 12, 84030)),
    "1985-04-12T23:20:30-04": ((1985, 4, 13, 12030), (1985, 4, 13, 12030)),
    "1985-04-12T23:20:30+04:30": ((1985, 4, 12, 67830), (1985, 4, 12, 67830)),
    # level 0: time interval
    "1964/2008": ((1964, 1, 1, 0), (2008, 12, 31, END)),
    "2004-06/2006-08": ((2004, 6, 1, 0), (2006, 8, 31, END)),
    "2004-02-01/2005-02-08": ((2004, 2, 1, 0), (2005, 2, 8, END)),
    "2004-02-01/2005-02": ((2004, 2, 1, 0), (2005, 2, 28, END)),
    "2004-02-01/2005": ((2004, 2, 1, 0), (2005, 12, 31, END)),
    "2005/2006-02": ((2005, 1, 1, 0), (2006, 2, 28, END)),
    # level 1: letter-prefixed calendar year
    "Y170000002": ((170000002, 1, 1, 0), (170000002, 12, 31, END)),
    "Y-170000002": ((-170000002, 1, 1, 0), (-170000002, 12, 31, END)),
    # level 1: seasons
    "2001-21": ((2001, 3, 1, 0), (2001, 5, 31, END)),
    # level 1: qualification of a date (complete)
    "1984?": ((1984, 1, 1, 0), (1984, 12, 31, END)),
    "2004-06~": ((2004, 6, 1, 0), (2004, 6, 30, END)),
    "2004-06-11%": ((2004, 6, 11, 0), (2004, 6, 11, END)),
    # level 1: unspecified digit(s) from the right
    "201X": ((2010, 1, 1, 0), (2019, 12, 31, END)),
    "20XX": ((2000, 1, 1, 0), (2099, 12, 31, END)),
    "2004-XX": ((2004, 1, 1, 0), (2004, 12, 31, END)),
    "1985-04-XX": ((1985, 4, 1, 0), (1985, 4, 30, END)),
    "1985-XX-XX": ((1985, 1, 1, 0), (1985, 12, 31, END)),
    # level 1: extended interval, open (..) and unknown (empty) ends, qualified ends
    "1985-04-12/..": ((1985, 4, 12, 0), None),
    "1985-04/..": ((1985, 4, 1, 0), None),
    "1985/..": ((1985, 1, 1, 0), None),
    "../1985-04-12": (None, (1985, 4, 12, END)),
    "../1985-04": (None, (1985, 4, 30, END)),
    "../1985": (None, (1985, 12, 31, END)),
    "1985-04-12/": ((1985, 4, 12, 0), None),
    "1985-04/": ((1985, 4, 1, 0), None),
    "1985/": ((1985, 1, 1, 0), None),
    "/1985-04-12": (None, (1985, 4, 12, END)),
    "/1985-04": (None, (1985, 4, 30, END)),
    "/1985": (None, (1985, 12, 31, END)),
    "1984~/2004-06": ((1984, 1, 1, 0), (2004, 6, 30, END)),
    "1984/2004-06~": ((1984, 1, 1, 0), (2004, 6, 30, END)),
    "1984~/2004~": ((1984, 1, 1, 0), (2004, 12, 31, END)),
    "1984?/2004%": ((1984, 1, 1, 0), (2004, 12, 31, END)),
    "1984-06?/2004-08?": ((1984, 6, 1, 0), (2004, 8, 31, END)),
    "1984-06-02?/2004-08-08~": ((1984, 6, 2, 0), (2004, 8, 8, END)),
    "1984-06-02?/": ((1984, 6, 2, 0), None),
    # level 1: negative calendar year
    "-1985": ((-1985, 1, 1, 0), (-1985, 12, 31, END)),
}


@pytest.mark.parametrize("text", list(LOC_EXAMPLES))
def test_every_example_of_the_specification_is_read_as_it_says(text: str) -> None:
    parsed = parse_edtf(text)
    assert (parsed.lower, parsed.upper) == LOC_EXAMPLES[text]
    assert parsed.is_interval == ("/" in text)
    assert parsed.uncertain == any(mark in text for mark in "?%")
    assert parsed.approximate == any(mark in text for mark in "~%")
    assert parsed.display()


# Level 2 examples of the same specification: refused, each with a message that says so or
# names the level 1 form to use instead.
LEVEL_2_EXAMPLES = [
    "Y-17E7", "1950S2", "Y171010000S3", "2001-25", "2001-29", "2004-06-~11", "2004?-06-~11",
    "?2004-06-~11", "156X-12-25", "15XX-12-25", "XXXX-12-XX", "1XXX-XX", "1XXX-12", "1984-1X",
    "[1667,1668,1670..1672]", "[..1760-12-03]", "{1667,1668,1670..1672}", "{1960,1961-12}",
    "2004-06-~01/2004-06-~20", "2004-06-XX/2004-07-03",
]  # fmt: skip


@pytest.mark.parametrize("text", LEVEL_2_EXAMPLES)
def test_level_2_examples_are_refused(text: str) -> None:
    with pytest.raises(EdtfError):
        parse_edtf(text)


DISPLAY = {
    "2019-02-09": "9 Feb 2019",
    "2019-02": "Feb 2019",
    "2013": "2013",
    "0800": "800",
    "2019-02-11T02:00:00": "11 Feb 2019 02:00",
    "2019-02-11T02:00:30": "11 Feb 2019 02:00:30",
    "2019-02-11T02:00:00Z": "11 Feb 2019 02:00 UTC",
    "2019-02-11T02:00:00+01:00": "11 Feb 2019 02:00 +01:00",
    "2019-02-11T02:00:00-05": "11 Feb 2019 02:00 -05:00",
    "2003~": "c. 2003",
    "2019-02-09?": "9 Feb 2019?",
    "2019-02-09%": "c. 9 Feb 2019?",
    "201X": "2010s",
    "20XX": f"2000{DASH}2099",
    "2004-XX": "2004 (month unknown)",
    "1985-04-XX": "Apr 1985 (day unknown)",
    "1985-XX-XX": "1985 (month, day unknown)",
    "-01XX": f"200 BC{DASH}101 BC",
    "-201X": f"2020 BC{DASH}2011 BC",
    "-0300-XX": "301 BC (month unknown)",
    "-0300-04-XX": "Apr 301 BC (day unknown)",
    "-0300-XX-XX": "301 BC (month, day unknown)",
    "2019-21": "Spring 2019",
    "2019-22": "Summer 2019",
    "2019-23": "Autumn 2019",
    "2019-24": "Winter 2019",
    "2019-21?": "Spring 2019?",
    "Y170000002": "year 170000002",
    "Y-170000002": "170000003 BC",
    "-1985": "1986 BC",
    "0000": "1 BC",
    "-0001-03-05": "5 Mar 2 BC",
    "2019-01-19/2019-02-09": f"19 Jan {DASH} 9 Feb 2019",
    "2019-01-19/2019-01-25": f"19{DASH}25 Jan 2019",
    "2004-06/2004-08": f"Jun {DASH} Aug 2004",
    "2018-12-30/2019-01-02": f"30 Dec 2018 {DASH} 2 Jan 2019",
    "2019-02/2019-02-09": f"Feb 2019 {DASH} 9 Feb 2019",
    "1964/2008": f"1964 {DASH} 2008",
    "2004-06~/2004-08?": f"c. Jun 2004 {DASH} Aug 2004?",
    "1984?/2004%": f"1984? {DASH} c. 2004?",
    "../2019-02-09": "until 9 Feb 2019",
    "2019-02-09/..": "from 9 Feb 2019",
    "/2019-02-09": f"? {DASH} 9 Feb 2019",
    "2019-02-09/": f"9 Feb 2019 {DASH} ?",
}


@pytest.mark.parametrize(("text", "shown"), DISPLAY.items())
def test_display(text: str, shown: str) -> None:
    assert parse_edtf(text).display() == shown


# text -> a fragment the error message must contain
REJECTED = {
    "2019-02-30": "February 2019 has 28 days",
    "2019-02-29": "February 2019 has 28 days",
    "1900-02-29": "February 1900 has 28 days",
    "-0001-02-29": "February -1 has 28 days",
    "2019-04-31": "April 2019 has 30 days",
    "2019-02-00": "days run from 01",
    "2019-13": "there is no month 13",
    "2019-00": "there is no month 00",
    "2019-13-01": "there is no month 13",
    "2019-02-11T25:00:00": "hours run 00 to 23",
    "2019-02-11T24:00:00": "hours run 00 to 23",
    "2019-02-11T02:60:00": "minutes run 00 to 59",
    "2019-02-11T02:00:60": "seconds run 00 to 59",
    "2019-02-11T02:00:00+24:00": "UTC offset",
    "2019-02-09T02:00": "a time needs seconds, e.g. 2019-02-09T02:00:00",
    "2019-02-09T02:00Z": "e.g. 2019-02-09T02:00:00Z",
    "2019-02-09T02:00:00.5": "fractions of a second",
    "2019-02-09 02:00:00": "no spaces",
    "2019-02T02:00:00": "a date-time is written like",
    "2019-02-09T02:00:00~": "only plain dates and seasons can end in ?, ~ or %",
    "2005/2004": "did you mean 2004/2005?",
    "2019-02-10/2019-02-09": "after it ends",
    "../..": "at least one end must be a date",
    "/": "at least one end must be a date",
    "../": "at least one end must be a date",
    "/..": "at least one end must be a date",
    "2019/2020/2021": "exactly one '/'",
    "2019-02-30/2019-03-01": "its start 2019-02-30: February 2019 has 28 days",
    "2019/2019-13": "its end 2019-13",
    "2019-02-09T02:00:00/2019-03-01": "without a time of day",
    "Y170000002/..": "a Y year cannot be an interval end",
    "201X/2020": "EDTF level 2",
    "2004-06-XX/2004-07-03": "EDTF level 2",
    "201x": "capital X",
    "2004-xx": "capital X",
    "2004?-06-11": "may only end the whole date",
    "?2004-06": "may only end the whole date",
    "2004-?06-11": "may only end the whole date",
    "2004~?": "may only end the whole date",
    "156X-12-25": "X may only replace final digits",
    "1XXX": "X may only replace final digits",
    "XXXX": "X may only replace final digits",
    "2004-XX-05": "X may only replace final digits",
    "-2XXX": "X may only replace final digits",
    "-0000-XX": "there is no year -0000",
    "-00XX-01": "X may only replace final digits",
    "-01XX/2019": "EDTF level 2",
    "-01XX~": "only plain dates and seasons",
    "201X?": "only plain dates and seasons",
    "1985-04-XX~": "only plain dates and seasons",
    "2019-21-XX": "21 is a season",
    "2019-21-05": "21 is a season",
    "Y17E7": "EDTF level 2",
    "Y170000002S3": "EDTF level 2",
    "Y170000002~": "only plain dates and seasons",
    "Y2019": "five or more digits",
    "Y02019": "five or more digits",
    "[1667,1668]": "EDTF level 2",
    "{1960,1961}": "EDTF level 2",
    "2019-25": "season 25 is EDTF level 2",
    "2019-41": "season 41 is EDTF level 2",
    "2019-42": "there is no month 42",
    "-0000": "there is no year -0000",
    " 2019": "whitespace",
    "2019 ": "whitespace",
    "2019\n": "whitespace",
    "": "it is empty",
    "20190209": "hyphens",
    "10000": "Y prefix",
    "800": "four digits",
    "+2019": "expected a date like",
    "2019-2-9": "expected a date like",
    "yesterday": "expected a date like",
    "\N{ARABIC-INDIC DIGIT TWO}\N{ARABIC-INDIC DIGIT ZERO}19": "expected a date like",
    "Y1" + "0" * 200: "not supported",
}


@pytest.mark.parametrize(("text", "fragment"), REJECTED.items())
def test_rejected_forms(text: str, fragment: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    assert fragment in str(caught.value)


def test_error_message_names_the_text_and_the_fix() -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf("2019-02-30")
    assert str(caught.value) == "2019-02-30 is not a date: February 2019 has 28 days"
    with pytest.raises(EdtfError) as caught:
        parse_edtf(" 2019")
    assert str(caught.value) == "' 2019' is not a date: remove the whitespace before or after it"


def test_edtf_error_is_a_value_error() -> None:
    assert issubclass(EdtfError, ValueError)


def test_non_text_is_an_edtf_error() -> None:
    # An unquoted TOML `date = 2013` arrives as an int.
    with pytest.raises(EdtfError, match="quoted text"):
        parse_edtf(2013)  # type: ignore[arg-type]


def test_edtf_date_is_frozen_and_keeps_its_text() -> None:
    parsed = parse_edtf("2019-02-09")
    assert parsed.text == "2019-02-09"
    assert parsed == parse_edtf("2019-02-09")
    with pytest.raises(AttributeError):
        parsed.text = "2020"  # type: ignore[misc]


def test_sorted_mixed_list() -> None:
    expected = [
        "/2019-01-01",  # unknown start: first, then by upper
        "../2019-02-09",
        "Y-170000002",
        "-1985",
        "0000",
        "2010",
        "201X",  # same start as 2010 but ends later
        "2019",
        "2019-01-19/2019-02-09",
        "2019-02",
        "2019-02-09T02:00:00+05:00",  # 21:00 UTC on 8 Feb
        "2019-02-09",
        "2019-02-09/..",  # same start as 2019-02-09, open end sorts after it
        "2019-02-09T02:00:00",
        "2019-21",
        "Y170000002",
    ]
    shuffled = expected[1::2] + expected[::2][::-1]
    ordered = sorted((parse_edtf(text) for text in shuffled), key=lambda d: d.sort_key)
    assert [d.text for d in ordered] == expected


def test_sort_key_breaks_ties_by_upper_then_text() -> None:
    texts = ["2019-02-09%", "2019-02-09", "2019-02-09?", "2019-02/2019-03", "2019-02"]
    ordered = sorted(texts, key=lambda text: parse_edtf(text).sort_key)
    assert ordered == ["2019-02", "2019-02/2019-03", "2019-02-09", "2019-02-09%", "2019-02-09?"]


@pytest.mark.parametrize(
    ("first", "second", "before"),
    [
        ("2019-02-09", "2019-02-10", True),
        ("2019-02-10", "2019-02-09", False),
        ("2019-02-09", "2019-02-09", False),
        ("2019-02", "2019-02-09", False),  # overlapping
        ("2019-02-09", "2019-02", False),
        ("201X", "2020", True),
        ("201X", "2019-12-31", False),
        ("Y-170000002", "-1985", True),
        ("-1985", "0000", True),
        ("0000", "0001", True),
        ("Y170000002", "2019", False),
        ("2019", "Y170000002", True),
        ("../2019", "2020", True),
        ("2019/..", "2100", False),  # no known end
        ("2019", "../2100", False),  # no known start
        ("2019-24", "2020-02", False),  # Winter 2019 runs into February 2020
        ("2019-24", "2020-03", True),
        ("2019-02-09T23:30:00+01:00", "2019-02-10", True),  # 22:30 UTC on the 9th
        ("2019-02-09T23:30:00-01:00", "2019-02-10", False),  # 00:30 UTC on the 10th
        ("2019-02-11T02:00:00+01:00", "2019-02-11T01:30:00Z", True),
        ("2019-02-11T02:00:00+01:00", "2019-02-11T01:00:00Z", False),  # the same instant
        ("2019-01-19/2019-02-09", "2019-02-10?", True),
    ],
)
def test_definitely_before(first: str, second: str, before: bool) -> None:
    assert parse_edtf(first).definitely_before(parse_edtf(second)) is before


# --- Properties -------------------------------------------------------------------------------

# Fragments that glue into text close to EDTF, so the parser's edges get exercised.
EDTF_PIECES = st.sampled_from(
    [
        *("2019", "-", "02", "09", "29", "13", "T", "02:00:00", "Z", "+01:00", "/", ".."),
        *("~", "?", "%", "X", "XX", "21", "25", "Y", "170000002", "0000", " ", "E", "x", "[", ","),
    ]
)


def check_parse_or_error(text: str) -> None:
    try:
        parsed = parse_edtf(text)
    except EdtfError as error:
        assert str(error)
        return
    assert isinstance(parsed, EdtfDate)
    assert parsed.text == text
    assert parsed.is_interval == ("/" in text)
    assert parsed.display()
    if parsed.lower is not None and parsed.upper is not None and not parsed.is_interval:
        assert parsed.lower <= parsed.upper


@given(st.text())
def test_arbitrary_text_parses_or_raises_edtf_error(text: str) -> None:
    check_parse_or_error(text)


@given(st.lists(EDTF_PIECES, max_size=8).map("".join))
def test_edtf_like_text_parses_or_raises_edtf_error(text: str) -> None:
    check_parse_or_error(text)


@given(st.dates())
def test_real_dates_round_trip(day: date) -> None:
    text = day.isoformat()
    parsed = parse_edtf(text)
    assert parsed.text == text
    assert parsed.lower == (day.year, day.month, day.day, 0)
    assert parsed.upper == (day.year, day.month, day.day, END)
    assert not (parsed.approximate or parsed.uncertain or parsed.is_interval)
    assert parsed.display() == f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_day_is_accepted_exactly_when_the_calendar_has_it(year: int, month: int, day: int) -> None:
    try:
        date(year, month, day)
    except ValueError:
        real = False
    else:
        real = True
    text = f"{year:04}-{month:02}-{day:02}"
    if real:
        assert parse_edtf(text).lower == (year, month, day, 0)
    else:
        with pytest.raises(EdtfError, match="days"):
            parse_edtf(text)


@given(
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59),
)
def test_offsets_are_compared_in_utc(local: datetime, offset_minutes: int) -> None:
    local = local.replace(microsecond=0)
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = f"{local.isoformat()}{sign}{hours:02}:{minutes:02}"
    utc = local - timedelta(minutes=offset_minutes)
    seconds = utc.hour * 3600 + utc.minute * 60 + utc.second
    parsed = parse_edtf(text)
    assert parsed.lower == parsed.upper == (utc.year, utc.month, utc.day, seconds)


@given(st.dates(), st.dates())
def test_definitely_before_matches_calendar_order(first: date, second: date) -> None:
    a, b = parse_edtf(first.isoformat()), parse_edtf(second.isoformat())
    assert a.definitely_before(b) == (first < second)
    assert (a.sort_key < b.sort_key) == (first < second)


SIMPLE_POINTS = st.builds(
    lambda year, month, day, parts, qualifier: "-".join(
        [f"{year:04}", f"{month:02}", f"{day:02}"][:parts]
    )
    + qualifier,
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(1, 3),
    st.sampled_from(["", "", "?", "~", "%"]),
)
SIMPLE_FORMS = SIMPLE_POINTS | st.builds(
    lambda start, end: f"{start}/{end}",
    SIMPLE_POINTS | st.sampled_from(["", "..", "2019-21", "201X"]),
    SIMPLE_POINTS | st.sampled_from(["", "..", "2019-02-09/2019", "2019-02-11T02:00:00"]),
)


@given(SIMPLE_FORMS)
def test_the_fast_path_agrees_with_the_full_parser(text: str) -> None:
    """Plain dates, qualified or not, and intervals of them are read without the full
    parser: the answers, and the errors, must be the same."""
    from tui.model.edtf import _parse_any

    try:
        expected: EdtfDate | str = _parse_any(text)
    except EdtfError as error:
        expected = str(error)
    try:
        got: EdtfDate | str = parse_edtf(text)
    except EdtfError as error:
        got = str(error)
    assert got == expected
