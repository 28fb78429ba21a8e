"""Where a story's review lives: beside the bundle (shared), and in the user's data folder.

Beside the bundle, `<stem>.review.jsonl` is the review everyone shares. When that folder
cannot be written (or for the shipped story, which lives inside the installed package), the
user's own changes go to `$XDG_DATA_HOME/baghouz-tui/reviews/<story>-<hash>.review.jsonl`,
the hash being of the bundle's absolute path; a shared review that is there is still read.
Folders this creates under the data home are private (0700), as the XDG spec asks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

APP_DIR = "baghouz-tui"
LOG_SUFFIX = ".review.jsonl"
LEGACY_SUFFIX = ".review.json"


class ReviewPaths(NamedTuple):
    shared: Path | None  # beside the bundle; None for the shipped story
    private: Path  # in the user's data folder

    @property
    def shared_legacy(self) -> Path | None:
        return legacy_path(self.shared) if self.shared is not None else None

    @property
    def private_legacy(self) -> Path:
        return legacy_path(self.private)


def data_home() -> Path:
    """`$XDG_DATA_HOME` if set to an absolute path, else `~/.local/share`."""
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return Path.home() / ".local" / "share"


def review_paths(
    bundle_path: Path, *, prefer_beside: bool = True, story_id: str | None = None
) -> ReviewPaths:
    absolute = Path(os.path.abspath(Path(bundle_path).expanduser()))
    canonical = str(absolute.resolve()).encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(canonical).hexdigest()[:12]
    name = _safe_name(story_id or absolute.stem)
    private = data_home() / APP_DIR / "reviews" / f"{name}-{digest}{LOG_SUFFIX}"
    shared = absolute.parent / f"{absolute.stem}{LOG_SUFFIX}" if prefer_beside else None
    return ReviewPaths(shared, private)


def review_path_for(
    bundle_path: Path, *, prefer_beside: bool = True, story_id: str | None = None
) -> Path:
    """The log the app writes the user's changes to: beside the bundle when that folder
    (and the log, if there is one) can be written, else in the data folder."""
    paths = review_paths(bundle_path, prefer_beside=prefer_beside, story_id=story_id)
    if paths.shared is not None and can_write(paths.shared):
        return paths.shared
    return paths.private


def legacy_path(log: Path) -> Path:
    """The first format's file for a log: `x.review.jsonl` -> `x.review.json`."""
    return log.with_name(log.name.removesuffix(LOG_SUFFIX) + LEGACY_SUFFIX)


def can_write(log: Path) -> bool:
    """The folder takes new files (the lock, a new log) and the log, if any, takes lines."""
    folder = log.parent
    if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        return False
    try:
        info = os.lstat(log)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISLNK(info.st_mode) or os.access(log, os.W_OK)  # a link is set aside


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents with mode 0700; tighten the app's own folders
    (under the data home, named for the app) if they are ours and open to others."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
    home = data_home() / APP_DIR
    for path in (home, home / "reviews"):
        if path == folder or path in folder.parents:
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                mode = stat.S_IMODE(info.st_mode)
                ours = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                if ours and mode & 0o077:
                    os.chmod(path, mode & 0o700)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:64].strip("._") or "story"
