"""One version of a story file as it was read: its bytes, what they parse to, and the bundle.

`StoryFile.open(path)` reads the file once and parses it once (tomli, then the model's fast
path, or the full validator where there is anything to report), exactly as `check` judges it,
and keeps what the writer needs later: the bytes (to splice and to tell whether the file has
changed since), the parsed tables, and a `FileStamp`. It raises `BundleError` with check's
messages for a file that cannot be loaded, like `load_bundle`.

`StoryFile.open(path, with_errors=True)` also opens a file that fails check but is TOML (links
whose words changed, for `check --fix --write` and the app's repair mode): `valid` is False,
`problems` holds its errors, and `bundle` raises BundleError; `save_edit(..., keep_errors=True)`
then writes edits that leave none but those errors.

A story file reached through a symbolic link is read, locked and written as the file the link
points to (`real`); the link itself is never replaced.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

import tomli

from tui.authoring.building import without_collection
from tui.authoring.spans import HeaderIndex, entry_spans, line_number
from tui.fileio import read_regular
from tui.model.entities import Bundle, Entry
from tui.model.fast_path import build_clean
from tui.model.load import load_bundle, parse
from tui.model.problems import BundleError, Problem, Severity

ENTRY_SECTIONS = ("paragraphs", "actors", "events", "quotes")
MAX_BYTES = 512 * 1024 * 1024  # far beyond any story; a runaway file is refused, not read
_BOM = b"\xef\xbb\xbf"


class FileStamp(NamedTuple):
    """What identifies one version of a file: where it is, its size and time, its bytes' hash."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> FileStamp:
        digest = hashlib.sha256(data).hexdigest()
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest)


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a story path names, every symbolic link on the way resolved."""
    return Path(os.path.realpath(os.fspath(path)))


def read_with_stat(real: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file `real` and its stat. Raises OSError.

    The stat comes after the read: should the file be replaced in between, a stamp's hash
    (of the bytes read) disagrees with the file it describes, which reads as changed later.
    """
    data = read_regular(real, limit=MAX_BYTES)
    return data, os.stat(real, follow_symlinks=False)


def read_with_stamp(real: Path) -> tuple[bytes, FileStamp]:
    data, info = read_with_stat(real)
    return data, FileStamp.of(data, info)


