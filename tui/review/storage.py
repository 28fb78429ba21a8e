"""Review files on disk: where they live, and reading, merging and writing them safely.

Every save runs under an exclusive `flock` on a sidecar `<file>.lock`, re-reads the
file, merges this process's changed entries into it (newest change wins) and replaces
it atomically (temp file in the same directory, fsync, rename, fsync the directory),
so a crash leaves the old or the new complete file and two editors never lose each
other's marks. A file that is not a review of this story is renamed aside, never
overwritten or deleted.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import stat
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from tui.review.marks import MarkRecord, RecordShapeError, utc_now

REVIEW_FORMAT = "baghouz-review/1"
APP_DIR = "baghouz-tui"


class ReviewError(Exception):
    """Base class for review-file problems."""


class ReviewSaveError(ReviewError):
    """A save failed. The file on disk is unchanged; the marks are kept in memory."""


class ReviewFormatError(ReviewError):
    """The bytes are not a review file for this story (corrupt or foreign)."""


class DiskState:
    """What a load or save found. `records` is None when there was no usable file."""

    __slots__ = ("records", "warnings")

    def __init__(
        self, records: dict[str, MarkRecord] | None, warnings: list[str] | None = None
    ) -> None:
        self.records = records
        self.warnings = [] if warnings is None else warnings


# -- paths -----------------------------------------------------------------------------


def data_home() -> Path:
    """`$XDG_DATA_HOME` if set to an absolute path, else `~/.local/share`."""
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return Path.home() / ".local" / "share"


def review_path_for(
    bundle_path: Path, *, prefer_beside: bool = True, story_id: str | None = None
) -> Path:
    """Where the review of the bundle at `bundle_path` is kept.

    Beside the bundle as `<stem>.review.json` when `prefer_beside` and that directory
    is writable; otherwise `<data home>/baghouz-tui/reviews/<story id>-<hash>.review.json`,
    where the hash is of the bundle's absolute path. `story_id` defaults to the
    bundle file's stem; pass `bundle.story.id` when you have it.
    """
    absolute = Path(os.path.abspath(Path(bundle_path).expanduser()))
    if prefer_beside and _writable_dir(absolute.parent):
        return absolute.parent / f"{absolute.stem}.review.json"
    canonical = str(absolute.resolve()).encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(canonical).hexdigest()[:12]
    name = _safe_name(story_id or absolute.stem)
    return data_home() / APP_DIR / "reviews" / f"{name}-{digest}.review.json"


def _writable_dir(directory: Path) -> bool:
    return directory.is_dir() and os.access(directory, os.W_OK | os.X_OK)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:64].strip("._") or "story"


# -- format ----------------------------------------------------------------------------


def parse_review(data: bytes, story_id: str) -> dict[str, MarkRecord]:
    """Decode a review file; raise ReviewFormatError saying what is wrong with it."""
    import json  # here, not at the top: a story opened without a review file needs none

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
    if doc.get("format") != REVIEW_FORMAT:
        raise ReviewFormatError(f'its "format" is {doc.get("format")!r}, not {REVIEW_FORMAT!r}')
    if doc.get("story") != story_id:
        raise ReviewFormatError(f"it is for story {doc.get('story')!r}, not {story_id!r}")
    marks = doc.get("marks")
    if not isinstance(marks, dict):
        raise ReviewFormatError('its "marks" is not an object')
    records: dict[str, MarkRecord] = {}
    for entry_id, raw in marks.items():
        try:
            records[entry_id] = MarkRecord.from_json(raw)
        except RecordShapeError as exc:
            raise ReviewFormatError(f"its mark for {entry_id!r} is malformed: {exc}") from exc
    return records


def dump_review(story_id: str, records: Mapping[str, MarkRecord]) -> bytes:
    import json

    doc = {
        "format": REVIEW_FORMAT,
        "story": story_id,
        "marks": {key: records[key].to_json() for key in sorted(records)},
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def merge(
    disk: Mapping[str, MarkRecord],
    memory: Mapping[str, MarkRecord],
    changed: Collection[str],
) -> dict[str, MarkRecord]:
    """Disk's records, except that each entry in `changed` takes memory's record when
    it is at least as new as disk's (a tie goes to this process's change)."""
    merged = dict(disk)
    for entry_id in changed:
        mine = memory.get(entry_id)
        theirs = merged.get(entry_id)
        if mine is not None and (theirs is None or mine.at >= theirs.at):
            merged[entry_id] = mine
    return merged


# -- the store -------------------------------------------------------------------------


class ReviewStore:
    """The review file of one story at `path`."""

    def __init__(self, path: Path, story_id: str) -> None:
        self.path = Path(path)
        self.story_id = story_id

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def load(self) -> DiskState:
        """Read the file. Never raises: problems come back as warnings. A corrupt or
        foreign file is set aside (when the lock can be taken)."""
        if not self.path.exists():
            return DiskState(None)  # nothing to read: don't create a lock file either
        try:
            with self._locked():
                return self._read_and_check(set_aside=True)
        except OSError:
            pass  # no lock (read-only place?): still read, but leave any bad file alone
        try:
            return self._read_and_check(set_aside=False)
        except OSError as exc:
            return DiskState(None, [f"Could not read review file {self.path}: {_reason(exc)}."])

    def save(self, records: Mapping[str, MarkRecord], changed: Collection[str]) -> DiskState:
        """Merge `changed` entries of `records` into the file and write it atomically.

        Entries not in `changed` come from disk, so another process's marks survive;
        when there is no usable file on disk, all of `records` is written. Returns the
        merged state now on disk. Raises ReviewSaveError; the old file stays intact.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                self._remove_stale_temps()
                state = self._read_and_check(set_aside=True)
                base = state.records if state.records is not None else dict(records)
                merged = merge(base, records, changed)
                atomic_write(self.path, dump_review(self.story_id, merged))
        except OSError as exc:
            raise ReviewSaveError(
                f"Could not save review to {self.path}: {_reason(exc)}. "
                "Your marks are kept in memory and saving is retried on the next change."
            ) from exc
        return DiskState(merged, state.warnings)

    # -- internals ---------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _read_and_check(self, *, set_aside: bool) -> DiskState:
        """Read and parse the file; OSError from reading propagates."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return DiskState(None)
        try:
            return DiskState(parse_review(data, self.story_id))
        except ReviewFormatError as exc:
            problem = f"Review file {self.path} was not usable: {exc}."
            if not set_aside:
                return DiskState(None, [f"{problem} It was left in place."])
            aside = set_aside_file(self.path)
            return DiskState(
                None, [f"{problem} Moved it to {aside.name}; started an empty review."]
            )

    def _remove_stale_temps(self) -> None:
        """Delete temp files left by a writer that was killed (we hold the lock, so no
        writer is using one)."""
        prefix, suffix = f".{self.path.name}.", ".tmp"
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return
        for name in names:
            if name.startswith(prefix) and name.endswith(suffix):
                with suppress(OSError):
                    os.unlink(self.path.parent / name)


def set_aside_file(path: Path) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC timestamp>[-n]` without replacing anything."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, target)  # fails if target exists: never overwrites
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if target.exists():
                continue
            os.rename(path, target)  # no hard links here; the lock keeps this race-free
            return target
        os.unlink(path)
        return target
    raise FileExistsError(errno.EEXIST, "too many set-aside review files", str(path))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers (and crashes) only ever see the old
    or the new complete file. Raises OSError; on failure `path` is untouched."""
    directory = path.parent
    fd, tmp = _create_temp(path)
    try:
        try:
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except FileNotFoundError:
                pass
            else:
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def _create_temp(path: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    while True:
        tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise  # some file systems cannot fsync a directory; that is not a failure
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc) or type(exc).__name__
