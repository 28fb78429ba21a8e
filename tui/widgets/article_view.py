"""The article reader: every paragraph, every linked span marked, and who cites it.

It scrolls by paragraph and lays out only the paragraphs on screen, so a story of
twenty thousand paragraphs costs no more to show than one of twenty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.model.entities import Entry, Paragraph
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line, safe_text
from tui.widgets.article_caret import CARET_BINDINGS, GUTTER, CaretActions
from tui.widgets.cursor_keys import CURSOR_BINDINGS, CursorActions
from tui.widgets.paragraph_text import Span, paragraph_text, spans_in
from tui.widgets.strips import text_strip, wrapped_strips
from tui.widgets.text_caret import TextCaret, line_starts

CURSOR_MARK = "▌ "  # in the gutter of the paragraph under the cursor
CITING_MARK = "↳"  # before the entries that cite a paragraph
CACHED_BLOCKS = 512  # laid-out paragraphs kept: several screens' worth at any width
_KIND_CLASS = {
    "heading": "article--heading",
    "standfirst": "article--standfirst",
    "caption": "article--caption",
    "credit": "article--caption",
}


class ArticleView(CaretActions, CursorActions, Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Entries citing this", id="article.citing"),
        *CURSOR_BINDINGS,
        *CARET_BINDINGS,
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--cursor",
        "article--linked",
        "article--highlight",
        "article--citing",
        "article--heading",
        "article--standfirst",
        "article--caption",
        "article--match",
        "article--selection",
        "article--caret",
        "article--reanchored",
    }
    DEFAULT_CSS = """
    ArticleView {
        width: 1fr;
        height: 1fr;
        background: $surface;
        & > .article--cursor { color: $text-accent; }
        &:focus > .article--cursor { color: $text-accent; text-style: bold; }
        & > .article--linked { text-style: underline; }
        & > .article--highlight { background: $warning 40%; text-style: bold reverse; }
        & > .article--citing { color: $text-muted; }
        & > .article--heading { text-style: bold; }
        & > .article--standfirst { text-style: italic; }
        & > .article--caption { color: $text-muted; text-style: italic; }
        & > .article--match { background: $secondary 50%; text-style: bold underline; }
        /* Reverse video: shown in every theme, on a linux console and with NO_COLOR. */
        & > .article--selection { text-style: reverse bold; }
        & > .article--caret { text-style: reverse; }
        /* Repair mode: a link's words found again, not yet accepted. */
        & > .article--reanchored { color: $text-warning; text-style: bold underline; }
    }
    """

    # No repaint on change: watch_cursor repaints only the rows that changed.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    entry: reactive[Entry | None] = reactive(None, always_update=True, init=False)

    class Moved(Message):
        def __init__(self, article: ArticleView, paragraph: Paragraph) -> None:
            super().__init__()
            self.article = article
            self.paragraph = paragraph

    class SelectionChanged(Message):
        """Words were selected, or the selection was dropped."""

        def __init__(self, article: ArticleView) -> None:
            super().__init__()
            self.article = article

        @property
        def control(self) -> ArticleView:
            return self.article

    def __init__(self, index: StoryIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index = index
        self._paragraphs = index.bundle.paragraphs
        self.top = 0
        self._blocks: LRUCache[tuple[int, int, bool], list[Strip]] = LRUCache(CACHED_BLOCKS)
        self._match: re.Pattern[str] | None = None
        self._layout: list[Strip] | None = None
        self.text_caret = TextCaret(len(self._paragraphs[0].text) if self._paragraphs else 0)
        self._dragging = False
        # Repair mode: paragraph id -> spans of re-anchored links not yet accepted.
        self.reanchored: dict[str, list[tuple[int, int]]] = {}
        # Set by the screen: what enter on a paragraph does (called at once, not by
        # message, so keys typed right after it reach what it opens).
        self.on_open: Callable[[Paragraph], None] = lambda paragraph: None

    @property
    def paragraph(self) -> Paragraph:
        return self._paragraphs[self.cursor]

    @property
    def paragraph_count(self) -> int:
        return len(self._paragraphs)

    @property
    def plain(self) -> str:
        """The text of the paragraph under the cursor, as drawn."""
        return safe_text(self.paragraph.text)

    def selection(self) -> tuple[Paragraph, int, int] | None:
        """The selected words: their paragraph and (start, end) offsets in its text."""
        selected = self.text_caret.selection
        if selected is None or not self._paragraphs:
            return None
        return self.paragraph, selected[0], selected[1]

    def select_range(self, start: int, end: int) -> None:
        self.text_caret.select(start, end)
        self._caret_changed()

    def select_match(self, pattern: re.Pattern[str]) -> bool:
        """Select the first words of the cursor's paragraph that `pattern` matches."""
        found = pattern.search(self.plain)
        if found is None or found.start() == found.end():
            return False
        self.select_range(found.start(), found.end())
        return True

    def show_paragraph(self, paragraph_id: str) -> None:
        paragraph = self._index.paragraphs.get(paragraph_id)
        if paragraph is not None:
            self.cursor = paragraph.position

    @property
    def match(self) -> re.Pattern[str] | None:
        """What the active search matches: highlighted in every paragraph shown."""
        return self._match

    @match.setter
    def match(self, pattern: re.Pattern[str] | None) -> None:
        if pattern != self._match:
            self._match = pattern
            self._invalidate(blocks=True)

    # --- layout -----------------------------------------------------------------------

    def _invalidate(self, blocks: bool = False) -> None:
        if blocks:
            self._blocks.clear()
        self._layout = None
        self.refresh()

    def watch_entry(self) -> None:
        self._invalidate(blocks=True)

    def on_resize(self) -> None:
        self._invalidate(blocks=True)
        self._keep_cursor_visible()

    def on_focus(self) -> None:
        self._invalidate(blocks=True)

    def on_blur(self) -> None:
        self._invalidate(blocks=True)

    def notify_style_update(self) -> None:
        # A new theme: the cached paragraphs carry the old one's colours.
        super().notify_style_update()
        self._blocks.clear()
        self._layout = None

    def _block(self, index: int, width: int) -> list[Strip]:
        selected = index == self.cursor
        key = (index, width, selected)
        block = self._blocks.get(key)
        if block is None:
            block = self._render_block(index, width, selected)
            self._blocks.set(key, block)
        return block

    def _render_block(self, index: int, width: int, selected: bool) -> list[Strip]:
        paragraph = self._paragraphs[index]
        style = self.get_component_rich_style
        citing = self._index.citing.get(paragraph.id, ())
        linked: list[Span] = []
        for entry in citing:
            linked.extend(spans_in(entry, paragraph.id))
        highlighted = spans_in(self.entry, paragraph.id) if self.entry else []
        kind_class = _KIND_CLASS.get(paragraph.kind)
        text = paragraph_text(
            paragraph,
            linked=linked,
            highlighted=highlighted,
            linked_style=style("article--linked"),
            highlight_style=style("article--highlight"),
            base_style=style(kind_class) if kind_class else None,
        )
        if self._match is not None:
            text.highlight_regex(self._match, style("article--match"))
        for start, end in self.reanchored.get(paragraph.id, ()):
            text.stylize(style("article--reanchored"), start, end)
        if selected:
            self._draw_caret(text)
        base = self.rich_style
        console = self.app.console
        gutter_text = CURSOR_MARK if selected else " " * GUTTER
        gutter = [Segment(gutter_text, base + style("article--cursor"))]
        strips = wrapped_strips(text, console, width, base, prefix=gutter, prefix_width=GUTTER)
        if citing:
            labels = " · ".join(one_line(e.label) for e in citing)
            cited = Text(f"{gutter_text}{CITING_MARK} {len(citing)}: {labels}")
            # As a span: Text.render leaves a Text's own base style out.
            cited.stylize(style("article--citing"))
            cited.truncate(width, overflow="ellipsis")
            strips.append(text_strip(cited, console, width, base))
        strips.append(Strip.blank(width, base))
        return strips

    def _draw_caret(self, text: Text) -> None:
        selected = self.text_caret.selection
        if selected is not None:
            text.stylize(self.get_component_rich_style("article--selection"), *selected)
        elif self.has_focus and self.text_caret.active:
            caret = self.text_caret.caret
            caret_style = self.get_component_rich_style("article--caret")
            if caret < len(text):
                text.stylize(caret_style, caret, caret + 1)
            else:
                text.append(" ", caret_style)

    def _lay_out(self) -> list[Strip]:
        if self._layout is None:
            width, height = self.size
            strips: list[Strip] = []
            index = self.top
            while len(strips) < height and index < len(self._paragraphs):
                strips.extend(self._block(index, width))
                index += 1
            self._layout = strips
        return self._layout

    def render_line(self, y: int) -> Strip:
        layout = self._lay_out()
        if y < len(layout):
            return layout[y]
        return Strip.blank(self.size.width, self.rich_style)

    # --- movement ---------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._paragraphs) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        had_selection = self.text_caret.selection is not None
        self.text_caret = TextCaret(len(self.paragraph.text))
        self._forget_blocks(old, new)
        if had_selection:
            self.post_message(self.SelectionChanged(self))
        self._keep_cursor_visible()
        self._invalidate()
        self.post_message(self.Moved(self, self.paragraph))

    def _forget_blocks(self, *indexes: int) -> None:
        for index in indexes:
            for key in [k for k in self._blocks.keys() if k[0] == index]:  # noqa: SIM118
                self._blocks.discard(key)

    def _caret_changed(self) -> None:
        self._forget_blocks(self.cursor)
        self._invalidate()
        self.post_message(self.SelectionChanged(self))

    # --- the text cursor --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_selection":
            return self.text_caret.selection is not None  # else escape goes on to the screen
        return True

    def _line_starts(self) -> list[int]:
        return line_starts(Text(self.plain), self.app.console, self.size.width - GUTTER)

    def _keep_cursor_visible(self) -> None:
        width, height = self.size
        if width <= 0 or height <= 0:
            return
        if self.cursor < self.top:
            self.top = self.cursor
            return
        used = sum(len(self._block(i, width)) for i in range(self.top, self.cursor + 1))
        while used > height and self.top < self.cursor:
            used -= len(self._block(self.top, width))
            self.top += 1

    def row_count(self) -> int:
        return len(self._paragraphs)

    def page_size(self) -> int:
        """How many paragraphs fit from the top one: the article pages by paragraph."""
        width, height = self.size
        if self.top >= len(self._paragraphs):
            return 1
        shown = 0
        used = 0
        for index in range(self.top, len(self._paragraphs)):
            used += len(self._block(index, width))
            if used > height:
                break
            shown += 1
        return max(1, shown)

    def action_open(self) -> None:
        self.on_open(self.paragraph)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        event.prevent_default()
        if self.top < len(self._paragraphs) - 1:
            self.top += 1
            self._invalidate()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        event.prevent_default()
        if self.top > 0:
            self.top -= 1
            self._invalidate()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        found = self._row_at(offset.y) if offset is not None else None
        if offset is None or found is None or event.button != 1:
            return
        index, row = found
        if index != self.cursor:
            self.cursor = index
        if self.text_caret.move(self._offset_at(row, offset.x)):
            self._caret_changed()
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = event.get_content_offset_capture(self)
        block_top = sum(len(self._block(i, self.size.width)) for i in range(self.top, self.cursor))
        if self.text_caret.move(self._offset_at(offset.y - block_top, offset.x), extend=True):
            self._caret_changed()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        found = self._row_at(offset.y) if offset is not None else None
        if found is None:
            return
        index = found[0]
        if index == self.cursor and event.chain > 1:
            self.action_open()
        elif index != self.cursor:
            self.cursor = index
