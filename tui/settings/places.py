"""Where each story was left (the pane, each list's entry, the article's paragraph), so
that reopening it puts the editor back there. `places.json` in the XDG state folder.

The app's own file: written whole and atomically when the app quits, never through a
symbolic link, at most MAX_STORIES stories (the least recently closed go first). A file
that cannot be read is started afresh; a place that no longer fits the story (an entry
deleted since) is ignored where it does not fit.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path

from tui.fileio import FileLock, atomic_write, lock_beside, read_regular
from tui.settings.file import LOCK_SECONDS

MAX_BYTES = 1 << 20
MAX_STORIES = 200
VERSION = 1

Place = Mapping[str, str]  # "pane" -> pane name; "timeline", ... -> entry or paragraph id


def story_key(bundle_path: str, story_id: str) -> str:
    """One story file: its id and where it is (two copies of a story are two places)."""
    try:
        where = str(Path(bundle_path).resolve())
    except OSError:
        where = bundle_path
    return f"{story_id}@{where}"


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(read_regular(path, limit=MAX_BYTES))
    except (OSError, ValueError):
        return {}
    stories = data.get("stories") if isinstance(data, dict) else None
    if not isinstance(stories, dict):
        return {}
    return {
        key: {k: v for k, v in place.items() if isinstance(k, str) and isinstance(v, str)}
        for key, place in stories.items()
        if isinstance(key, str) and isinstance(place, dict)
    }


def load_place(key: str, path: Path | None = None) -> dict[str, str]:
    """Where the story was left, or {} (never raises)."""
    if path is None:
        from tui.settings.paths import places_path

        path = places_path()
    return _read(path).get(key, {})


def save_place(key: str, place: Place, path: Path | None = None) -> None:
    """Record where the story is left. Raises OSError when it cannot be written."""
    if path is None:
        from tui.settings.paths import places_path

        path = places_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Read, change and write under a lock: two sessions leaving two stories at once would
    # each write what it read, and one story's place would be lost.
    with FileLock(lock_beside(path), timeout=LOCK_SECONDS):
        stories = _read(path)  # again: another session may have saved meanwhile
        stories.pop(key, None)
        stories[key] = {**{k: str(v) for k, v in place.items()}, "at": str(int(time.time()))}
        kept = dict(list(stories.items())[-MAX_STORIES:])  # insertion order: oldest first
        data = json.dumps({"version": VERSION, "stories": kept}, ensure_ascii=False, indent=1)
        atomic_write(path, data.encode("utf-8"))
