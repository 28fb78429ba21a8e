"""One review log on disk: `STORY.review.jsonl`, an append-only file of JSON lines.

The first line is a header (`{"format": "baghouz-review/2", "story": ID, ...}`), every other
line one change. Writers append whole lines with one `write()` on an O_APPEND descriptor,
under an exclusive lock on the sidecar `<file>.lock`, then fsync: a line is on disk whole
or not at all, and nothing written is ever rewritten. Readers take no lock: they read the
bytes after the last complete line they saw, so a reload costs what changed, not the whole
history; an unfinished last line is left for later (it may be being written). A writer,
holding the lock, knows such a line is the remains of a writer that was killed: it moves
it to `<file>.torn-TIME` and cuts it off before appending.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from tui.fileio import (
    FileLock,
    FileTooLarge,
    NotRegularFile,
    SymlinkRefused,
    atomic_create,
    lock_beside,
    open_regular,
    read_at,
)
from tui.review.changes import Change, RecordShapeError
from tui.review.errors import ReviewFormatError
from tui.review.marks import clean_text, latest_allowed, now_text

REVIEW_FORMAT = "baghouz-review/2"
MAX_FILE_BYTES = 256 << 20
MAX_LINE_BYTES = 256 << 10


class LogRead(NamedTuple):
    changes: list[Change]
    problems: list[str]  # lines skipped, each with its line number and why
    replaced: bool  # the file is not the one read before: `changes` are all of the new one


class ReviewLog:
    """The log at `path`, read incrementally: it remembers where it stopped."""

    def __init__(self, path: Path, story_id: str) -> None:
        self.path = Path(path)
        self.story_id = story_id
        self._offset = 0  # end of the last complete line read
        self._lines = 0  # complete lines read (the header included)
        self._identity: tuple[int, int] | None = None

    @property
    def lock_path(self) -> Path:
        return lock_beside(self.path)

    def lock(self, timeout: float) -> FileLock:
        return FileLock(self.lock_path, timeout=timeout)

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def header(self, **extra: str) -> bytes:
        import json

        doc = {"format": REVIEW_FORMAT, "story": self.story_id, "created": now_text(), **extra}
        return json.dumps(doc, separators=(",", ":")).encode("ascii") + b"\n"

    # -- reading -----------------------------------------------------------------------

    def read_new(self) -> LogRead:
        """The complete lines added since the last read. Raises ReviewFormatError when the
        file is not a usable review log (it is left alone), OSError when it cannot be read."""
        try:
            fd, info = self._open(append=False)
        except FileNotFoundError:
            replaced = self._identity is not None
            self._reset()
            return LogRead([], [], replaced)
        try:
            return self._read(fd, info)
        finally:
            os.close(fd)

    def _open(self, *, append: bool) -> tuple[int, os.stat_result]:
        try:
            return open_regular(self.path, append=append, limit=MAX_FILE_BYTES)
        except SymlinkRefused:
            raise ReviewFormatError(
                "it is a symbolic link, which is never read or written through", self.path
            ) from None
        except NotRegularFile as error:
            raise ReviewFormatError(f"it {error.strerror}", self.path) from None
        except FileTooLarge as error:
            raise ReviewFormatError(
                f"it is {error.size:,} bytes, more than the {MAX_FILE_BYTES:,} a review may be",
                self.path,
            ) from None

    def _reset(self) -> None:
        self._offset = self._lines = 0
        self._identity = None

    def _read(self, fd: int, info: os.stat_result) -> LogRead:
        identity = (info.st_dev, info.st_ino)
        replaced = self._identity is not None and (
            identity != self._identity or info.st_size < self._offset
        )
        if replaced:
            self._reset()
        self._identity = identity
        try:
            data = read_at(fd, self._offset, limit=MAX_FILE_BYTES, name=str(self.path))
        except FileTooLarge:
            raise ReviewFormatError("it grew past the size a review may be", self.path) from None
        changes, problems = self._consume(data)
        return LogRead(changes, problems, replaced)

    def _consume(self, data: bytes) -> tuple[list[Change], list[str]]:
        end = data.rfind(b"\n") + 1
        if end == 0:
            return [], []  # no complete line yet
        lines = data[: end - 1].split(b"\n")
        first_line = self._lines + 1
        if self._offset == 0:
            self._check_header(lines[0])
            lines = lines[1:]
            first_line += 1
        self._offset += end
        self._lines += data.count(b"\n", 0, end)
        return parse_lines(lines, first_line, self.story_id)

    def _check_header(self, line: bytes) -> None:
        doc = _json_or_none(line)
        if not isinstance(doc, dict):
            raise ReviewFormatError("its first line is not a review header", self.path)
        problem = header_problem(doc, self.story_id)
        if problem is not None:
            raise ReviewFormatError(problem, self.path)

    # -- writing -----------------------------------------------------------------------

    def append(self, lines: Sequence[bytes], *, timeout: float, **header: str) -> LogRead:
        """Take the lock, read what others appended, then append `lines` (each a whole
        change line) in one write and flush them to disk. Returns what was read first.
        Raises LockTimeout, ReviewFormatError or another OSError; on failure the file is as
        it was."""
        with self.lock(timeout):
            return self.append_locked(lines, **header)

    def append_locked(self, lines: Sequence[bytes], **header: str) -> LogRead:
        """`append` for a caller that holds the lock."""
        try:
            fd, info = self._open(append=True)
        except FileNotFoundError:
            atomic_create(self.path, self.header(**header))
            fd, info = self._open(append=True)
        try:
            _drop_extra_mode_bits(fd, info)
            read = self._read(fd, info)
            size = os.fstat(fd).st_size
            if size > self._offset:
                read.problems.append(self._cut_unfinished_line(fd, size))
            data = (self.header(**header) if self._offset == 0 else b"") + b"".join(lines)
            if data:
                _write_once(fd, data, self._offset)
                self._offset += len(data)
                self._lines += data.count(b"\n")
            return read
        finally:
            os.close(fd)

    def _cut_unfinished_line(self, fd: int, size: int) -> str:
        """We hold the lock, so a line without its end is what a killed writer left: keep
        it in a file of its own and cut it off, so the next line starts on a line."""
        fragment = os.pread(fd, size - self._offset, self._offset)
        aside = self.path.with_name(f"{self.path.name}.torn-{os.urandom(4).hex()}")
        atomic_create(aside, fragment)
        os.ftruncate(fd, self._offset)
        return f"an unfinished last line (a writer killed mid-write) was moved to {aside.name}"


def _drop_extra_mode_bits(fd: int, info: os.stat_result) -> None:
    """A review is data: a planted setuid, setgid or executable file keeps at most its read
    and write bits once we write to it (as root, we would otherwise keep them)."""
    mode = stat.S_IMODE(info.st_mode)
    if mode & ~0o666:
        with contextlib.suppress(OSError):
            os.fchmod(fd, mode & 0o666)


def _write_once(fd: int, data: bytes, size_before: int) -> None:
    """One write() of whole lines, flushed; on any failure the file is cut back."""
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.fsync(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size_before)
        raise


def header_problem(doc: dict[str, Any], story_id: str) -> str | None:
    if doc.get("format") != REVIEW_FORMAT:
        shown = clean_text(str(doc.get("format")))[:60]
        return f'its "format" is {shown!r}, not {REVIEW_FORMAT!r}'
    if doc.get("story") != story_id:
        shown = clean_text(str(doc.get("story")))[:60]
        return f"it is for story {shown!r}, not {story_id!r}"
    return None


def parse_lines(
    lines: Sequence[bytes], first_line: int, story_id: str
) -> tuple[list[Change], list[str]]:
    """Changes from log lines (numbered from `first_line`); bad lines come back as problems."""
    latest = latest_allowed()
    docs = _bulk(lines)
    changes: list[Change] = []
    problems: list[str] = []
    for index, line in enumerate(lines):
        number = first_line + index
        if docs is not None:
            doc = docs[index]
        elif not line.strip():
            continue
        elif len(line) > MAX_LINE_BYTES:
            problems.append(f"line {number} is longer than {MAX_LINE_BYTES:,} bytes")
            continue
        else:
            doc = _json_or_none(line)
            if doc is None:
                problems.append(f"line {number} is not JSON")
                continue
        if isinstance(doc, dict) and "format" in doc and "change" not in doc:
            problem = header_problem(doc, story_id)  # a second header, from a merge
            if problem is not None:
                problems.append(f"line {number} is a header, but {problem}")
            continue
        try:
            changes.append(Change.from_json(doc, latest))
        except RecordShapeError as error:
            problems.append(f"line {number}: {error}")
    return changes, problems


def _bulk(lines: Sequence[bytes]) -> list[Any] | None:
    """All lines parsed by one json call (fast), or None when any line needs a closer look."""
    import json

    if not lines or any(len(line) > MAX_LINE_BYTES for line in lines):
        return None
    try:
        docs = json.loads(b"[" + b",".join(lines) + b"]")
    except (ValueError, RecursionError):
        return None
    # `{..},{..}` on one line would pass as two: the counts must agree.
    return docs if isinstance(docs, list) and len(docs) == len(lines) else None


def _json_or_none(line: bytes) -> Any:
    import json

    try:
        return json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
