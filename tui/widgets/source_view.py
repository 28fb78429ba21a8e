"""The source pane: the paragraph(s) the selected entry came from, its words highlighted."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from tui.model.entities import Actor, Entry, Event, Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.paragraph_text import paragraph_text, spans_in


class SourceView(VerticalScroll, can_focus=False):
    """Shows where the selected entry comes from; set `entry` to change it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--linked",
        "source--highlight",
        "source--heading",
        "source--summary",
    }
    DEFAULT_CSS = """
    SourceView {
        height: auto;
        max-height: 100%;
        background: $surface;
        scrollbar-size-vertical: 1;
        & > .source--highlight { background: $warning 40%; text-style: bold reverse; }
        & > .source--linked { text-style: underline; }
        & > .source--heading { color: $text-muted; }
        & > .source--summary { color: $text-secondary; text-style: italic; }
        & > #source-body { padding: 0 1; }
    }
    """

    entry: reactive[Entry | None] = reactive(None, always_update=True, init=False)

    def __init__(self, index: StoryIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index = index
        # Set by the screen: a line about the entry's review state, if it has one.
        self.annotate: Callable[[Entry], Text | None] = lambda entry: None

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Select an entry to see the words it came from.", "dim"), id="source-body"
        )

    def watch_entry(self, entry: Entry | None) -> None:
        body = self.query_one("#source-body", Static)
        blocks, highlight_line = self.describe(entry)
        body.update(Group(*blocks))
        # Keep the highlighted words in sight even when the pane is short.
        self.call_after_refresh(self.scroll_to, y=max(0, highlight_line - 1), animate=False)

    def describe(self, entry: Entry | None) -> tuple[list[Text], int]:
        """The blocks to show, and the line where the first highlighted words are."""
        if entry is None:
            return [Text("Nothing selected.", "dim")], 0
        style = self.get_component_rich_style
        width = max(10, self.scrollable_content_region.width - 2)
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
            blocks.append(Text(
                f"¶ {paragraph.id} · {paragraph.kind} · paragraph {paragraph.index + 1} of "
                f"{len(self._index.paragraphs)} · cited by {cited}",
                style("source--heading"), no_wrap=True, overflow="ellipsis",
            ))
            spans = spans_in(entry, paragraph.id)
            text = paragraph_text(
                paragraph, highlighted=spans, linked_style=style("source--linked"),
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


def _line_of(text: Text, offset: int, width: int, widget: SourceView) -> int:
    """Which wrapped line of `text` holds character `offset`."""
    position = 0
    for number, line in enumerate(text.wrap(widget.app.console, width)):
        position += len(line.plain)
        if offset < position:
            return number
    return 0
