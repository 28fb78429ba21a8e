"""Review marks: what an editor said about one entry, and how it is stored as JSON."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from typing import Any, NamedTuple, TypeVar

from tui.model.entities import EntryType

_E = TypeVar("_E", bound=Enum)
_SURROGATE = "[\ud800-\udfff]"  # compiled by `re` at the first note, not at start-up


class Mark(StrEnum):
    """An editor's verdict on an entry."""

    VERIFIED = "verified"
    DISPUTED = "disputed"
    NEEDS_FIX = "needs-fix"


class RecordShapeError(ValueError):
    """A stored mark record does not have the expected shape."""


class MarkRecord(NamedTuple):
    """The latest change to one entry's review state.

    A record with neither mark nor note is a tombstone: it says "cleared at `at`",
    so a clear wins a merge against an older mark written by another process.
    `fingerprint` is the entry's fingerprint when the mark was set (or, with no mark,
    when the note was written); a different current fingerprint makes it stale.
    """

    entry_type: EntryType
    mark: Mark | None
    note: str | None
    reviewer: str
    at: datetime  # timezone-aware, UTC
    fingerprint: str | None

    @property
    def is_empty(self) -> bool:
        """True for a tombstone: no mark and no note."""
        return self.mark is None and self.note is None

    @property
    def at_text(self) -> str:
        return format_time(self.at)

    def newer_than(self, other: MarkRecord | None) -> bool:
        return other is None or self.at > other.at

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.entry_type.value,
            "mark": self.mark.value if self.mark else None,
            "note": self.note,
            "reviewer": self.reviewer,
            "at": self.at_text,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_json(cls, data: object) -> MarkRecord:
        """Build a record from its JSON form; raise RecordShapeError on any wrong shape."""
        if not isinstance(data, Mapping):
            raise RecordShapeError("a mark record must be an object")
        entry_type = _enum_field(data, "type", EntryType, nullable=False)
        assert entry_type is not None
        mark = _enum_field(data, "mark", Mark, nullable=True)
        note = _str_field(data, "note", nullable=True)
        reviewer = _str_field(data, "reviewer", nullable=False)
        assert reviewer is not None
        at_text = _str_field(data, "at", nullable=False)
        assert at_text is not None
        fingerprint = _str_field(data, "fingerprint", nullable=True)
        try:
            at = parse_time(at_text)
        except ValueError as exc:
            raise RecordShapeError(f'"at" is not an ISO 8601 UTC time: {at_text!r}') from exc
        return cls(entry_type, mark, note, reviewer, at, fingerprint)


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(at: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. 2025-03-01T09:30:00.000123Z."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time that carries a UTC offset; raise ValueError otherwise."""
    at = datetime.fromisoformat(text)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"time has no UTC offset: {text!r}")
    return at.astimezone(UTC)


def next_time(previous: MarkRecord | None) -> datetime:
    """Now, but always later than `previous`, so a change beats the record it replaces
    even if this machine's clock is behind the one that wrote `previous`."""
    now = utc_now()
    if previous is not None and now <= previous.at:
        return previous.at + timedelta(microseconds=1)
    return now


def clean_note(text: str | None) -> str | None:
    """A note as stored: None for blank; lone surrogates (unencodable) become U+FFFD."""
    if text is None or not text.strip():
        return None
    return re.sub(_SURROGATE, "\ufffd", text)


def _enum_field(data: Mapping[Any, Any], key: str, enum: type[_E], *, nullable: bool) -> _E | None:
    value = data.get(key)
    if value is None and nullable and key in data:
        return None
    try:
        return enum(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(m.value) for m in enum)
        null = " or null" if nullable else ""
        raise RecordShapeError(f'"{key}" must be one of {allowed}{null}, not {value!r}') from None


def _str_field(data: Mapping[Any, Any], key: str, *, nullable: bool) -> str | None:
    if key not in data:
        raise RecordShapeError(f'missing "{key}"')
    value = data[key]
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        kind = "a string or null" if nullable else "a string"
        raise RecordShapeError(f'"{key}" must be {kind}, not {type(value).__name__}')
    return value
