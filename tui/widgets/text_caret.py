"""A text cursor and selection inside one paragraph, and where its characters are drawn.

Plain state (no Textual): the article keeps one for the paragraph under its cursor. A
selection never leaves its paragraph, as a source link never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

_WORD = re.compile(r"\w[\w’'-]*\w|\w")


@dataclass
class TextCaret:
    """The caret at a character offset of a text `length` long; `anchor` is where a
    selection started (None: nothing selected)."""

    length: int
    caret: int = 0
    anchor: int | None = None
    # Drawn once used: until then the article moves by paragraph and shows no caret.
    active: bool = False

    @property
    def selection(self) -> tuple[int, int] | None:
        """(start, end) of the selected characters, or None."""
        if self.anchor is None or self.anchor == self.caret:
            return None
        return min(self.anchor, self.caret), max(self.anchor, self.caret)

    def move(self, to: int, *, extend: bool = False) -> bool:
        """Put the caret at `to` (clamped); `extend` grows the selection instead of
        dropping it. True when anything changed."""
        before = (self.caret, self.anchor, self.active)
        self.active = True
        if extend:
            if self.anchor is None:
                self.anchor = self.caret
        else:
            self.anchor = None
        self.caret = max(0, min(to, self.length))
        return (self.caret, self.anchor, self.active) != before

    def target(self, text: str, unit: str, step: int) -> int:
        """Where `step` characters (unit "char"), words ("word") or an end of `text`
        ("end") away from the caret is."""
        if unit == "char":
            return self.caret + step
        if unit == "word":
            return word_left(text, self.caret) if step < 0 else word_right(text, self.caret)
        return 0 if step < 0 else len(text)

    def select(self, start: int, end: int) -> None:
        self.active = True
        self.anchor = max(0, min(start, self.length))
        self.caret = max(0, min(end, self.length))

    def clear(self) -> bool:
        changed = self.anchor is not None
        self.anchor = None
        return changed


def word_left(text: str, offset: int) -> int:
    """The start of the word before `offset` (or of the one it is in)."""
    start = 0
    for word in _WORD.finditer(text):
        if word.start() >= offset:
            break
        start = word.start()
    return start


def word_right(text: str, offset: int) -> int:
    """The end of the word after `offset` (or of the one it is in)."""
    for word in _WORD.finditer(text):
        if word.end() > offset:
            return word.end()
    return len(text)


def line_starts(text: Text, console: Console, width: int) -> list[int]:
    """The offset in `text` where each line starts when wrapped to `width` cells, as
    `strips.wrapped_strips` draws it."""
    plain = text.plain
    starts: list[int] = []
    position = 0
    for line in text.wrap(console, max(1, width)):
        found = plain.find(line.plain, position) if line.plain else position
        start = position if found < 0 else found
        starts.append(start)
        position = start + len(line.plain)
    return starts or [0]


def offset_at(plain: str, starts: list[int], row: int, column: int) -> int:
    """The character offset drawn at `column` cells into wrapped line `row`."""
    row = max(0, min(row, len(starts) - 1))
    start = starts[row]
    end = starts[row + 1] if row + 1 < len(starts) else len(plain)
    cells = 0
    for offset in range(start, end):
        width = cell_len(plain[offset])
        if cells + width > column:
            return offset
        cells += width
    # Past the end of a wrapped line: its last character (the space it broke at).
    return end if row + 1 >= len(starts) else max(start, end - 1)


def row_column(plain: str, starts: list[int], offset: int) -> tuple[int, int]:
    """The wrapped line and cell column where `offset` is drawn."""
    row = 0
    for index, start in enumerate(starts):
        if start <= offset:
            row = index
    return row, cell_len(plain[starts[row] : offset])
