"""Find the line of any key, table or array element in a TOML document, by reading it.

tomli returns plain dicts without positions, so problems found after parsing are placed
by a second, structural pass over the source. It runs only when there is something to
report: a valid bundle never pays for it. `tui.model.locate` reads only the entries that
have a problem; this module reads a whole document (or one entry's part of it).

Tokens are kept as offsets, never as copies of their text: a 50 MB paragraph costs no
memory to step over (and the patterns are written so that `re` keeps no state per
character either).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Iterator

import tomli

Path = tuple[str | int, ...]

# Each string pattern repeats single-character classes, or groups possessively (`*+`), so
# matching a long string never grows `re`'s backtracking stack (with a plain `(?:a|b)*` it
# keeps some 200 bytes per character).
_TOKEN = re.compile(
    r'''(?P<mlbasic>"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:"{1,2}(?!"))?)'''
    r"""|(?P<mlliteral>'''[\s\S]*?'''(?:'{1,2}(?!'))?)"""
    r'''|(?P<basic>"(?:[^"\\\n]++|\\.)*+")'''
    r"""|(?P<literal>'[^'\n]*')"""
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<newline>\n)"
    r"|(?P<space>[ \t\r]+)"
    # `[[`/`]]` are two tokens each: they are also how nested arrays open and close.
    r"|(?P<punct>[\[\]{}=,.])"
    r"""|(?P<bare>[^\s\[\]{}=,."'#]+)"""
)
_MULTI_LINE = frozenset({"mlbasic", "mlliteral"})


class Token:
    """A token: its kind, where it is in the source, and its line."""

    __slots__ = ("end", "kind", "line", "start", "text")

    def __init__(self, kind: str, start: int, end: int, line: int, text: str) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.line = line
        self.text = text  # only for punctuation (its one character), else ""


_EOF = Token("eof", 0, 0, 0, "")


class _Tokens:
    """The document's tokens, read as they are asked for: a scan that stops early (every
    line it was asked for found) leaves the rest of a large file unread."""

    def __init__(self, source: str, first_line: int) -> None:
        self.source = source
        self._tokens = self._read(source, first_line)
        self._next = next(self._tokens, _EOF)

    @staticmethod
    def _read(source: str, line: int) -> Iterator[Token]:
        for match in _TOKEN.finditer(source):
            kind = match.lastgroup or "bare"
            start, end = match.span()
            if kind == "newline":
                yield Token(kind, start, end, line, "")
                line += 1
            elif kind not in ("space", "comment"):
                yield Token(kind, start, end, line, source[start] if kind == "punct" else "")
                if kind in _MULTI_LINE:
                    line += source.count("\n", start, end)

    def peek(self) -> Token:
        return self._next

    def take(self) -> Token:
        token = self._next
        self._next = next(self._tokens, _EOF)
        return token

    def skip_newlines(self) -> None:
        while self._next.kind == "newline":
            self.take()

    def key_text(self, token: Token) -> str:
        value = self.source[token.start : token.end]
        if token.kind == "basic":
            # Let the parser decode the escapes (\e, \xHH, \U0001F600 ...) exactly as it did.
            try:
                decoded = tomli.loads(f"k = {value}").get("k")
            except (tomli.TOMLDecodeError, ValueError):
                return value[1:-1]
            return decoded if isinstance(decoded, str) else value[1:-1]
        if token.kind == "literal":
            return value[1:-1]
        return value


class _AllFound(Exception):
    """Every path asked for has its line: the rest of the document need not be read."""


class TomlLines:
    """Maps paths like ("events", 3, "sources", 0, "exact") to 1-based line numbers.

    Given `wanted`, the scan stops once each of those paths has its line (a path's line is
    where it first appears, so nothing read later could change it); a wanted path that is
    not in the document (a missing key) makes it read to the end, as without `wanted`.

    `source` may also be one part of a document that starts at a table header, on line
    `first_line`, after `arrays` (array path -> elements before this part), e.g. the part
    `[[events]]` ... of the fourth event, after {("events",): 3}.
    """

    def __init__(
        self,
        source: str,
        wanted: Collection[Path] | None = None,
        *,
        first_line: int = 1,
        arrays: dict[Path, int] | None = None,
    ) -> None:
        self.lines: dict[Path, int] = {}
        self._array_counts: dict[Path, int] = dict(arrays or {})
        self._wanted = set(wanted) if wanted is not None else None
        self.complete = False  # read to the end without a surprise
        # Best effort: lines found so far still help; callers fall back to line 1.
        with contextlib.suppress(IndexError, ValueError, RecursionError, _AllFound):
            if self._wanted != set():
                self._scan(_Tokens(source, first_line))
                self.complete = True

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
            token = tokens.take()
            if token.kind == "eof":
                raise ValueError("unexpected end of document")
            parts.append(tokens.key_text(token))
            if tokens.peek().text != ".":
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
        if tokens.take().text != value:
            raise ValueError(f"expected {value!r}")

    def _scan(self, tokens: _Tokens) -> None:
        table: Path = ()
        while True:
            tokens.skip_newlines()
            token = tokens.peek()
            if token.kind == "eof":
                return
            if token.text == "[":
                tokens.take()
                # A statement that opens with `[[` is an array-of-tables header (TOML
                # allows no space between the brackets there).
                if tokens.peek().text == "[":
                    tokens.take()
                    parts = self._read_key(tokens)
                    self._expect(tokens, "]")
                    self._expect(tokens, "]")
                    parent = self._resolve(parts[:-1], token.line)
                    array = (*parent, parts[-1])
                    index = self._array_counts.get(array, 0)
                    self._array_counts[array] = index + 1
                    self._record(array, token.line)
                    table = (*array, index)
                else:
                    parts = self._read_key(tokens)
                    self._expect(tokens, "]")
                    table = self._resolve(parts, token.line)
                self._record(table, token.line)
            else:
                self._key_value(tokens, table)

    def _key_value(self, tokens: _Tokens, table: Path) -> None:
        line = tokens.peek().line
        parts = self._read_key(tokens)
        # a dotted key `a.b.c = 1` also places the tables `a` and `a.b` it creates
        for length in range(1, len(parts) + 1):
            self._record((*table, *parts[:length]), line)
        self._expect(tokens, "=")
        self._value(tokens, (*table, *parts))

    def _value(self, tokens: _Tokens, path: Path) -> None:
        token = tokens.take()
        if token.text == "[":
            index = 0
            while True:
                tokens.skip_newlines()
                following = tokens.peek()
                if following.text == "]":
                    tokens.take()
                    return
                if following.kind == "eof":
                    raise ValueError("unclosed array")
                self._record((*path, index), following.line)
                self._value(tokens, (*path, index))
                index += 1
                tokens.skip_newlines()
                if tokens.peek().text == ",":
                    tokens.take()
        elif token.text == "{":
            while True:
                tokens.skip_newlines()
                following = tokens.peek()
                if following.text == "}":
                    tokens.take()
                    return
                if following.kind == "eof":
                    raise ValueError("unclosed inline table")
                self._key_value(tokens, path)
                tokens.skip_newlines()
                if tokens.peek().text == ",":
                    tokens.take()
        elif token.kind == "bare":
            # Dates, numbers and booleans may be split by the "." and ":" the lexer stops
            # at; swallow the rest of the scalar up to a delimiter.
            while tokens.peek().text == "." or (
                tokens.peek().kind == "bare" and tokens.peek().line == token.line
            ):
                tokens.take()
