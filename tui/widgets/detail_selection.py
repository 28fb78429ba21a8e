"""Selecting words in the detail pane's current source paragraph, as in the article:
shift+arrows by character, ctrl+shift+arrows by word, shift+home / shift+end to the ends.
The caret starts at the entry's own words in that paragraph. (← and → alone step between
the sources here, so the selection keys are the shifted ones.)

A mixin of DetailView (see `SelectionHost`); the caret is plain (tui.widgets.text_caret).
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.binding import Binding

from tui.widgets.detail_sections import SourceHeading
from tui.widgets.text_caret import TextCaret, word_left, word_right

DETAIL_SELECTION_BINDINGS = [
    Binding("shift+left", "select('char', -1)", "Select left", show=False),
    Binding("shift+right", "select('char', 1)", "Select right", show=False),
    Binding("ctrl+shift+left", "select('word', -1)", "Select word left", show=False),
    Binding("ctrl+shift+right", "select('word', 1)", "Select word right", show=False),
    Binding("shift+home", "select('end', -1)", "Select to start", show=False),
    Binding("shift+end", "select('end', 1)", "Select to end", show=False),
    Binding("escape", "clear_selection", "Clear selection", show=False),
]


class SelectionHost(Protocol):
    source_caret: TextCaret | None
    caret_source: int
    current_source: int

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
        if unit == "char":
            to = caret.caret + step
        elif unit == "word":
            to = word_left(plain, caret.caret) if step < 0 else word_right(plain, caret.caret)
        else:
            to = 0 if step < 0 else len(plain)
        caret.move(to, extend=True)
        self._selection_changed()

    def action_clear_selection(self: SelectionHost) -> None:
        if self.source_caret is not None and self.source_caret.clear():
            self._selection_changed()
