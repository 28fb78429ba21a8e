"""The movement keys shared by every list-like widget (the entry lists, the article).

A widget that uses them provides the actions: cursor_up, cursor_down, first, last,
page_up and page_down.
"""

from __future__ import annotations

from textual.binding import Binding

CURSOR_BINDINGS = [
    Binding("up,k", "cursor_up", "Up", show=False),
    Binding("down,j", "cursor_down", "Down", show=False),
    Binding("home,g", "first", "First", show=False),
    Binding("end,G", "last", "Last", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
]


class CursorActions:
    """The actions behind CURSOR_BINDINGS, for a widget whose reactive `cursor` is clamped
    by its own validator; it says how many rows it has and how many make a page."""

    cursor: int

    def row_count(self) -> int:
        raise NotImplementedError

    def page_size(self) -> int:
        raise NotImplementedError

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count() - 1

    def action_page_up(self) -> None:
        self.cursor -= self.page_size()

    def action_page_down(self) -> None:
        self.cursor += self.page_size()