def current_stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The stamp of the file `path` names now; None when it cannot be read (gone, say)."""
    try:
        return read_with_stamp(real_path(path))[1]
    except OSError:
        return None


class StoryFile:
    """A story file as read at one moment. Treat it as immutable: each save makes a new one."""

    __slots__ = (
        "_bundle",
        "_index",
        "_where",
        "clean",
        "data",
        "path",
        "problems",
        "raw",
        "real",
        "stamp",
    )

    def __init__(
        self,
        path: str,
        real: Path,
        raw: bytes,
        data: dict[str, Any],
        bundle: Bundle | None,
        problems: tuple[Problem, ...],
        stamp: FileStamp,
        index: HeaderIndex | None = None,
        where: dict[str, tuple[str, int]] | None = None,
    ) -> None:
        self.path = path  # as the user gave it: what messages and the bundle name
        self.real = real  # the file itself, links resolved: what is locked and replaced
        self.raw = raw
        self.data = data  # the parsed TOML; never changed in place
        self._bundle = bundle  # None: the file fails check (opened with_errors)
        self.problems = problems  # check's warnings, and errors if opened with_errors
        self.clean = not problems  # then no string holds a control character either
        self.stamp = stamp
        self._index = index
        self._where = where

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, with_errors: bool = False) -> StoryFile:
        """Read and load the story file at `path`; BundleError with check's messages if it
        cannot be read, is not TOML, or (unless `with_errors`) does not pass check."""
        name = os.fspath(path)
        for _ in range(3):  # a file replaced while it was read is read again
            real = real_path(name)
            try:
                raw, stamp = read_with_stamp(real)
            except OSError:
                _raise_refusal(name)
                continue
            story = cls.from_bytes(name, real, raw, stamp, with_errors=with_errors)
            if story is not None:
                return story
            _raise_refusal(name)
        raise BundleError([Problem(name, 0, 0, "", "unstable", "the file kept changing")])

    @classmethod
    def from_bytes(
        cls, name: str, real: Path, raw: bytes, stamp: FileStamp, *, with_errors: bool = False
    ) -> StoryFile | None:
        """The story in `raw`, or None when it is not a bundle that loads (with_errors: not
        TOML in UTF-8)."""
        text = _plain_text(raw)
        if text is None:
            return None
        with without_collection():
            try:
                data = tomli.loads(text)
            except (tomli.TOMLDecodeError, ValueError, RecursionError):
                return None
            bundle = None if may_hold_controls(raw) else build_clean(data, name)
            problems: tuple[Problem, ...] = ()
            if bundle is None:
                bundle, found = parse(text, name, raw=raw)
                failed = bundle is None or any(p.severity is Severity.ERROR for p in found)
                if failed and not with_errors:
                    return None
                problems = tuple(found)
                bundle = None if failed else bundle
        return cls(name, real, raw, data, bundle, problems, stamp)

    @property
    def valid(self) -> bool:
        """Whether the file passes check (always, unless opened with_errors)."""
        return self._bundle is not None

    @property
    def bundle(self) -> Bundle:
        """The loaded bundle; BundleError for a file that fails check."""
        if self._bundle is None:
            raise BundleError(list(self.problems))
        return self._bundle

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    # -- reading entries ---------------------------------------------------------------

    def prepare(self) -> StoryFile:
        """Make now what the first save would otherwise make: the scan of the file's header
        lines and the map of ids (some 60 ms for the 13 MB benchmark bundle). The app calls
        it in the background once the story is on screen."""
        _ = self.index, self.where
        return self

    @property
    def index(self) -> HeaderIndex:
        """Every header line of the file, scanned at first use."""
        if self._index is None:
            self._index = HeaderIndex.scan(self.raw)
        return self._index

    @property
    def where(self) -> dict[str, tuple[str, int]]:
        """Every entry's id -> (section, position in it), made at first use."""
        if self._where is None:
            self._where = where_of(self.data)
        return self._where

    def locate(self, entry_id: str) -> tuple[str, int] | None:
        """(section, position in it) of the entry with this id."""
        return self.where.get(entry_id)

    def tables(self, section: str) -> list[dict[str, Any]]:
        found = self.data.get(section, [])
        return found if isinstance(found, list) else []

    def fields(self, entry_id: str) -> dict[str, Any] | None:
        """The entry's TOML table as the file has it (a copy to edit), or None."""
        where = self.locate(entry_id)
        if where is None:
            return None
        return copy.deepcopy(self.tables(where[0])[where[1]])

    def entry(self, entry_id: str) -> Entry | None:
        """The loaded entry (None for a file that fails check)."""
        if self._bundle is None:
            return None
        bundle = self._bundle
        for entries in (bundle.events, bundle.actors, bundle.quotes):
            for entry in entries:
                if entry.id == entry_id:
                    return entry
        return None

    def ids(self) -> set[str]:
        """Every id in the bundle (paragraphs too): new ids must differ from all of them."""
        return set(self.where)

    def line_of(self, entry_id: str) -> int:
        """The 1-based line of the entry's header (for `$EDITOR +LINE`), 1 if not found."""
        where = self.locate(entry_id)
        if where is None:
            return 1
        section, position = where
        spans = entry_spans(self.index, self.raw, section, self.tables(section))
        if spans is not None:
            return line_number(self.raw, self.index.starts[spans[position]])
        # Entries written some other way (an inline array): the line of the id's value.
        pattern = rb"""\bid\s*=\s*["']""" + re.escape(entry_id.encode()) + rb"""["']"""
        match = re.search(pattern, self.raw)
        return line_number(self.raw, match.start()) if match else 1

    def is_current(self, stamp: FileStamp | None) -> bool:
        """Whether `stamp` (from a watcher, say) describes this very version of the file."""
        return stamp is not None and stamp.sha256 == self.stamp.sha256

    def __repr__(self) -> str:
        return f"StoryFile({self.path!r}, {len(self.raw)} bytes, {self.stamp.sha256[:12]})"


def where_of(data: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Each entry's id -> (section, position), for the parsed tables of a valid bundle (whose
    ids are unique)."""
    where: dict[str, tuple[str, int]] = {}
    for section in ENTRY_SECTIONS:
        tables = data.get(section, [])
        for position, table in enumerate(tables if isinstance(tables, list) else []):
            entry_id = table.get("id")
            if isinstance(entry_id, str):
                where[entry_id] = (section, position)
    return where


def _plain_text(raw: bytes) -> str | None:
    """The text of UTF-8 bytes (a BOM allowed), None for anything check words a problem for."""
    if b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = raw.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.strip() else None


def _raise_refusal(name: str) -> None:
    """Raise check's BundleError for the file at `name`; return if it loads after all
    (it changed in the meantime: the caller reads it again)."""
    load_bundle(name)


# Whether any string could hold a character the validator warns about (see tui.model.load):
# raw C0 controls or DEL, C1 controls and bidi marks in UTF-8, and escapes that could make one.
_NOT_C0 = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in b"\t\n\r")
_MAY_MAKE_CONTROLS = (
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")),
    (b"\\", re.compile(rb"\\[bfreuUx]")),
)


def may_hold_controls(raw: bytes) -> bool:
    if raw.translate(None, _NOT_C0):
        return True
    return any(start in raw and pattern.search(raw) for start, pattern in _MAY_MAKE_CONTROLS)
