"""Find the line of any key, table or array element in a TOML document.

tomli returns plain dicts without positions, so problems found after parsing are placed
by a second, structural pass over the source. It runs only when there is something to
report: a valid bundle never pays for it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Iterator

import tomli

Path = tuple[str | int, ...]

_TOKEN = re.compile(
    r'''(?P<mlbasic>"""(?:\\[\s\S]|[^\\])*?"""(?:"{1,2}(?!"))?)'''
    r"""|(?P<mlliteral>'''[\s\S]*?'''(?:'{1,2}(?!'))?)"""
    r"""|(?P<basic>"(?:\\.|[^"\\\n])*")"""
    r"""|(?P<literal>'[^'\n]*')"""
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<newline>\n)"
    r"|(?P<space>[ \t\r]+)"
    # `[[`/`]]` are two tokens each: they are also how nested arrays open and close.
    r"|(?P<punct>[\[\]{}=,.])"
    r"""|(?P<bare>[^\s\[\]{}=,."'#]+)"""
)


Token = tuple[str, str, int]  # kind, text, line
_EOF: Token = ("eof", "", 0)


class _Tokens:
    """The document's tokens, read as they are asked for: a scan that stops early (every
    line it was asked for found) leaves the rest of a large file unread."""

    def __init__(self, source: str) -> None:
        self._tokens = self._read(source)
        self._next = next(self._tokens, _EOF)

    @staticmethod
    def _read(source: str) -> Iterator[Token]:
        line = 1
        for match in _TOKEN.finditer(source):
            kind = match.lastgroup or "bare"
            value = match.group()
            if kind not in ("space", "comment"):
                yield (kind, value, line)
            line += value.count("\n")

    def peek(self) -> Token:
        return self._next

    def take(self) -> Token:
        token = self._next
        self._next = next(self._tokens, _EOF)
        return token

    def skip_newlines(self) -> None:
        while self._next[0] == "newline":
            self.take()


def _key_text(kind: str, value: str) -> str:
    if kind == "basic":
        # Let the parser decode the escapes (\e, \xHH, \U0001F600 ...) exactly as it did.
        try:
            decoded = tomli.loads(f"k = {value}").get("k")
        except (tomli.TOMLDecodeError, ValueError):
            return value[1:-1]
        return decoded if isinstance(decoded, str) else value[1:-1]
    if kind == "literal":
        return value[1:-1]
    return value


class _AllFound(Exception):
    """Every path asked for has its line: the rest of the document need not be read."""


class TomlLines:
    """Maps paths like ("events", 3, "sources", 0, "exact") to 1-based line numbers.

    Given `wanted`, the scan stops once each of those paths has its line (a path's line is
    where it first appears, so nothing read later could change it); a wanted path that is
    not in the document (a missing key) makes it read to the end, as without `wanted`.
    """

    def __init__(self, source: str, wanted: Collection[Path] | None = None) -> None:
        self.lines: dict[Path, int] = {}
        self._array_counts: dict[Path, int] = {}
        self._wanted = set(wanted) if wanted is not None else None
        # Best effort: lines found so far still help; callers fall back to line 1.
        with contextlib.suppress(IndexError, ValueError, RecursionError, _AllFound):
            if self._wanted != set():
                self._scan(_Tokens(source))

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one, else 1."""
        for length in range(len(path), 0, -1):
            line = self.lines.get(path[:length])
            if line is not None:
                return line
        return 1

    def _record(self, path: Path, line: int) -> None:
        if path in self.lines:
            return
        self.lines[path] = line
        wanted = self._wanted
        if wanted is not None and path in wanted:
            wanted.discard(path)
            if not wanted:
                raise _AllFound

    def _read_key(self, tokens: _Tokens) -> list[str]:
        parts: list[str] = []
        while True:
            kind, value, _ = tokens.take()
            if kind == "eof":
                raise ValueError("unexpected end of document")
            parts.append(_key_text(kind, value))
            if tokens.peek()[1] != ".":
                return parts
            tokens.take()

    def _resolve(self, parts: list[str], line: int) -> Path:
        """Turn header key parts into a path, entering the last element of each array.

        Tables a header creates implicitly (`b` in `[b.c]`) are placed on its line.
        """
        path: Path = ()
        for part in parts:
            path = (*path, part)
            self._record(path, line)
            if path in self._array_counts:
                path = (*path, self._array_counts[path] - 1)
        return path

    def _expect(self, tokens: _Tokens, value: str) -> None:
        if tokens.take()[1] != value:
            raise ValueError(f"expected {value!r}")

    def _scan(self, tokens: _Tokens) -> None:
        table: Path = ()
        while True:
            tokens.skip_newlines()
            kind, value, line = tokens.peek()
            if kind == "eof":
                return
            if value == "[":
                tokens.take()
                # A statement that opens with `[[` is an array-of-tables header (TOML
                # allows no space between the brackets there).
                if tokens.peek()[1] == "[":
                    tokens.take()
                    parts = self._read_key(tokens)
                    self._expect(tokens, "]")
                    self._expect(tokens, "]")
                    parent = self._resolve(parts[:-1], line)
                    array = (*parent, parts[-1])
                    index = self._array_counts.get(array, 0)
                    self._array_counts[array] = index + 1
                    self._record(array, line)
                    table = (*array, index)
                else:
                    parts = self._read_key(tokens)
                    self._expect(tokens, "]")
                    table = self._resolve(parts, line)
                self._record(table, line)
            else:
                self._key_value(tokens, table)

    def _key_value(self, tokens: _Tokens, table: Path) -> None:
        line = tokens.peek()[2]
        parts = self._read_key(tokens)
        # a dotted key `a.b.c = 1` also places the tables `a` and `a.b` it creates
        for length in range(1, len(parts) + 1):
            self._record((*table, *parts[:length]), line)
        self._expect(tokens, "=")
        self._value(tokens, (*table, *parts))

    def _value(self, tokens: _Tokens, path: Path) -> None:
        kind, value, line = tokens.take()
        if value == "[":
            index = 0
            while True:
                tokens.skip_newlines()
                following = tokens.peek()
                if following[1] == "]":
                    tokens.take()
                    return
                if following[0] == "eof":
                    raise ValueError("unclosed array")
                self._record((*path, index), following[2])
                self._value(tokens, (*path, index))
                index += 1
                tokens.skip_newlines()
                if tokens.peek()[1] == ",":
                    tokens.take()
        elif value == "{":
            while True:
                tokens.skip_newlines()
                following = tokens.peek()
                if following[1] == "}":
                    tokens.take()
                    return
                if following[0] == "eof":
                    raise ValueError("unclosed inline table")
                self._key_value(tokens, path)
                tokens.skip_newlines()
                if tokens.peek()[1] == ",":
                    tokens.take()
        elif kind == "bare":
            # Dates, numbers and booleans may be split by the "." and ":" the lexer stops
            # at; swallow the rest of the scalar up to a delimiter.
            while tokens.peek()[1] == "." or (
                tokens.peek()[0] == "bare" and tokens.peek()[2] == line
            ):
                tokens.take()
