"""The small values of a review: times, cleaned text, reviewer names, and change records
read back from a file, where every value is untrusted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_review_helpers import make_bundle

from tui.model.entities import EntryType
from tui.review.changes import Change, Op, RecordShapeError
from tui.review.marks import (
    MAX_NOTE_CHARS,
    Mark,
    canonical_time,
    clean_note,
    clean_text,
    format_time,
    latest_allowed,
    next_time,
    parse_time,
    unsafe_name_reason,
)

AT = "2025-03-01T09:30:00.000123Z"
LATEST = "2030-01-01T00:00:00.000000Z"


def change(**fields: Any) -> dict[str, Any]:
    base = Change("c1", "e1", EntryType.EVENT, Op.MARK, "ed", AT, "f", Mark.VERIFIED).to_json()
    base.update(fields)
    return base


def test_round_trip_of_each_kind_of_change() -> None:
    fingerprint = make_bundle().events[0].fingerprint()
    for original in (
        Change("c1", "q1", EntryType.QUOTE, Op.MARK, "ed", AT, fingerprint, Mark.NEEDS_FIX),
        Change("c2", "q1", EntryType.QUOTE, Op.CLEAR, "ed", AT, fingerprint),
        Change("c3", "q1", EntryType.QUOTE, Op.NOTE, "ed", AT, fingerprint, None, "n1", "Who?"),
        Change("c4", "q1", EntryType.QUOTE, Op.NOTE, "ed", AT, None, None, "n1", None, "c3"),
    ):
        import json

        line = original.line()
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert Change.from_json(json.loads(line), LATEST) == original


def test_a_line_is_ascii_whatever_the_note_holds() -> None:
    note = Change("c", "e1", EntryType.EVENT, Op.NOTE, "Ярослава", AT, None, None, "n",
                  "\x9b2J \u202egnp \x1b]52;c;x\x07 مرحبا")
    line = note.line()
    assert line.isascii()
    assert not any(byte < 0x20 for byte in line[:-1])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "paragraph"}, '"type" must be one of'),
        ({"op": "delete"}, '"op" must be one of'),
        ({"mark": "maybe"}, '"mark" must be one of'),
        ({"mark": ["verified"]}, '"mark" must be one of'),
        ({"reviewer": None}, '"reviewer" must be a non-empty string'),
        ({"reviewer": ""}, '"reviewer" must be a non-empty string'),
        ({"reviewer": "x" * 500}, '"reviewer" is longer than'),
        ({"entry": 7}, '"entry" must be a non-empty string'),
        ({"change": {"a": 1}}, '"change" must be a non-empty string'),
        ({"fingerprint": 12}, '"fingerprint" must be a non-empty string'),
        ({"at": "2025-03-01"}, '"at" is not a usable UTC time'),
        ({"at": "soon"}, '"at" is not a usable UTC time'),
        ({"at": 1740000000}, '"at" must be a non-empty string'),
        # Issue 18.10: neither may crash anything, both are refused.
        ({"at": "0001-01-01T00:00:00+05:00"}, '"at" is not a usable UTC time'),
        ({"at": "9999-12-31T23:59:59.999999+00:00"}, '"at" is not a usable UTC time'),
        ({"at": "1969-12-31T23:59:59.000000Z"}, '"at" is not a usable UTC time'),
        ({"at": "2025-13-40T00:00:00.000000Z"}, '"at" is not a usable UTC time'),
    ],
)
def test_wrong_shapes_sizes_and_times_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordShapeError, match=message):
        Change.from_json(change(**fields), LATEST)


def test_a_huge_note_is_refused() -> None:
    data = change(op="note", note="n1", text="x" * (MAX_NOTE_CHARS + 1))
    with pytest.raises(RecordShapeError, match='"text" is longer than'):
        Change.from_json(data, LATEST)


@pytest.mark.parametrize("key", ["change", "entry", "type", "op", "reviewer", "at"])
def test_missing_keys_are_refused(key: str) -> None:
    data = change()
    del data[key]
    with pytest.raises(RecordShapeError):
        Change.from_json(data, LATEST)


def test_not_an_object() -> None:
    for value in (["verified"], "x", 3, None):
        with pytest.raises(RecordShapeError):
            Change.from_json(value, LATEST)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["change", "entry", "type", "op", "reviewer", "at",
                                        "fingerprint", "mark", "note", "text", "undoes"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=30),
                                 st.lists(st.integers(), max_size=2))))
def test_any_object_is_either_a_change_or_refused_cleanly(data: dict[str, Any]) -> None:
    try:
        parsed = Change.from_json(data, LATEST)
    except RecordShapeError:
        return
    assert parsed.line().isascii()  # whatever came in can be written back out


def test_lone_surrogates_and_controls_in_values_become_visible() -> None:
    parsed = Change.from_json(change(reviewer="bad \ud800 \x1b[2J name"), LATEST)
    assert parsed.reviewer == "bad \ufffd ␛[2J name"


def test_times_are_canonical_utc() -> None:
    assert format_time(datetime(2025, 3, 1, 9, 30, 0, 123, tzinfo=UTC)) == AT
    plus_two = datetime(2025, 3, 1, 11, 30, 0, 123, tzinfo=timezone(timedelta(hours=2)))
    assert format_time(plus_two) == AT
    assert canonical_time("2025-03-01T11:30:00.000123+02:00", LATEST) == AT
    assert canonical_time(AT, LATEST) == AT
    with pytest.raises(ValueError):
        parse_time("2025-03-01T09:30:00")  # no offset
    with pytest.raises(ValueError):
        parse_time("0001-01-01T00:00:00+05:00")  # cannot be held in UTC


def test_a_day_ahead_is_allowed_more_is_not() -> None:
    now = datetime.now(UTC)
    soon = format_time(now + timedelta(hours=20))
    assert canonical_time(soon, latest_allowed()) == soon
    with pytest.raises(ValueError):
        canonical_time(format_time(now + timedelta(days=3)), latest_allowed())


def test_next_time_is_after_the_previous_change() -> None:
    ahead = format_time(datetime.now(UTC) + timedelta(hours=12))
    assert next_time(ahead) == format_time(parse_time(ahead) + timedelta(microseconds=1))
    assert next_time(None) <= format_time(datetime.now(UTC))


def test_clean_note() -> None:
    assert clean_note(None) is None
    assert clean_note(" \n\t") is None
    assert clean_note("  keep spacing ") == "  keep spacing "
    assert clean_note("bad \ud800 surrogate") == "bad \ufffd surrogate"
    assert clean_note("two\r\nlines\tand \x1b]0;t\x07") == "two\nlines and ␛]0;t␇"
    assert clean_text("\u202eevil \x9b") == "\ufffdevil \ufffd"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ada", None),
        ("María José", None),
        ("bad\udcffbyte", "not valid UTF-8"),
        ("  ", "empty"),
        ("ev\x1b]0;il\x07", "control characters"),
        ("x" * 200, "longer than"),
    ],
)
def test_reviewer_names(name: str, reason: str | None) -> None:
    found = unsafe_name_reason(name)
    assert (found is None) if reason is None else (found is not None and reason in found)
