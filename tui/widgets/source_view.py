"""The source pane: the paragraph(s) the selected entry came from, its words highlighted."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.model.entities import Actor, Entry, Event, Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.paragraph_text import paragraph_text, spans_in

MARGIN = 1  # columns left blank each side; drawn here, as CSS padding costs a style run


class SourceView(Widget, can_focus=False):
    """Shows where the selected entry comes from; set `entry` to change it.

    It draws its own lines (no child widgets, no layout) and starts them where the
    highlighted words are, so moving through a list repaints this pane and nothing else.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--linked",
        "source--highlight",
        "source--heading",
        "source--summary",
    }
    DEFAULT_CSS = """
    SourceView {
        width: 1fr;
        height: 1fr;
        background: $surface;
        & > .source--highlight { background: $warning 40%; text-style: bold reverse; }
        & > .source--linked { text-style: underline; }
        & > .source--heading { color: $text-muted; }
        & > .source--summary { color: $text-secondary; text-style: italic; }
    }
    """

    # No repaint on change: watch_entry repaints only the lines that changed (every line
    # repainted is sent to the terminal).
    entry: reactive[Entry | None] = reactive(
        None, always_update=True, init=False, repaint=False
    )

    def __init__(self, index: StoryIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index = index
        # Set by the screen: a line about the entry's review state, if it has one.
        self.annotate: Callable[[Entry], Text | None] = lambda entry: None
        self._blocks: list[Text] | None = [Text("Select an entry to see the words it came from.")]
        self._highlight_line = 0
        # First line shown; None: where the highlighted words are (worked out when drawn).
        self.top: int | None = 0
        self._lines: list[Strip] | None = None
        self._lines_size = Size(0, 0)  # the size `_lines` were made for

    def watch_entry(self, entry: Entry | None) -> None:
        before = self._visible()
        self._invalidate()
        self._refresh_changed(before)

    def _invalidate(self) -> None:
        # Described and wrapped when next drawn, at the size it is drawn at: an entry set
        # before the first layout (at start-up) is not laid out for a zero-sized pane.
        self._blocks = None
        self._lines = None
        self.top = None

    @property
    def blocks(self) -> list[Text]:
        """The blocks of text shown, before wrapping."""
        if self._blocks is None:
            self._blocks, self._highlight_line = self.describe(self.entry)
        return self._blocks

    def _visible(self) -> list[Strip]:
        """The lines on screen, or none if nothing has been drawn yet."""
        if self._lines is None or not self.is_mounted:
            return []
        return self._lines_shown()

    def _lines_shown(self) -> list[Strip]:
        return [self.render_line(y) for y in range(self.size.height)]

    def _refresh_changed(self, before: list[Strip]) -> None:
        """Repaint only the lines that differ: neighbouring entries often share a paragraph."""
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
            self._invalidate()
            self.refresh()

    def _render_lines(self) -> list[Strip]:
        if self._lines is None:
            width = max(1, self.size.width - 2 * MARGIN)
            console = self.app.console
            lines: list[Strip] = []
            base = self.rich_style
            margin = Segment(" " * MARGIN, base)
            for block in self.blocks:
                for line in _styled_spans(block).wrap(console, width):
                    segments = [s for s in line.render(console) if s.text != "\n"]
                    strip = Strip([margin, *Segment.apply_style(segments, base)])
                    # One run per style: every SGR sequence costs bytes on a slow link.
                    lines.append(strip.crop_extend(0, self.size.width, base).simplify())
            self._lines = lines
            self._lines_size = self.size
        return self._lines

    def _first_line(self) -> int:
        """The first line shown, within the lines there are."""
        lines = self._render_lines()
        top = self.top
        if top is None:
            # Start at the top when the highlighted words fit there; else scroll to them.
            fits = self._highlight_line + 2 <= self.size.height
            top = 0 if fits else max(0, self._highlight_line - 1)
        # Show as much as fits: never leave the pane half empty by starting too low.
        return max(0, min(top, len(lines) - self.size.height))

    def render_line(self, y: int) -> Strip:
        lines = self._render_lines()
        index = self._first_line() + y
        if 0 <= index < len(lines):
            return lines[index]
        return Strip.blank(self.size.width, self.rich_style)

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        lines = self._render_lines()
        self.top = min(self._first_line() + 1, max(0, len(lines) - self.size.height))
        self.refresh()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(0, self._first_line() - 1)
        self.refresh()

    def describe(self, entry: Entry | None) -> tuple[list[Text], int]:
        """The blocks to show, and the line where the first highlighted words are."""
        if entry is None:
            return [Text("Nothing selected.", "dim")], 0
        style = self.get_component_rich_style
        width = max(10, self.size.width - 2 * MARGIN)
        blocks: list[Text] = [self._summary(entry)]
        review_line = self.annotate(entry)
        if review_line is not None:
            review_line.no_wrap = True
            review_line.overflow = "ellipsis"
            blocks.append(review_line)
        highlight_line = -1
        seen: set[str] = set()
        for link in entry.sources:
            if link.paragraph in seen:
                continue
            seen.add(link.paragraph)
            paragraph = self._index.paragraphs[link.paragraph]
            cited = len(self._index.citing.get(paragraph.id, ()))
            blocks.append(
                Text(
                    f"¶ {paragraph.id} · {paragraph.kind} · paragraph {paragraph.position + 1} of "
                    f"{len(self._index.paragraphs)} · cited by {cited}",
                    style("source--heading"),
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
            spans = spans_in(entry, paragraph.id)
            text = paragraph_text(
                paragraph,
                highlighted=spans,
                linked_style=style("source--linked"),
                highlight_style=style("source--highlight"),
            )
            if spans and highlight_line < 0:
                before = sum(len(b.wrap(self.app.console, width)) for b in blocks)
                highlight_line = before + _line_of(text, spans[0][0], width, self)
            blocks.append(text)
        details = self._details(entry)
        if details:
            blocks.append(Text(details, style("source--summary")))
        return blocks, max(highlight_line, 0)

    def _details(self, entry: Entry) -> str:
        """The longer text about an entry, shown under its sources."""
        if isinstance(entry, Event):
            return one_line(entry.summary or "")
        if isinstance(entry, Actor):
            aliases = f"Also: {', '.join(entry.aliases)}. " if entry.aliases else ""
            return one_line(aliases + (entry.description or ""))
        return ""

    def _summary(self, entry: Entry) -> Text:
        """One line naming the entry."""
        style = self.get_component_rich_style("source--summary")
        if isinstance(entry, Event):
            date = entry.date.display() if entry.date else "undated"
            line = f"{entry.title} — {date}"
            if entry.when:
                line += f" ({entry.when})"
        elif isinstance(entry, Actor):
            line = f"{entry.name} ({entry.kind})"
        elif isinstance(entry, Quote):
            speaker = self._index.actor(entry.speaker) if entry.speaker else None
            who = speaker.name if speaker else "the writer"
            line = f"{entry.kind.capitalize()} quote, {who}"
            if entry.cue:
                line += f" ({entry.cue})"
        return Text(one_line(line), style, no_wrap=True, overflow="ellipsis")


def _styled_spans(text: Text) -> Text:
    """`text` with its base style moved onto a span, which survives wrapping."""
    if not text.style:
        return text
    styled = text.copy()
    styled.style = ""
    styled.stylize(text.style, 0, len(text))
    return styled


def _line_of(text: Text, offset: int, width: int, widget: SourceView) -> int:
    """Which wrapped line of `text` holds character `offset`."""
    position = 0
    for number, line in enumerate(text.wrap(widget.app.console, width)):
        position += len(line.plain)
        if offset < position:
            return number
    return 0
