"""A virtual, keyboard-driven list: column headings, then one line per row, no widget per row.

Stories can hold tens of thousands of entries, so rows are rendered only when they are on
screen (Textual's line API) and a cursor move repaints two lines, not the list. Columns
are sized from their contents and the width (see `columns`); the headings stay on the
first line while the rows scroll under them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.columns import Column, Placed, fit_columns
from tui.widgets.cursor_keys import CURSOR_BINDINGS, CursorActions
from tui.widgets.entry_rows import BADGE_WIDTH, BadgeFunction, cell, no_badge
from tui.widgets.strips import text_strip

RowT = TypeVar("RowT")
HEADER_LINES = 1
CACHED_LINES = 1024  # rendered rows kept: several screens' worth at any width


class EntryList(CursorActions, ScrollView, Generic[RowT], can_focus=True):
    """Rows of type RowT; subclasses give their `columns` and each row's `cells`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="list.open"),
        *CURSOR_BINDINGS,
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--cursor",
        "entry-list--dim",
        "entry-list--empty",
        "entry-list--header",
        "entry-list--match",
    }

    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .entry-list--cursor { background: $panel-lighten-1; text-style: bold; }
        /* Reversed, so that without colour (NO_COLOR) the bar still shows. */
        &:focus > .entry-list--cursor {
            color: $accent; background: $cursor-foreground; text-style: bold reverse;
        }
        & > .entry-list--dim { color: $text-muted; }
        & > .entry-list--empty { color: $text-muted; text-style: italic; }
        & > .entry-list--header { color: $text-muted; text-style: bold; }
        & > .entry-list--match { background: $secondary 50%; text-style: bold underline; }
    }
    """

    # No repaint on change: watch_cursor repaints only the rows that changed.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another row (also sent when the rows change)."""

        def __init__(self, entry_list: EntryList[object], row: object | None) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.row = row

        @property
        def control(self) -> EntryList[object]:
            return self.entry_list

    empty_text = "Nothing to show."

    def __init__(
        self,
        rows: Sequence[RowT] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: Sequence[RowT] = rows
        self._index_by_identity: dict[int, int] | None = None  # id(row) -> index, when asked
        self.badge: BadgeFunction = no_badge
        # Set by the screen: what enter (or a double click) on a row does. Called at once,
        # not by message, so keys typed right after enter reach wherever it leads.
        self.on_open: Callable[[RowT], None] = lambda row: None
        self._line_cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(CACHED_LINES)
        self._placed: tuple[int, list[Placed]] | None = None  # (width, columns) last fitted
        self._scrollbars_for: tuple[Size, Size] | None = None
        self._match: re.Pattern[str] | None = None

    # --- data -------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    @property
    def current(self) -> RowT | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[RowT], keep: RowT | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep` (or the current row) if present."""
        target = keep if keep is not None else self.current
        # If the row under the cursor leaves (a filter hid it), stay at the same height.
        index = self.cursor
        self._rows = rows
        self._index_by_identity = None
        self.refresh_rows()
        if target is not None:  # one look: not worth the index select builds
            with contextlib.suppress(ValueError):
                index = list(rows).index(target)
        self.virtual_size = self._virtual_size()
        self.cursor = min(index, max(len(rows) - 1, 0))

    def refresh_rows(self) -> None:
        """Forget rendered rows (after marks, filters or styles change) and repaint."""
        self._line_cache.clear()
        self.refresh()

    def refresh_row_of(self, row: RowT) -> None:
        """Repaint the one row showing `row` (its review badge changed), not the list."""
        index = self.cursor if self.current is row else self.index_of(row, -1)
        if index < 0:
            return
        for key in [key for key in self._line_cache.keys() if key[0] == index]:  # noqa: SIM118
            self._line_cache.discard(key)
        self._refresh_row(index)

    def select(self, row: RowT) -> bool:
        """Move the cursor to `row`; False when it is not in the list."""
        index = self.index_of(row, -1)
        if index < 0:
            return False
        self.cursor = index
        return True

    def index_of(self, row: RowT, default: int) -> int:
        """Where `row` is in the list (that very object, else one equal to it), or `default`.

        The time axis selects a row on each move: by identity that is a lookup, where a
        search compares it with every row before it (20,000 on a large story)."""
        if self._index_by_identity is None:
            self._index_by_identity = {id(each): n for n, each in enumerate(self._rows)}
        index = self._index_by_identity.get(id(row))
        if index is not None:  # the list holds its rows, so no other row has that id
            return index
        try:  # an equal row: say, a copy from before a save
            return list(self._rows).index(row)
        except ValueError:
            return default

    @property
    def match(self) -> re.Pattern[str] | None:
        """What the active search matches: highlighted in every row shown."""
        return self._match

    @match.setter
    def match(self, pattern: re.Pattern[str] | None) -> None:
        if pattern == self._match:
            return
        # Repaint only the rows on screen that the old or the new search matches: each
        # key typed into the search line changes it, and each row repainted is sent.
        width = self.scrollable_content_region.width
        patterns = [p for p in (self._match, pattern) if p is not None]
        changed = [
            y
            for y in range(HEADER_LINES, self.size.height)
            if any(p.search(self.render_line(y).text) for p in patterns)
        ]
        self._match = pattern
        self._line_cache.clear()
        for y in changed:
            self.refresh(Region(0, y, width, 1))

    # --- columns ----------------------------------------------------------------------

    def columns(self) -> list[Column]:
        """The list's columns, widest cells measured (subclasses)."""
        raise NotImplementedError

    def cells(self, row: RowT) -> dict[str, tuple[str, Style | str]]:
        """Each column's text and style for `row` (subclasses)."""
        raise NotImplementedError

    def placed_columns(self, width: int) -> list[Placed]:
        """The columns shown at `width` cells (after the review badge), and their widths."""
        if self._placed is None or self._placed[0] != width:
            self._placed = (width, fit_columns(self.columns(), width - BADGE_WIDTH))
        return self._placed[1]

    def render_row(self, row: RowT, width: int) -> Text:
        placed = self.placed_columns(width)
        values = self.cells(row)
        parts = [self.badge(row)]  # type: ignore[arg-type]  # rows are entries
        for number, (column, column_width) in enumerate(placed):
            text, style = values[column.key]
            parts.append(_cell(column, column_width, text, style, last=number == len(placed) - 1))
        return Text.assemble(*parts)

    def header_text(self, width: int) -> Text:
        placed = self.placed_columns(width)
        parts = [Text(" " * BADGE_WIDTH)]
        for number, (column, column_width) in enumerate(placed):
            last = number == len(placed) - 1
            parts.append(_cell(column, column_width, column.header, "", last=last))
        return Text.assemble(*parts)

    # --- rendering --------------------------------------------------------------------

    def _virtual_size(self) -> Size:
        # Rows are cropped to the pane, never scrolled sideways: the width is left at 0 so
        # that a resize does not change the virtual size, which costs another layout and
        # frame (one more at start-up, when the first resize arrives).
        return Size(0, len(self._rows) + HEADER_LINES)

    def _scroll_update(self, virtual_size: Size) -> None:
        # Textual calls this on every layout of a scroll view and repaints the scrollbar
        # each time, changed or not; a repaint asked for during a layout costs one more
        # frame (at start-up, the last one). Only a new size changes the scrollbar.
        key = (virtual_size, self.container_size)
        if key != self._scrollbars_for:
            self._scrollbars_for = key
            super()._scroll_update(virtual_size)

    def on_mount(self) -> None:
        self.virtual_size = self._virtual_size()
        if len(self._rows) + HEADER_LINES > self.app.size.height:
            # More rows than the terminal has lines: the scrollbar is needed whatever the
            # layout. Shown now, before the first layout, rather than found by it, which
            # asks for a second layout and draws the list again a frame later.
            self.show_vertical_scrollbar = True
            self.vertical_scrollbar.display = True

    def on_resize(self) -> None:
        self._line_cache.clear()
        self.virtual_size = self._virtual_size()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self.refresh_rows()

    def on_blur(self) -> None:
        self.refresh_rows()

    def notify_style_update(self) -> None:
        # A new theme: the cached rows carry the old one's colours.
        super().notify_style_update()
        self._line_cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER_LINES:
            return self._header_strip(width)
        index = self.scroll_offset.y + y - HEADER_LINES
        if not self._rows:
            if y == HEADER_LINES:
                style = self.get_component_rich_style("entry-list--empty")
                return Strip([Segment(f" {self.empty_text}"[:width], style)]).extend_cell_length(
                    width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor
        key = (index, width, selected, self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_strip(index, width, selected)
            self._line_cache.set(key, strip)
        return strip

    def _header_strip(self, width: int) -> Strip:
        key = (-1, width, False, False)
        strip = self._line_cache.get(key)
        if strip is None:
            text = self.header_text(width)
            text.truncate(width, overflow="ellipsis")
            style = self.rich_style + self.get_component_rich_style("entry-list--header")
            strip = text_strip(text, self.app.console, width, style)
            self._line_cache.set(key, strip)
        return strip

    def _render_strip(self, index: int, width: int, selected: bool) -> Strip:
        text = self.render_row(self._rows[index], width)
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        base: Style = self.rich_style
        if selected:
            # One uniform bar: per-cell colours under a reversed cursor turn into a
            # patchwork, and without colour (NO_COLOR) the reverse alone must carry it.
            text = Text(text.plain, no_wrap=True)
            base = base + self.get_component_rich_style("entry-list--cursor")
        if self._match is not None:
            # Under the cursor bar, matches are underlined: no colour patchwork there.
            style = Style(underline=True) if selected else self._match_style()
            text.highlight_regex(self._match, style)
        return text_strip(text, self.app.console, width, base)

    def _match_style(self) -> Style:
        return self.get_component_rich_style("entry-list--match")

    # --- movement ---------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self.current))  # type: ignore[arg-type]

    def _refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y + HEADER_LINES
        if HEADER_LINES <= y < self.size.height:
            # The row only: leaving out the scrollbar column saves bytes per move.
            self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    def _rows_shown(self) -> int:
        return self.scrollable_content_region.height - HEADER_LINES

    def _scroll_cursor_into_view(self) -> None:
        height = self._rows_shown()
        if height <= 0:
            return
        top = self.scroll_offset.y
        if top <= self.cursor < top + height:
            return
        # Jump so the cursor lands mid-pane rather than scrolling a line at a time: each
        # scroll repaints every row, and over a slow link one repaint per half page is
        # much cheaper than one per key.
        if abs(self.cursor - top) <= height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)
        else:  # a long jump (g, G, search): put the row at the top, like a pager
            self.scroll_to(y=max(0, min(self.cursor, len(self._rows) - height)), animate=False)

    def row_count(self) -> int:
        return len(self._rows)

    def page_size(self) -> int:
        return max(1, self._rows_shown() - 1)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.on_open(row)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES:
            return
        index = self.scroll_offset.y + offset.y - HEADER_LINES
        if 0 <= index < len(self._rows):
            if index == self.cursor and event.chain > 1:
                self.action_open()
            self.cursor = index


def _cell(column: Column, width: int, text: str, style: Style | str, *, last: bool) -> Text:
    """One cell of a row: cut or padded to the column, then the gap; the last column runs
    on to the end of the row (cut there, with an ellipsis, when it is too long)."""
    if column.right:
        text = text.rjust(width)
    if last:
        return Text(text, style)
    return cell(text, width, style, gap=1)
