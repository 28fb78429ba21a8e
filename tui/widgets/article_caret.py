"""The article's text cursor: arrow keys and the mouse move it and select words.

A mixin of ArticleView (see `CaretHost` for what it needs of it); the caret's state and
geometry are plain (tui.widgets.text_caret).
"""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip

from tui.widgets.text_caret import TextCaret, offset_at, row_column

GUTTER = 2  # the article's gutter: the cursor mark before each line

CARET_BINDINGS = [
    # Arrows move the caret; with shift they select (with ctrl: by word).
    Binding("left", "caret('char', -1)", "Caret left", show=False),
    Binding("right", "caret('char', 1)", "Caret right", show=False),
    Binding("ctrl+left", "caret('word', -1)", "Word left", show=False),
    Binding("ctrl+right", "caret('word', 1)", "Word right", show=False),
    Binding("shift+left", "caret('char', -1, True)", "Select left", show=False),
    Binding("shift+right", "caret('char', 1, True)", "Select right", show=False),
    Binding("ctrl+shift+left", "caret('word', -1, True)", "Select word left", show=False),
    Binding("ctrl+shift+right", "caret('word', 1, True)", "Select word right", show=False),
    Binding("shift+up", "caret('line', -1, True)", "Select line up", show=False),
    Binding("shift+down", "caret('line', 1, True)", "Select line down", show=False),
    Binding("shift+home", "caret('end', -1, True)", "Select to start", show=False),
    Binding("shift+end", "caret('end', 1, True)", "Select to end", show=False),
    Binding("escape", "clear_selection", "Clear selection", show=False),
]


class CaretHost(Protocol):
    text_caret: TextCaret
    cursor: int
    top: int
    _dragging: bool

    @property
    def size(self) -> Size: ...

    @property
    def plain(self) -> str: ...

    @property
    def paragraph_count(self) -> int: ...

    def _block(self, index: int, width: int) -> list[Strip]: ...

    def _line_starts(self) -> list[int]: ...

    def _caret_changed(self) -> None: ...

    def _row_at(self, y: int) -> tuple[int, int] | None: ...

    def _offset_at(self, row: int, x: int) -> int: ...

    def capture_mouse(self, capture: bool = True) -> None: ...

    def release_mouse(self) -> None: ...


class CaretActions:
    """The actions behind CARET_BINDINGS, and selecting with the mouse."""

    def action_caret(self: CaretHost, unit: str, step: int, extend: bool = False) -> None:
        caret, plain = self.text_caret, self.plain
        selected = caret.selection
        if unit == "char" and selected is not None and not extend:
            to = selected[0] if step < 0 else selected[1]  # an arrow drops a selection at its edge
        elif unit == "line":
            starts = self._line_starts()
            row, column = row_column(plain, starts, caret.caret)
            if 0 <= row + step < len(starts):
                to = offset_at(plain, starts, row + step, column)
            else:
                to = 0 if step < 0 else len(plain)
        else:
            to = caret.target(plain, unit, step)
        if caret.move(to, extend=extend):
            self._caret_changed()

    def action_clear_selection(self: CaretHost) -> None:
        if self.text_caret.clear():
            self._caret_changed()

    def _row_at(self: CaretHost, y: int) -> tuple[int, int] | None:
        """The paragraph drawn at line `y` and the line of its block that `y` is."""
        width = self.size.width
        top = 0
        for index in range(self.top, self.paragraph_count):
            height = len(self._block(index, width))
            if y < top + height:
                return index, y - top
            top += height
        return None

    def _offset_at(self: CaretHost, row: int, x: int) -> int:
        """The character of the cursor's paragraph at `row` of its block, `x` cells in."""
        starts = self._line_starts()
        if row < 0:
            return 0
        if row >= len(starts):
            return len(self.plain)
        return offset_at(self.plain, starts, row, max(0, x - GUTTER))
