"""Mark records: JSON round trip, shape checks, times and notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from test_review_helpers import make_bundle

from tui.model.entities import EntryType
from tui.review.marks import (
    Mark,
    MarkRecord,
    RecordShapeError,
    clean_note,
    format_time,
    next_time,
    parse_time,
)

AT = datetime(2025, 3, 1, 9, 30, 0, 123, tzinfo=UTC)


def test_round_trip() -> None:
    fingerprint = make_bundle().events[0].fingerprint()
    rec = MarkRecord(EntryType.QUOTE, Mark.NEEDS_FIX, "Wrong speaker", "ed", AT, fingerprint)
    data = rec.to_json()
    assert data == {
        "type": "quote",
        "mark": "needs-fix",
        "note": "Wrong speaker",
        "reviewer": "ed",
        "at": "2025-03-01T09:30:00.000123Z",
        "fingerprint": fingerprint,
    }
    assert MarkRecord.from_json(data) == rec


def test_tombstone() -> None:
    rec = MarkRecord(EntryType.EVENT, None, None, "ed", AT, None)
    assert rec.is_empty
    assert MarkRecord.from_json(rec.to_json()) == rec
    assert not MarkRecord(EntryType.EVENT, None, "n", "ed", AT, None).is_empty


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "paragraph"}, '"type" must be one of'),
        ({"mark": "maybe"}, '"mark" must be one of'),
        ({"mark": ["verified"]}, '"mark" must be one of'),
        ({"note": 3}, '"note" must be a string or null'),
        ({"reviewer": None}, '"reviewer" must be a string'),
        ({"at": "2025-03-01"}, '"at" is not an ISO 8601 UTC time'),
        ({"at": "soon"}, '"at" is not an ISO 8601 UTC time'),
        ({"fingerprint": 12}, '"fingerprint" must be a string or null'),
    ],
)
def test_wrong_shapes_are_rejected(change: dict[str, object], message: str) -> None:
    data = {**MarkRecord(EntryType.EVENT, Mark.VERIFIED, None, "ed", AT, "f").to_json(), **change}
    with pytest.raises(RecordShapeError, match=message):
        MarkRecord.from_json(data)


@pytest.mark.parametrize("key", ["type", "mark", "note", "reviewer", "at", "fingerprint"])
def test_missing_keys_are_rejected(key: str) -> None:
    data = MarkRecord(EntryType.EVENT, Mark.VERIFIED, None, "ed", AT, "f").to_json()
    del data[key]
    with pytest.raises(RecordShapeError):
        MarkRecord.from_json(data)


def test_not_an_object() -> None:
    with pytest.raises(RecordShapeError):
        MarkRecord.from_json(["verified"])


def test_times_are_utc_iso_8601() -> None:
    assert format_time(AT) == "2025-03-01T09:30:00.000123Z"
    plus_two = AT.astimezone(timezone(timedelta(hours=2)))
    assert format_time(plus_two) == "2025-03-01T09:30:00.000123Z"
    assert parse_time("2025-03-01T11:30:00.000123+02:00") == AT
    assert parse_time("2025-03-01T09:30:00.000123Z").tzinfo == UTC
    with pytest.raises(ValueError):
        parse_time("2025-03-01T09:30:00")


def test_next_time_is_after_the_previous_record() -> None:
    future = datetime.now(UTC) + timedelta(days=1)
    rec = MarkRecord(EntryType.EVENT, Mark.VERIFIED, None, "ed", future, "f")
    assert next_time(rec) == future + timedelta(microseconds=1)
    assert next_time(None) <= datetime.now(UTC)


def test_clean_note() -> None:
    assert clean_note(None) is None
    assert clean_note(" \n\t") is None
    assert clean_note("  keep spacing ") == "  keep spacing "
    assert clean_note("bad \ud800 surrogate") == "bad \ufffd surrogate"
