"""The source pane: the paragraph(s) the selected entry came from, its words highlighted."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
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

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(
            Text("Select an entry to see the words it came from.", "dim"), id="source-body"
        )

    def watch_entry(self, entry: Entry | None) -> None:
        body = self.query_one("#source-body", Static)
        body.update(self.describe(entry))
        self.scroll_home(animate=False)

    def describe(self, entry: Entry | None) -> RenderableType:
        if entry is None:
            return Text("Nothing selected.", "dim")
        style = self.get_component_rich_style
        blocks: list[RenderableType] = [self._summary(entry)]
        review_line = self.annotate(entry)
        if review_line is not None:
            blocks.append(review_line)
        seen: set[str] = set()
        for link in entry.sources:
            if link.paragraph in seen:
                continue
            seen.add(link.paragraph)
            paragraph = self._index.paragraphs[link.paragraph]
            cited = len(self._index.citing.get(paragraph.id, ()))
            blocks.append(
                Text(
                    f"¶ {paragraph.id} · {paragraph.kind} · paragraph {paragraph.index + 1} of "
                    f"{len(self._index.paragraphs)} · cited by {cited}",
                    style("source--heading"),
                )
            )
            highlight = spans_in(entry, paragraph.id)
            blocks.append(
                paragraph_text(
                    paragraph,
                    highlighted=highlight,
                    linked_style=style("source--linked"),
                    highlight_style=style("source--highlight"),
                )
            )
        return Group(*blocks)

    def _summary(self, entry: Entry) -> Text:
        style = self.get_component_rich_style("source--summary")
        if isinstance(entry, Event):
            date = entry.date.display() if entry.date else "undated"
            line = f"{entry.title} — {date}"
            if entry.when:
                line += f" ({entry.when})"
            if entry.summary:
                line += f". {entry.summary}"
        elif isinstance(entry, Actor):
            line = f"{entry.name} ({entry.kind})"
            if entry.aliases:
                line += f", also {', '.join(entry.aliases)}"
            if entry.description:
                line += f". {entry.description}"
        elif isinstance(entry, Quote):
            speaker = self._index.actor(entry.speaker) if entry.speaker else None
            who = speaker.name if speaker else "the writer"
            line = f"{entry.kind.capitalize()} quote, {who}"
            if entry.cue:
                line += f" ({entry.cue})"
        return Text(one_line(line), style)
