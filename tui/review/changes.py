"""One change to a review, as it is kept in the log: who did what to which entry, when.

A change is never edited or removed once written. `mark` sets the reviewer's verdict,
`clear` withdraws it, `note` writes (or, with no text, withdraws) one note of a thread, and
`rename` says the entry now has the id `to` (an edit renamed it): its review goes along.
Every value read back is untrusted: `Change.from_json` checks each type, size and time
and says what is wrong, so a crafted line is reported and skipped, never a crash.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from tui.model.entities import EntryType
from tui.review.marks import (
    EARLIEST,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Mark,
    canonical_time,
    clean_text,
)

MAX_ID_CHARS = 256
MAX_FINGERPRINT_CHARS = 128
_E = TypeVar("_E", bound=StrEnum)


class Op(StrEnum):
    MARK = "mark"
    CLEAR = "clear"
    NOTE = "note"
    RENAME = "rename"


class RecordShapeError(ValueError):
    """A stored change does not have the expected shape."""


class Change(NamedTuple):
    change_id: str
    entry_id: str
    entry_type: EntryType
    op: Op
    reviewer: str
    at: str  # canonical UTC time, see tui.review.marks
    fingerprint: str | None  # the entry's fingerprint when the change was made
    mark: Mark | None = None  # op "mark"
    note_id: str | None = None  # op "note": which note of the thread
    text: str | None = None  # op "note": the note's new text; None withdraws it
    undoes: str | None = None  # the change this one undoes, if it is an undo
    to: str | None = None  # op "rename": the entry's new id

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "change": self.change_id,
            "entry": self.entry_id,
            "type": self.entry_type.value,
            "op": self.op.value,
            "reviewer": self.reviewer,
            "at": self.at,
            "fingerprint": self.fingerprint,
        }
        if self.op is Op.MARK:
            data["mark"] = self.mark.value if self.mark else None
        elif self.op is Op.NOTE:
            data["note"] = self.note_id
            data["text"] = self.text
        elif self.op is Op.RENAME:
            data["to"] = self.to
        if self.undoes is not None:
            data["undoes"] = self.undoes
        return data

    def line(self) -> bytes:
        """The change as one line of the log: compact JSON, ASCII only (every other
        character escaped), so the file can never put a control sequence on a terminal."""
        import json

        return json.dumps(self.to_json(), separators=(",", ":")).encode("ascii") + b"\n"

    @classmethod
    def from_json(cls, data: object, latest: str) -> Change:
        """Build a change from its JSON form; RecordShapeError on any wrong shape, size or
        time (none before 1970 or after `latest`)."""
        if type(data) is dict:
            fast = _well_formed(data, latest)
            if fast is not None:
                return fast
        if not isinstance(data, Mapping):
            raise RecordShapeError("a change must be a JSON object")
        op = _enum(data, "op", Op)
        entry_type = _enum(data, "type", EntryType)
        at_text = _string(data, "at", 64)
        try:
            at = canonical_time(at_text, latest)
        except ValueError:
            raise RecordShapeError(f'"at" is not a usable UTC time: {at_text[:40]!r}') from None
        mark = note_id = text = to = None
        if op is Op.MARK:
            mark = _enum(data, "mark", Mark)
        elif op is Op.NOTE:
            note_id = _string(data, "note", MAX_ID_CHARS)
            text = _optional(data, "text", MAX_NOTE_CHARS)
            text = clean_text(text) if text is not None else None
        elif op is Op.RENAME:
            to = clean_text(_string(data, "to", MAX_ID_CHARS))
        undoes = _optional(data, "undoes", MAX_ID_CHARS) if "undoes" in data else None
        return cls(
            change_id=_string(data, "change", MAX_ID_CHARS),
            entry_id=clean_text(_string(data, "entry", MAX_ID_CHARS)),
            entry_type=entry_type,
            op=op,
            reviewer=clean_text(_string(data, "reviewer", MAX_NAME_CHARS)),
            at=at,
            fingerprint=_optional(data, "fingerprint", MAX_FINGERPRINT_CHARS),
            mark=mark,
            note_id=note_id,
            text=text,
            undoes=undoes,
            to=to,
        )


_OPS = {op.value: op for op in Op}
_TYPES = {kind.value: kind for kind in EntryType}
_MARKS = {mark.value: mark for mark in Mark}


def _lookup(table: dict[str, _E], value: object) -> _E | None:
    return table.get(value) if type(value) is str else None


def _text_ok(value: object, limit: int) -> bool:
    return type(value) is str and 0 < len(value) <= limit and value.isprintable()


def _well_formed(data: dict[str, Any], latest: str) -> Change | None:
    """The change, when every value is exactly as this program writes it (nearly every line
    of a log): a few type checks instead of the full ones. None sends it to those."""
    op = _lookup(_OPS, data.get("op"))
    if op is Op.RENAME:
        return None  # rare: the full checks
    kind = _lookup(_TYPES, data.get("type"))
    change_id, entry, at = data.get("change"), data.get("entry"), data.get("at")
    who = data.get("reviewer")
    fingerprint = data.get("fingerprint", "")
    if op is None or kind is None or "fingerprint" not in data:
        return None
    if not (_text_ok(change_id, MAX_ID_CHARS) and _text_ok(entry, MAX_ID_CHARS)
            and _text_ok(who, MAX_NAME_CHARS)):
        return None
    if fingerprint is not None and not _text_ok(fingerprint, MAX_FINGERPRINT_CHARS):
        return None
    # Canonical time: 2025-03-01T09:30:00.000123Z, in range, and a real date.
    if type(at) is not str or len(at) != 27 or at[10] != "T" or at[19] != "." or at[26] != "Z":
        return None
    if not (at.isascii() and EARLIEST <= at <= latest):
        return None
    try:
        datetime.fromisoformat(at)
    except ValueError:
        return None
    mark = note = text = None
    if op is Op.MARK:
        mark = _lookup(_MARKS, data.get("mark"))
        if mark is None:
            return None
    elif op is Op.NOTE:
        note, text = data.get("note"), data.get("text", "")
        if not _text_ok(note, MAX_ID_CHARS) or "text" not in data:
            return None
        if text is not None and not (type(text) is str and len(text) <= MAX_NOTE_CHARS
                                     and text.isprintable() and text.strip()):
            return None  # line breaks, or anything to clean: the full checks
    undoes = data.get("undoes")
    if undoes is not None and not _text_ok(undoes, MAX_ID_CHARS):
        return None
    return Change(change_id, entry, kind, op, who, at, fingerprint, mark, note, text, undoes)  # type: ignore[arg-type]


def new_id() -> str:
    """A fresh change or note id: 64 random bits, as 16 hex digits."""
    return os.urandom(8).hex()


def _enum(data: Mapping[Any, Any], key: str, enum: type[_E]) -> _E:
    value = data.get(key)
    try:
        if not isinstance(value, str):
            raise TypeError(key)
        return enum(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(m.value) for m in enum)
        raise RecordShapeError(f'"{key}" must be one of {allowed}, not {_short(value)}') from None


def _string(data: Mapping[Any, Any], key: str, limit: int) -> str:
    if key not in data:
        raise RecordShapeError(f'missing "{key}"')
    value = data[key]
    if not isinstance(value, str) or not value:
        raise RecordShapeError(f'"{key}" must be a non-empty string, not {_short(value)}')
    if len(value) > limit:
        raise RecordShapeError(f'"{key}" is longer than {limit:,} characters')
    return value


def _optional(data: Mapping[Any, Any], key: str, limit: int) -> str | None:
    if key not in data:
        raise RecordShapeError(f'missing "{key}"')
    return None if data[key] is None else _string(data, key, limit)


def _short(value: object) -> str:
    if isinstance(value, str):
        return repr(clean_text(value[:40]))
    return type(value).__name__

