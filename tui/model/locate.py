"""The line of each problem, reading only the entries that have one.

`TomlLines` reads a document token by token, which is slow per byte: placing one problem at
the end of a 13 MB bundle took seconds. Most problems are inside an entry, an element of
`paragraphs`, `actors`, `events` or `quotes` (paths like ("events", 3, "date")), and an entry
is a `[[events]]` header and the lines up to the next header. So:

1. Find where each entry starts: the lines `[[events]]` (in C, `bytes.find` of
   "\\n[[events]]", from the start or back from the end, whichever is nearer), one for each
   element tomli parsed, or this shortcut is not taken.
2. Read only the entry's lines with `TomlLines`, starting at the line its header is on
   (lines counted in C, `bytes.count` of newlines between the offsets).
3. Check that those lines are that entry: parsed on their own, they give the same table
   tomli gave for it. A header line inside a multi-line string, a header written another
   way (`[[ "events" ]]`) or an entry cut short by a line that only looks like a header
   would all show there.

Anything else, and any path this cannot place, goes to a full `TomlLines` read, which stops
at the last path it is asked for. The lines are the ones `TomlLines(text).line_of(path)`
gives (tests/test_toml_lines.py compares them). The one way to get another answer is a file
made to: a header line copied into a multi-line string, another header written oddly to keep
the count right, and two entries alike to the character.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

import tomli

from tui.model.toml_lines import Path, TomlLines

__all__ = ["problem_lines"]

_BOM = b"\xef\xbb\xbf"
# The start of the next line that opens with "[": the next header, where an entry ends.
_NEXT_HEADER = re.compile(rb"\n[ \t]*\[")
# Headers found one by one back from the end, when all those wanted are among the last few.
_FEW_FROM_THE_END = 64


def problem_lines(
    paths: Collection[Path],
    text: str,
    raw: bytes,
    data: Mapping[str, Any],
    *,
    newlines: int | None = None,
) -> dict[Path, int]:
    """The line of each path in the document (`text`, its UTF-8 `raw` bytes and what tomli
    parsed of it, `data`): as `TomlLines(text).line_of(path)`, quicker. `newlines`, the
    number of line feeds in `raw` if known, lets lines near the end be counted from there."""
    lines: dict[Path, int] = {}
    by_entry: dict[tuple[str, int], list[Path]] = {}
    rest: list[Path] = []
    for path in paths:
        if not path:
            lines[path] = 1  # the document itself, e.g. a required top-level key missing
        elif _is_entry_path(path, data):
            by_entry.setdefault((path[0], path[1]), []).append(path)  # type: ignore[arg-type]
        else:
            rest.append(path)
    if by_entry:
        rest += _Entries(raw, data, newlines).place(by_entry, lines)
    if rest:
        scan = TomlLines(text, wanted=rest)
        lines.update((path, scan.line_of(path)) for path in rest)
    return lines


def _is_entry_path(path: Path, data: Mapping[str, Any]) -> bool:
    """Whether `path` is in an entry: ("events", 3, ...), where events[3] is a table."""
    if len(path) < 2 or path[0] not in ("paragraphs", "actors", "events", "quotes"):
        return False
    tables, index = data.get(path[0]), path[1]
    return (
        type(tables) is list
        and type(index) is int
        and 0 <= index < len(tables)
        and type(tables[index]) is dict
    )


class _Entries:
    """Where the entries of a document start, and the lines of the problems in them."""

    def __init__(self, raw: bytes, data: Mapping[str, Any], newlines: int | None) -> None:
        self.raw = raw
        self.data = data
        self.newlines = newlines
        self._starts: dict[str, dict[int, int] | None] = {}  # section -> index -> offset
        self._counted = (0, 1)  # (offset, its line): newlines are counted from there on

    def place(
        self, by_entry: dict[tuple[str, int], list[Path]], lines: dict[Path, int]
    ) -> list[Path]:
        """Put the line of each path in `lines`; return the paths it could not place."""
        wanted: dict[str, list[int]] = {}
        for section, index in by_entry:
            wanted.setdefault(section, []).append(index)
        # Sections whose headers are found back from the end, one by one; the others' in
        # one scan of the file for all of them.
        from_end = {s: i for s, i in wanted.items() if self._near_the_end(s, min(i))}
        for section, indexes in from_end.items():
            self._starts[section] = self._last_header_starts(section, indexes)
        scanned = {s: i for s, i in wanted.items() if s not in from_end}
        if scanned:
            self._starts.update(self._header_starts(scanned))
        left: list[Path] = []
        # In file order, so that newlines are counted once, from one entry to the next.
        for (section, index), paths in sorted(by_entry.items(), key=self._order):
            found = self._entry_lines(section, index, paths)
            for path in paths:
                if path in found:
                    lines[path] = found[path]
                else:
                    left.append(path)
        return left

    def _order(self, item: tuple[tuple[str, int], list[Path]]) -> int:
        (section, index), _ = item
        starts = self._starts[section]
        return -1 if starts is None else starts[index]

    def _near_the_end(self, section: str, earliest: int) -> bool:
        total = len(self.data[section])
        return total - earliest <= max(_FEW_FROM_THE_END, total // 8)

    def _header_starts(self, wanted: dict[str, list[int]]) -> dict[str, dict[int, int] | None]:
        """For each section, the offset of the `[[section]]` header line of each element
        in its `indexes`, when the file has one such line for each element of the section,
        else None: found in one pass in C for all the sections."""
        raw = self.raw
        found: dict[bytes, list[int]] = {section.encode(): [] for section in wanted}
        first = len(_BOM) if raw.startswith(_BOM) else 0
        for name, starts in found.items():
            if raw.startswith(b"[[" + name + b"]]", first):
                starts.append(first)
        names = b"|".join(re.escape(name) for name in found)
        for match in re.finditer(rb"\n\[\[(" + names + rb")\]\]", raw):
            found[match.group(1)].append(match.start() + 1)
        return {
            section: (
                {index: starts[index] for index in indexes}
                if len(starts) == len(self.data[section])
                else None
            )
            for (section, indexes), starts in zip(wanted.items(), found.values(), strict=True)
        }

    def _last_header_starts(self, section: str, indexes: list[int]) -> dict[int, int] | None:
        """`_header_starts` of one section, when every element wanted is among its last
        few: back from the end to the first one wanted (the others are only counted)."""
        raw, total = self.raw, len(self.data[section])
        needle = b"\n[[" + section.encode() + b"]]"
        first = len(_BOM) if raw.startswith(_BOM) else 0
        on_first_line = raw.startswith(needle[1:], first)
        earliest = min(indexes)
        backwards: list[int] = []
        position = raw.rfind(needle)
        while position != -1 and len(backwards) < total - earliest:
            backwards.append(position + 1)
            position = raw.rfind(needle, 0, position)
        before = raw.count(needle, 0, position + len(needle)) if position != -1 else 0
        if len(backwards) + before + on_first_line != total or len(backwards) < total - earliest:
            return None
        return {index: backwards[total - 1 - index] for index in indexes}

    def _entry_lines(self, section: str, index: int, paths: list[Path]) -> dict[Path, int]:
        starts = self._starts[section]
        if starts is None:
            return {}
        start = starts[index]
        end = self._entry_end(section, start)
        part = self.raw[start:end].decode("utf-8", "surrogatepass")
        try:
            parsed = tomli.loads(part).get(section)
        except (tomli.TOMLDecodeError, ValueError, RecursionError):
            return {}
        if parsed != [self.data[section][index]]:
            return {}  # not the entry's own lines, or not all of them
        scan = TomlLines(
            part, wanted=paths, first_line=self._line_at(start), arrays={(section,): index}
        )
        return {path: scan.lines[path] for path in paths if path in scan.lines}

    def _entry_end(self, section: str, start: int) -> int:
        """Where the entry whose header is at `start` ends: at the next header that is not
        one of its own sub-tables (`[events.x-desk]`, `[[events.sources]]`)."""
        raw = self.raw
        own = re.compile(rb"\[\[?[ \t]*" + re.escape(section.encode()) + rb"[ \t]*\.")
        position = start
        while True:
            found = _NEXT_HEADER.search(raw, position + 1)
            if found is None:
                return len(raw)
            header = found.end() - 1
            if not own.match(raw, header):
                return found.start() + 1
            position = header

    def _line_at(self, offset: int) -> int:
        """The line `offset` is on (offsets asked for in increasing order, mostly): newlines
        counted from the last offset asked for, or back from the end if that is nearer."""
        raw, (counted, line) = self.raw, self._counted
        if offset < counted:
            counted, line = 0, 1
        if self.newlines is not None and len(raw) - offset < offset - counted:
            line = self.newlines + 1 - raw.count(b"\n", offset)
        else:
            line += raw.count(b"\n", counted, offset)
        self._counted = (offset, line)
        return line
