"""The list of the active search's hits (`ctrl+l`): pick one to go to it."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.widgets.option_list import Option

from tui.model.entities import Paragraph
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line, shortened
from tui.model.search import PARAGRAPH, HitCursor, SearchHit
from tui.screens.citing_screen import PICKER_CSS
from tui.widgets.picker_list import PickerList

LISTED_AT_MOST = 2000  # a huge story's commonest word: the first ones, and say so
CONTEXT = 24  # characters shown before a match inside a paragraph
SHOWN_AT_MOST = 240  # characters of a hit: a few lines, not a whole long paragraph
MATCH_STYLE = Style(bold=True, reverse=True)


class HitsScreen(ModalScreen[int | None]):
    """Returns the position of the chosen hit, or None when dismissed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="picker.back")
    ]
    DEFAULT_CSS = "HitsScreen {" + PICKER_CSS + "}"

    def __init__(self, hits: HitCursor, index: StoryIndex, pattern: re.Pattern[str] | None) -> None:
        super().__init__()
        self._hits = hits.hits[:LISTED_AT_MOST]
        self._total = len(hits.hits)
        self._position = hits.position
        self._query = hits.query
        self._index = index
        self._pattern = pattern

    def compose(self) -> ComposeResult:
        with Vertical():
            listed = "" if self._total == len(self._hits) else f", the first {len(self._hits)}"
            title = f"{self._total} hits for {one_line(self._query)}{listed}"
            yield Label(Text(title, "bold"))
            yield PickerList(id="hits-list")
            yield Label(Text("j k move · enter goes there · escape goes back"),
                        classes="picker-help")

    def _option(self, hit: SearchHit, muted: Style) -> Option:
        if hit.kind == PARAGRAPH:
            text = self._excerpt(self._index.paragraphs[hit.id])
        else:
            entry = self._index.entries[hit.id]
            text = Text(shortened(one_line(entry.label), SHOWN_AT_MOST))
        if self._pattern is not None:
            text.highlight_regex(self._pattern, MATCH_STYLE)
        kind = "¶ " + hit.id if hit.kind == PARAGRAPH else hit.kind
        return Option(Text.assemble((f"{kind:<8} ", muted), text))

    def _excerpt(self, paragraph: Paragraph) -> Text:
        text = one_line(paragraph.text)
        found = self._pattern.search(text) if self._pattern is not None else None
        if found is not None and found.start() > CONTEXT:
            text = "…" + text[found.start() - CONTEXT :]
        return Text(shortened(text, SHOWN_AT_MOST))

    def on_mount(self) -> None:
        hit_list = self.query_one(PickerList)
        hit_list.fill(self._option(hit, hit_list.muted) for hit in self._hits)
        self.set_focus(hit_list)
        if 0 <= self._position < len(self._hits):
            hit_list.highlighted = self._position

    @on(PickerList.OptionSelected)
    def _chosen(self, event: PickerList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
