"""Review files of the first format (`baghouz-review/1`, `STORY.review.json`): read as changes.

That format kept one record per entry: the latest mark and one shared note, with the
reviewer and time of the last change. Each record becomes the changes that say the same in
the log: a `mark` (or, for a record with neither, a `clear`) and a `note` by that reviewer.
Their ids are derived from the record, so reading the same file twice, or by two editors
upgrading at once, never counts a record twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tui.fileio import FileTooLarge, NotRegularFile, SymlinkRefused, lock_beside, read_regular
from tui.model.entities import EntryType
from tui.review.changes import Change, Op, RecordShapeError
from tui.review.errors import ReviewFormatError
from tui.review.log import MAX_FILE_BYTES
from tui.review.marks import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    Mark,
    canonical_time,
    clean_text,
    latest_allowed,
)

LEGACY_FORMAT = "baghouz-review/1"


class LegacyRead(NamedTuple):
    changes: list[Change]
    problems: list[str]
    changed: bool  # the file differs from the last read (or is read for the first time)


class LegacyFile:
    """A `baghouz-review/1` file, read whole again whenever it changes."""

    def __init__(self, path: Path, story_id: str) -> None:
        self.path = Path(path)
        self.story_id = story_id
        self._seen: tuple[int, int, int, int] | None = None

    @property
    def lock_path(self) -> Path:
        return lock_beside(self.path)

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def read(self, *, force: bool = False) -> LegacyRead:
        """Its changes when it changed since the last read (all of them: duplicates are
        ignored by the state). Raises ReviewFormatError or OSError."""
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            self._seen = None
            return LegacyRead([], [], False)
        seen = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if seen == self._seen and not force:
            return LegacyRead([], [], False)
        try:
            data = read_regular(self.path, limit=MAX_FILE_BYTES)
        except SymlinkRefused:
            raise ReviewFormatError("it is a symbolic link, never read", self.path) from None
        except (NotRegularFile, FileTooLarge) as error:
            raise ReviewFormatError(f"it {error.strerror}", self.path) from None
        changes, problems = legacy_changes(data, self.story_id)
        self._seen = seen
        return LegacyRead(changes, problems, True)


def legacy_changes(data: bytes, story_id: str) -> tuple[list[Change], list[str]]:
    """The changes a v1 file says. Raises ReviewFormatError for a file that is not a v1
    review of this story; a malformed record is a problem and is skipped."""
    import json

    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ReviewFormatError(f"it is not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise ReviewFormatError(f"it is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except (ValueError, RecursionError) as exc:
        raise ReviewFormatError("it is not valid JSON") from exc
    if not isinstance(doc, dict):
        raise ReviewFormatError("it is not a JSON object")
    if doc.get("format") != LEGACY_FORMAT:
        shown = clean_text(str(doc.get("format")))[:60]
        raise ReviewFormatError(f'its "format" is {shown!r}, not {LEGACY_FORMAT!r}')
    if doc.get("story") != story_id:
        shown = clean_text(str(doc.get("story")))[:60]
        raise ReviewFormatError(f"it is for story {shown!r}, not {story_id!r}")
    marks = doc.get("marks")
    if not isinstance(marks, dict):
        raise ReviewFormatError('its "marks" is not an object')
    latest = latest_allowed()
    changes: list[Change] = []
    problems: list[str] = []
    for entry_id, record in marks.items():
        try:
            changes.extend(_record_changes(entry_id, record, latest))
        except RecordShapeError as error:
            shown = clean_text(entry_id[:60])
            problems.append(f"the mark for {shown!r} was skipped: {error}")
    return changes, problems


def _record_changes(entry_id: str, record: object, latest: str) -> list[Change]:
    if not isinstance(record, Mapping):
        raise RecordShapeError("a mark record must be an object")
    if not entry_id or len(entry_id) > 256:
        raise RecordShapeError("its id is empty or too long")
    try:
        entry_type = EntryType(str(record.get("type")))
    except ValueError:
        raise RecordShapeError('"type" is not event, actor or quote') from None
    mark_value = record.get("mark")
    try:
        mark = Mark(mark_value) if mark_value is not None else None
    except ValueError:
        raise RecordShapeError('"mark" is not a known mark') from None
    reviewer = _text(record, "reviewer", MAX_NAME_CHARS, required=True)
    note = _text(record, "note", MAX_NOTE_CHARS, required=False)
    fingerprint = _text(record, "fingerprint", 128, required=False)
    at_value = _text(record, "at", 64, required=True)
    assert reviewer is not None and at_value is not None
    try:
        at = canonical_time(at_value, latest)
    except ValueError:
        raise RecordShapeError(f'"at" is not a usable UTC time: {at_value[:40]!r}') from None
    reviewer = clean_text(reviewer)
    seed = f"{entry_id}\0{reviewer}\0{at}"
    verdict = Change(
        _derived_id("m", seed), clean_text(entry_id), entry_type,
        Op.MARK if mark is not None else Op.CLEAR, reviewer, at, fingerprint, mark,
    )
    found = [verdict]
    if note is not None and note.strip():
        note_id = _derived_id("n", seed)
        found.append(
            Change(note_id, verdict.entry_id, entry_type, Op.NOTE, reviewer, at, fingerprint,
                   None, note_id, clean_text(note))
        )
    return found


def _derived_id(kind: str, seed: str) -> str:
    digest = hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:16]
    return f"v1{kind}-{digest}"


def _text(record: Mapping[str, Any], key: str, limit: int, *, required: bool) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise RecordShapeError(f'"{key}" must be a string')
    if len(value) > limit:
        raise RecordShapeError(f'"{key}" is longer than {limit:,} characters')
    return value
