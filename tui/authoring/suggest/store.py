"""Rejected suggestions, remembered so they are not offered again.

One small JSON file per story, beside the review file (`STORY.suggestions.json` beside
`STORY.toml`, or in the data directory where the story's folder is not writable). Written
as the review file is: under a lock, merged with what is on disk (two editors rejecting at
once both count), atomically, never through a symbolic link; a corrupt file is set aside,
never silently replaced.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui.authoring.suggest.model import Suggestion
from tui.review.storage import atomic_write, review_path_for, set_aside_file

STORE_FORMAT = "baghouz-tui-suggestions/1"


class SuggestionStoreError(Exception):
    """A rejection could not be saved; the message is for the user."""


def store_path_for(bundle_path: Path, story_id: str, *, prefer_beside: bool = True) -> Path:
    """Beside the story's review file: `prefer_beside=False` (the shipped story) keeps it
    in the data directory, as the app does the review."""
    review = review_path_for(bundle_path, prefer_beside=prefer_beside, story_id=story_id)
    return review.with_name(review.name.removesuffix(".review.json") + ".suggestions.json")


class SuggestionStore:
    def __init__(self, path: Path, story_id: str) -> None:
        self.path = Path(path)
        self.story_id = story_id

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def rejected(self) -> dict[str, dict[str, Any]]:
        """Key -> what was rejected. Never raises: an unreadable file counts as empty."""
        try:
            data = self.path.read_bytes()
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
        if self.path.is_symlink():
            raise SuggestionStoreError(
                f"{self.path} is a symbolic link; not writing rejections through it"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                records = self._read_for_update()
                change(records)
                atomic_write(self.path, _dump(self.story_id, records))
        except OSError as error:
            raise SuggestionStoreError(
                f"could not save rejections to {self.path}: {error.strerror or error}"
            ) from error

    def _read_for_update(self) -> dict[str, dict[str, Any]]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            return _parse(data, self.story_id)
        except ValueError:
            set_aside_file(self.path)  # keep what was there; start afresh beside it
            return {}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


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
