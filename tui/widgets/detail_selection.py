"""Selecting words in the detail pane's current source paragraph, as in the article:
shift+arrows by character, ctrl+shift+arrows by word, shift+home / shift+end to the ends.
The caret starts at the entry's own words in that paragraph. (← and → alone step between
the sources here, so the selection keys are the shifted ones.)

A mixin of DetailView (see `SelectionHost`); the caret is plain (tui.widgets.text_caret).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size

from tui.widgets.detail_sections import SourceHeading
from tui.widgets.text_caret import TextCaret, line_starts, offset_at

MARGIN = 1  # the pane's blank column each side: drawn, as CSS padding costs a style run

DETAIL_SELECTION_BINDINGS = [
    Binding("shift+left", "select('char', -1)", "Select left", show=False),
    Binding("shift+right", "select('char', 1)", "Select right", show=False),
    Binding("ctrl+shift+left", "select('word', -1)", "Select word left", show=False),
    Binding("ctrl+shift+right", "select('word', 1)", "Select word right", show=False),
    Binding("shift+home", "select('end', -1)", "Select to start", show=False),
    Binding("shift+end", "select('end', 1)", "Select to end", show=False),
    Binding("escape", "clear_selection", "Clear selection", show=False),
]


class _SourceLines(Protocol):
    """Where a source paragraph is drawn: its heading's line, the line after its text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class SelectionHost(Protocol):
    source_caret: TextCaret | None
    caret_source: int
    current_source: int
    dragging: bool

    @property
    def size(self) -> Size: ...

    @property
    def app(self) -> App[object]: ...

    @property
    def _anchors(self) -> Sequence[_SourceLines]: ...

    def _first_line(self) -> int: ...

    def refresh(self) -> object: ...

    def action_open_source(self) -> None: ...

    def press_in_source(self, number: int, row: int, x: int) -> None: ...

    def drag_in_source(self, row: int, x: int) -> None: ...

    def capture_mouse(self, capture: bool = True) -> None: ...

    def release_mouse(self) -> None: ...

    @property
    def blocks(self) -> list[Text]: ...

    def _selection_changed(self) -> None: ...


def source_block(blocks: list[Text], number: int) -> tuple[SourceHeading, Text] | None:
    """The `number`th source paragraph's heading and its text block."""
    seen = -1
    for index, block in enumerate(blocks):
        if isinstance(block, SourceHeading):
            seen += 1
            if seen == number and index + 1 < len(blocks):
                return block, blocks[index + 1]
    return None


class DetailSelection:
    source_caret: TextCaret | None = None  # words selected in a source paragraph
    caret_source: int = 0  # which source paragraph the caret is in
    dragging = False  # a mouse drag is selecting

    def selection(self: SelectionHost) -> tuple[str, int, int] | None:
        """The selected words: (paragraph id, start, end) in the paragraph's text."""
        caret = self.source_caret
        selected = caret.selection if caret is not None else None
        found = source_block(self.blocks, self.caret_source)
        if selected is None or found is None:
            return None
        return found[0].paragraph, selected[0], selected[1]

    def action_select(self: SelectionHost, unit: str, step: int) -> None:
        found = source_block(self.blocks, self.current_source)
        if found is None:
            return
        heading, block = found
        plain = block.plain
        caret = self.source_caret
        if caret is None or self.caret_source != self.current_source:
            caret = TextCaret(len(plain), caret=heading.highlight or 0)
            self.source_caret, self.caret_source = caret, self.current_source
        caret.move(caret.target(plain, unit, step), extend=True)
        self._selection_changed()

    def action_clear_selection(self: SelectionHost) -> None:
        if self.source_caret is not None and self.source_caret.clear():
            self._selection_changed()

    # --- the mouse: press in a source's text and drag to select ------------------------
    # (The pane has no padding or border: an event's x and y are its content offset.)

    def on_mouse_down(self: SelectionHost, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        index = self._first_line() + event.y
        for number, anchor in enumerate(self._anchors):
            if anchor.start <= index < anchor.end:
                self.current_source = number
                self.press_in_source(number, index - anchor.start - 1, event.x - MARGIN)
                self.refresh()
                return

    def on_mouse_move(self: SelectionHost, event: events.MouseMove) -> None:
        if self.dragging and self._anchors:
            anchor = self._anchors[min(self.caret_source, len(self._anchors) - 1)]
            row = self._first_line() + event.y - anchor.start - 1
            self.drag_in_source(row, event.x - MARGIN)

    def on_mouse_up(self: SelectionHost, event: events.MouseUp) -> None:
        if self.dragging:
            self.dragging = False
            self.release_mouse()

    def on_click(self: SelectionHost, event: events.Click) -> None:
        if event.chain > 1:  # a double click opens the source, as enter does
            self.action_open_source()

    def press_in_source(self: SelectionHost, number: int, row: int, x: int) -> None:
        """A press on source `number`, `row` lines into its text (below 0: its heading)."""
        found = source_block(self.blocks, number)
        if found is None or row < 0:
            return
        plain = found[1].plain
        offset = _offset_at(self, plain, row, x)
        self.source_caret = TextCaret(len(plain), caret=offset, active=True)
        self.caret_source = number
        self.dragging = True
        self.capture_mouse()
        self._selection_changed()

    def drag_in_source(self: SelectionHost, row: int, x: int) -> None:
        found = source_block(self.blocks, self.caret_source)
        caret = self.source_caret
        if (found is not None and caret is not None
                and caret.move(_offset_at(self, found[1].plain, row, x), extend=True)):
            self._selection_changed()


def _offset_at(host: SelectionHost, plain: str, row: int, x: int) -> int:
    """The character drawn `row` lines and `x` cells into a source paragraph's text,
    wrapped as the pane wraps it (a margin each side)."""
    starts = line_starts(Text(plain), host.app.console, host.size.width - 2 * MARGIN)
    if row < 0:
        return 0
    if row >= len(starts):
        return len(plain)
    return offset_at(plain, starts, row, max(0, x))
