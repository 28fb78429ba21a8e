"""Where each entry of a story file is: a scan of its table headers, not a parse.

Parsing a 13 MB bundle with a round-trip library takes seconds; finding the lines of one entry
needs only its header. `HeaderIndex.scan` finds every line that reads as a table header
(`[story]`, `[[events]]`, `[[events.sources]]`, ...) with one regular expression. A line inside
a multi-line string or array can read as a header too, so nothing here is trusted on its own:

- `entry_spans` hands out the spans of a section only when the section has exactly as many
  `[[section]]` header lines as the parsed document has entries. A header-like line inside a
  string only ever adds one, so equal counts mean every one of them is real.
- `Span.verify` parses the entry's own lines alone with tomli and compares them with what the
  whole document parsed to. A span cut short by a header-like line in a string or array does
  not parse, or parses to less; a sub-table of the entry written further down the file (TOML
  allows `[events.x-note]` after other tables) is missing from it. Either way it differs.

An entry's span runs from its header through its own sub-tables (`[[events.sources]]`,
`[events.x-review]`) to its last line that is not blank or a comment: blank lines and comments
before the next header belong to what follows, and stay where they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

import tomli

from tui.authoring.building import without_collection
from tui.authoring.values import same

_WS = rb"[ \t]*"
_SIMPLE_KEY = rb"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')"""
_KEY = _SIMPLE_KEY + rb"(?:" + _WS + rb"\." + _WS + _SIMPLE_KEY + rb")*"
_HEADER_LINE = (
    _WS + rb"(?:\[\[" + _WS + rb"(?P<array>" + _KEY + rb")" + _WS + rb"\]\]"
    rb"|\[" + _WS + rb"(?P<table>" + _KEY + rb")" + _WS + rb"\])"
    + _WS + rb"(?:#[^\r\n]*)?\r?(?=\n|\Z)"
)
# Each header after a line break: searching for the break first is several times quicker
# than `^` in MULTILINE mode. The first line of the document is matched on its own.
_HEADER = re.compile(rb"\n" + _HEADER_LINE)
_FIRST_HEADER = re.compile(_HEADER_LINE)
_KEY_PART = re.compile(_SIMPLE_KEY)


@lru_cache(maxsize=256)  # a bundle has a handful of distinct headers, thousands of times
def _key_path(text: bytes) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _KEY_PART.finditer(text):
        part = match.group().decode("utf-8", "replace")
        if part[0] in "\"'":
            try:  # let the parser decode escapes exactly as it does
                decoded = tomli.loads(f"k = {part}")["k"]
            except tomli.TOMLDecodeError:
                decoded = part[1:-1]
            part = decoded if isinstance(decoded, str) else part[1:-1]
        parts.append(part)
    return tuple(parts)


class Span(NamedTuple):
    """An entry's lines in the file: `start` is its header line, `end` the end of its last
    line that is not trivia (its newline included, where it has one)."""

    start: int
    end: int

    def text(self, data: bytes) -> str:
        return data[self.start : self.end].decode("utf-8")

    def verify(self, data: bytes, section: str, table: dict[str, Any]) -> bool:
        """Whether these lines alone parse to exactly this one entry of `section`."""
        try:
            parsed = tomli.loads(self.text(data))
        except (tomli.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError):
            return False
        return same(parsed, {section: [table]})


