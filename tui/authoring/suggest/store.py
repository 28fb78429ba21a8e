"""Rejected suggestions, remembered so they are not offered again.

One small JSON file per story, beside the review file (`STORY.suggestions.json` beside
`STORY.toml`, or in the data directory where the story's folder is not writable). Written
with `tui.fileio`: under a lock taken with a timeout, merged with what is on disk (two
editors rejecting at once both count), atomically, never through a symbolic link; read
capped and never from a FIFO; a corrupt file is set aside, never silently replaced.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tui.authoring.suggest.model import Suggestion
from tui.fileio import (
    FileLock,
    SymlinkRefused,
    atomic_write,
    lock_beside,
    read_regular,
    shown_path,
)
from tui.review.storage import review_path_for, set_aside_file

STORE_FORMAT = "baghouz-tui-suggestions/1"
MAX_BYTES = 16 * 1024 * 1024  # thousands of rejections are a few hundred kB
LOCK_SECONDS = 2.0


class SuggestionStoreError(Exception):
    """A rejection could not be saved; the message is for the user."""


def store_path_for(bundle_path: Path, story_id: str, *, prefer_beside: bool = True) -> Path:
    """Beside the story's review file: `prefer_beside=False` (the shipped story) keeps it
    in the data directory, as the app does the review."""
    review = review_path_for(bundle_path, prefer_beside=prefer_beside, story_id=story_id)
    stem = review.name.removesuffix(".review.jsonl").removesuffix(".review.json")
    return review.with_name(stem + ".suggestions.json")


class SuggestionStore:
    def __init__(self, path: Path, story_id: str) -> None:
        self.path = Path(path)
        self.story_id = story_id

    @property
    def lock_path(self) -> Path:
        return lock_beside(self.path)

    def rejected(self) -> dict[str, dict[str, Any]]:
        """Key -> what was rejected. Never raises: an unreadable file counts as empty."""
        try:
            data = read_regular(self.path, limit=MAX_BYTES)
        except OSError:
            return {}
        try:
            return _parse(data, self.story_id)
        except ValueError:
            return {}

    def reject(self, suggestion: Suggestion, reviewer: str | None = None) -> None:
        record = {
            "type": suggestion.type,
            "kind": suggestion.kind,
            "text": suggestion.text,
            "paragraph": suggestion.sources[0].paragraph,
            "by": reviewer,
            "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        self._update(lambda records: records.__setitem__(suggestion.key, record))

    def restore(self, key: str) -> None:
        """Offer a rejected suggestion again (undo)."""
        self._update(lambda records: records.pop(key, None))

    def _update(self, change: Any) -> None:
        shown = shown_path(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.lock_path, timeout=LOCK_SECONDS):
                records = self._read_for_update()
                change(records)
                atomic_write(self.path, _dump(self.story_id, records))
        except SymlinkRefused:
            raise SuggestionStoreError(
                f"{shown} is a symbolic link; not writing rejections through it"
            ) from None
        except OSError as error:
            raise SuggestionStoreError(
                f"could not save rejections to {shown}: {error.strerror or error}"
            ) from error

    def _read_for_update(self) -> dict[str, dict[str, Any]]:
        try:
            data = read_regular(self.path, limit=MAX_BYTES)
        except FileNotFoundError:
            return {}
        try:
            return _parse(data, self.story_id)
        except ValueError:
            set_aside_file(self.path)  # keep what was there; start afresh beside it
            return {}


def _parse(data: bytes, story_id: str) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ValueError("not a JSON file") from error
    if not isinstance(doc, dict) or doc.get("format") != STORE_FORMAT:
        raise ValueError("not a suggestions file")
    if doc.get("story") != story_id:
        raise ValueError(f"for story {doc.get('story')!r}")
    rejected = doc.get("rejected")
    if not isinstance(rejected, dict):
        raise ValueError('no "rejected" object')
    return {str(k): v for k, v in rejected.items() if isinstance(v, dict)}


def _dump(story_id: str, records: dict[str, dict[str, Any]]) -> bytes:
    doc = {
        "format": STORE_FORMAT,
        "story": story_id,
        "rejected": {key: records[key] for key in sorted(records)},
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
