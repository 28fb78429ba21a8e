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