class HeaderIndex:
    """Every line of a document that reads as a table header, in order."""

    __slots__ = ("_sections", "arrays", "paths", "starts")

    def __init__(self, starts: list[int], paths: list[tuple[str, ...]], arrays: list[bool]):
        self.starts = starts
        self.paths = paths
        self.arrays = arrays
        self._sections: dict[str, list[int]] = {}  # entry_headers, made once a section

    @classmethod
    def scan(cls, data: bytes, offset: int = 0, limit: int | None = None) -> HeaderIndex:
        """The header lines of `data[offset:limit]` (`offset` at the start of a line)."""
        index = cls([], [], [])
        end = len(data) if limit is None else limit
        with without_collection():  # tens of thousands of small objects that all live on
            if offset == 0 or data[offset - 1 : offset] != b"\n":
                first = _FIRST_HEADER.match(data, offset, end)
                if first is not None:
                    index._add(first.start(), first)
            else:
                offset -= 1  # the line break before the first line, for _HEADER
            for match in _HEADER.finditer(data, offset, end):
                index._add(match.start() + 1, match)
        return index

    def _add(self, line_start: int, match: re.Match[bytes]) -> None:
        array = match.group("array")
        self.starts.append(line_start)
        self.paths.append(_key_path(array if array is not None else match.group("table")))
        self.arrays.append(array is not None)

    def entry_headers(self, section: str) -> list[int]:
        """Positions (in this index) of the `[[section]]` header lines. (An index is not
        changed once made and read: `spliced_many` makes a new one.)"""
        found = self._sections.get(section)
        if found is None:
            wanted = (section,)
            found = self._sections[section] = [
                i
                for i, (path, array) in enumerate(zip(self.paths, self.arrays, strict=True))
                if array and path == wanted
            ]
        return found

    def span(self, position: int, data: bytes) -> Span:
        """The span of the entry whose header is at `position` in this index."""
        section = self.paths[position][0]
        after = position + 1
        count = len(self.starts)
        while after < count and len(self.paths[after]) > 1 and self.paths[after][0] == section:
            after += 1  # the entry's own sub-tables: [[events.sources]], [events.x-note]
        stop = self.starts[after] if after < count else len(data)
        return Span(self.starts[position], trim_trivia(data, self.starts[position], stop))

    def spliced_many(
        self, splices: list[tuple[int, int, bytes]], data_after: bytes
    ) -> HeaderIndex:
        """The index of `data_after`: this document with each (start, end, new) of
        `splices` (in order, not overlapping) made, bytes [start, end) replaced by `new`.
        Headers before and after each are kept, shifted; those in the new bytes scanned."""
        result = HeaderIndex([], [], [])
        position, delta, count = 0, 0, len(self.starts)
        for start, end, new in splices:
            keep = _first_at_or_after(self.starts, start)
            result._extend(self, position, keep, delta)
            position = max(keep, _first_at_or_after(self.starts, end))
            middle = HeaderIndex.scan(data_after, start + delta, start + delta + len(new))
            result._extend(middle, 0, len(middle.starts), 0)
            delta += len(new) - (end - start)
        result._extend(self, position, count, delta)
        return result

    def _extend(self, other: HeaderIndex, first: int, stop: int, delta: int) -> None:
        if delta:
            self.starts += [s + delta for s in other.starts[first:stop]]
        else:
            self.starts += other.starts[first:stop]
        self.paths += other.paths[first:stop]
        self.arrays += other.arrays[first:stop]


def _first_at_or_after(starts: list[int], offset: int) -> int:
    from bisect import bisect_left

    return bisect_left(starts, offset)


def trim_trivia(data: bytes, start: int, stop: int) -> int:
    """`stop` moved back over the blank and comment lines that end [start, stop)."""
    position = stop
    while position > start:
        line_start = data.rfind(b"\n", start, position - 1) + 1
        if line_start <= start:
            break  # the header line itself
        line = data[line_start:position].strip()
        if line and not line.startswith(b"#"):
            break
        position = line_start
    return position


def line_number(data: bytes, offset: int) -> int:
    """The 1-based line that byte `offset` is on."""
    return data.count(b"\n", 0, offset) + 1


def entry_spans(
    index: HeaderIndex, data: bytes, section: str, tables: list[dict[str, Any]]
) -> list[int] | None:
    """The header positions of the section's entries, one for each of `tables`, or None when
    the file does not write them as `[[section]]` tables the scan can tell apart."""
    positions = index.entry_headers(section)
    return positions if len(positions) == len(tables) else None
