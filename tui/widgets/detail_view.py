"""The detail pane: every field of the selected entry, its sources and its review.

What it shows comes from section functions the screen hands it (`sections`, see
`detail_sections`); the pane wraps their blocks, scrolls them and steps between the
entry's source paragraphs. It draws its own lines (no child widget, no layout) and, when
the entry changes, repaints only the lines that differ: neighbouring entries often share
a paragraph, and each line repainted is sent to the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.model.entities import Entry
from tui.widgets.detail_sections import Section, SourceHeading
from tui.widgets.detail_selection import DETAIL_SELECTION_BINDINGS, MARGIN, DetailSelection
from tui.widgets.strips import as_spans, text_strip

CURRENT_SOURCE_MARK = "▌"  # in the left margin, beside the source `enter` opens
MORE_ABOVE, MORE_BELOW = "▲", "▼"  # in the right margin, when lines are out of sight
PLACEHOLDER = "Select an entry to see every field and the words it came from."


class _Anchor(NamedTuple):
    """Where one source paragraph is: its heading's line, the line after its text."""

    start: int
    end: int
    paragraph: str


class DetailView(DetailSelection, Widget, can_focus=True):
    """Shows the entry in `entry`; `sections` say what of it to show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_source", "Open source", id="detail.open-source"),
        Binding("right", "next_source", "Next source", id="detail.next-source"),
        Binding(
            "left", "previous_source", "Previous source", show=False, id="detail.previous-source"
        ),
        Binding("down,j", "scroll_lines(1)", "Down", show=False, id="detail.down"),
        Binding("up,k", "scroll_lines(-1)", "Up", show=False, id="detail.up"),
        Binding("pagedown", "scroll_pages(1)", "Page down", show=False, id="detail.page-down"),
        Binding("pageup", "scroll_pages(-1)", "Page up", show=False, id="detail.page-up"),
        Binding("home,g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        *DETAIL_SELECTION_BINDINGS,
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--title",
        "detail--heading",
        "detail--linked",
        "detail--highlight",
        "detail--label",
        "detail--value",
        "detail--match",
        "detail--current",
        "detail--more",
        "detail--selection",
    }
    DEFAULT_CSS = """
    DetailView {
        width: 1fr;
        height: 1fr;
        background: $surface;
        & > .detail--title { text-style: bold; }
        & > .detail--heading { color: $text-muted; }
        & > .detail--highlight { background: $warning 40%; text-style: bold reverse; }
        & > .detail--linked { text-style: underline; }
        /* Labels in the text's own style: a style run per field line costs ~30 bytes
           a cursor move, and "date:" reads as a label anyway. */
        & > .detail--match { background: $secondary 50%; text-style: bold underline; }
        & > .detail--current { color: $text-accent; text-style: bold; }
        & > .detail--selection { text-style: reverse bold; }
    }
    """

    # No repaint on change: watch_entry repaints only the lines that changed.
    entry: reactive[Entry | None] = reactive(None, always_update=True, init=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: Sequence[Section] = ()
        # Set by the screen: what enter on a source does (called at once, not by message,
        # so keys typed right after it reach what it opens).
        self.on_open: Callable[[Entry, str], None] = lambda entry, paragraph: None
        self._match: re.Pattern[str] | None = None
        self._blocks: list[Text] | None = [Text(PLACEHOLDER)]
        self._lines: list[Strip] | None = None
        self._lines_size = Size(0, 0)  # the size `_lines` were made for
        self._anchors: list[_Anchor] = []
        self._highlight_line = 0
        # First line shown; None: where the highlighted words are (worked out when drawn).
        self.top: int | None = 0
        self.current_source = 0

    class SelectionChanged(Message):
        """Words were selected in a source paragraph, or the selection was dropped."""

        def __init__(self, detail: DetailView) -> None:
            super().__init__()
            self.detail = detail

        @property
        def control(self) -> DetailView:
            return self.detail

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_selection":  # else escape goes on to the screen
            return self.source_caret is not None and self.source_caret.selection is not None
        return True

    def _selection_changed(self) -> None:
        self._lines = None
        self.refresh()
        self.post_message(self.SelectionChanged(self))

    def _drop_selection(self) -> None:
        had = self.source_caret is not None and self.source_caret.selection is not None
        self.source_caret = None
        if had:
            self.post_message(self.SelectionChanged(self))

    # --- what is shown ----------------------------------------------------------------

    @property
    def sections(self) -> Sequence[Section]:
        return self._sections

    @sections.setter
    def sections(self, sections: Sequence[Section]) -> None:
        self._sections = tuple(sections)
        self.rebuild()

    @property
    def match(self) -> re.Pattern[str] | None:
        """What the active search matches: highlighted wherever it occurs."""
        return self._match

    @match.setter
    def match(self, pattern: re.Pattern[str] | None) -> None:
        if pattern != self._match:
            self._match = pattern
            self.rebuild(keep_place=True)

    def watch_entry(self, entry: Entry | None) -> None:
        before = self._visible()
        self.current_source = 0
        self._drop_selection()
        self._invalidate()
        self._refresh_changed(before)

    def rebuild(self, keep_place: bool = False) -> None:
        """Describe the entry again (its review changed, say) and repaint what differs."""
        before = self._visible()
        top = self._first_line() if keep_place and before else None
        self._invalidate()
        self.top = top
        self._refresh_changed(before)

    def _invalidate(self) -> None:
        # Described and wrapped when next drawn, at the size it is drawn at: an entry set
        # before the first layout (at start-up) is not laid out for a zero-sized pane.
        self._blocks = None
        self._lines = None
        self.top = None

    def notify_style_update(self) -> None:
        # A new theme: the blocks carry the old one's colours.
        super().notify_style_update()
        if self.entry is not None:
            self._invalidate()

    @property
    def blocks(self) -> list[Text]:
        """The blocks of text shown, before wrapping."""
        if self._blocks is None:
            self._blocks = self._describe(self.entry)
        return self._blocks

    def _describe(self, entry: Entry | None) -> list[Text]:
        if entry is None:
            return [Text("Nothing selected.", self._style("detail--label"))]
        blocks = [block for section in self._sections for block in section(entry)]
        if self._match is not None:
            style = self.get_component_rich_style("detail--match")
            for block in blocks:
                block.highlight_regex(self._match, style)
        return blocks

    @property
    def source_paragraphs(self) -> list[str]:
        """The ids of the source paragraphs shown, in order (`enter` opens the current)."""
        return [block.paragraph for block in self.blocks if isinstance(block, SourceHeading)]

    # --- lines ------------------------------------------------------------------------

    def _render_lines(self) -> list[Strip]:
        if self._lines is None:
            self._lines = self._wrap(self.blocks)
            self._lines_size = self.size
        return self._lines

    def _wrap(self, blocks: list[Text]) -> list[Strip]:
        width = self.size.width
        console = self.app.console
        base = self.rich_style
        margin = [Segment(" " * MARGIN, base)]
        lines: list[Strip] = []
        anchors: list[_Anchor] = []
        self._highlight_line = -1
        heading: SourceHeading | None = None
        for block in blocks:
            wrapped = as_spans(block).wrap(console, max(1, width - 2 * MARGIN))
            if heading is not None:  # this block is the heading's paragraph
                selected = self.source_caret.selection if self.source_caret else None
                if selected is not None and len(anchors) - 1 == self.caret_source:
                    block = block.copy()
                    block.stylize(self._style("detail--selection"), *selected)
                    wrapped = as_spans(block).wrap(console, max(1, width - 2 * MARGIN))
                anchors[-1] = anchors[-1]._replace(end=len(lines) + len(wrapped))
                if heading.highlight is not None and self._highlight_line < 0:
                    self._highlight_line = len(lines) + _line_of(wrapped, heading.highlight)
            heading = block if isinstance(block, SourceHeading) else None
            if heading is not None:
                anchors.append(_Anchor(len(lines), len(lines) + 1, heading.paragraph))
            for line in wrapped:
                line.rstrip()
                lines.append(text_strip(line, console, width, base, margin))
        self._anchors = anchors
        self._highlight_line = max(self._highlight_line, 0)
        return lines

    def _first_line(self) -> int:
        """The first line shown, within the lines there are."""
        lines = self._render_lines()
        top = self.top
        if top is None:
            # Start at the top when the highlighted words fit there; else scroll to them,
            # their paragraph's heading just above.
            fits = self._highlight_line + 2 <= self.size.height
            top = 0 if fits else max(0, self._highlight_line - 1)
        # Show as much as fits: never leave the pane half empty by starting too low.
        return max(0, min(top, len(lines) - self.size.height))

    def render_line(self, y: int) -> Strip:
        lines = self._render_lines()
        width, height = self.size
        first = self._first_line()
        index = first + y
        if not 0 <= index < len(lines):
            return Strip.blank(width, self.rich_style)
        strip = lines[index]
        anchor = self._current_anchor()
        if anchor is not None and self.has_focus and anchor.start <= index < anchor.end:
            mark = Segment(CURRENT_SOURCE_MARK, self.rich_style + self._style("detail--current"))
            strip = Strip([mark, *strip.crop(MARGIN, width)], width)
        more = (y == 0 and first > 0) or (y == height - 1 and index < len(lines) - 1)
        if more and width > 2 * MARGIN:
            arrow = MORE_ABOVE if y == 0 else MORE_BELOW
            style = self.rich_style + self._style("detail--more")
            strip = Strip([*strip.crop(0, width - MARGIN), Segment(arrow, style)], width)
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _visible(self) -> list[Strip]:
        """The lines on screen, or none if nothing has been drawn yet."""
        if self._lines is None or not self.is_mounted:
            return []
        return self._lines_shown()

    def _lines_shown(self) -> list[Strip]:
        return [self.render_line(y) for y in range(self.size.height)]

    def _refresh_changed(self, before: list[Strip]) -> None:
        """Repaint only the lines that differ from what was drawn."""
        after = self._lines_shown() if before else []
        if not before or len(before) != len(after):
            self.refresh()
            return
        width = self.size.width
        for y, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self.refresh(Region(0, y, width, 1))

    def on_resize(self) -> None:
        # Lines are wrapped for the width they are drawn at; the first layout sends a
        # resize for the size the first frame was already drawn at.
        if self._lines is not None and self._lines_size != self.size:
            self._lines = None
            self.refresh()

    # --- scrolling and sources --------------------------------------------------------

    def _show_from(self, top: int) -> None:
        lines = self._render_lines()
        top = max(0, min(top, len(lines) - self.size.height))
        if top != self._first_line():
            self.top = top
            self.refresh()
        else:
            self.top = top

    def action_scroll_lines(self, delta: int) -> None:
        self._show_from(self._first_line() + delta)

    def action_scroll_pages(self, delta: int) -> None:
        self._show_from(self._first_line() + delta * max(1, self.size.height - 1))

    def action_scroll_home(self) -> None:
        self._show_from(0)

    def action_scroll_end(self) -> None:
        self._show_from(len(self._render_lines()))

    def _current_anchor(self) -> _Anchor | None:
        self._render_lines()
        if not self._anchors:
            return None
        return self._anchors[min(self.current_source, len(self._anchors) - 1)]

    def step_source(self, delta: int) -> None:
        """Make the next (or previous) source paragraph current, and show it."""
        self._render_lines()
        if not self._anchors:
            return
        self.current_source = max(0, min(self.current_source + delta, len(self._anchors) - 1))
        if self.source_caret is not None and self.caret_source != self.current_source:
            self._drop_selection()
            self._lines = None
        anchor = self._anchors[self.current_source]
        first, height = self._first_line(), self.size.height
        if not (first <= anchor.start and min(anchor.end, anchor.start + height) <= first + height):
            self.top = anchor.start
        self.refresh()

    def action_next_source(self) -> None:
        self.step_source(1)

    def action_previous_source(self) -> None:
        self.step_source(-1)

    def action_open_source(self) -> None:
        anchor = self._current_anchor()
        if anchor is not None and self.entry is not None:
            self.on_open(self.entry, anchor.paragraph)

    # --- mouse ------------------------------------------------------------------------

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        event.prevent_default()
        self.action_scroll_lines(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        event.prevent_default()
        self.action_scroll_lines(-1)


def _line_of(lines: Iterable[Text], offset: int) -> int:
    """Which of the wrapped `lines` holds character `offset` of the text they came from."""
    position = 0
    for number, line in enumerate(lines):
        position += len(line.plain)
        if offset < position:
            return number
    return 0
