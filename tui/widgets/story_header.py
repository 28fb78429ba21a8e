"""One line at the top: the story's headline, outlet and date; on the right the active
search, the bundle's warnings and the review's progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.entities import Story
from tui.model.safe_text import one_line

WARNING_MARK = "⚠"


class StoryHeader(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-header--meta",
        "story-header--status",
        "story-header--search",
        "story-header--warnings",
    }
    DEFAULT_CSS = """
    StoryHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        & > .story-header--meta { color: $text-muted; text-style: not bold; }
        & > .story-header--status { color: $text-accent; text-style: not bold; }
        & > .story-header--search { color: $text-accent; text-style: bold; }
        & > .story-header--warnings { color: $text-warning; text-style: bold; }
    }
    """

    status: reactive[str] = reactive("")  # the review's progress
    search: reactive[str] = reactive("")  # the active search and where it is: "3/38 Baghouz"
    warnings: reactive[int] = reactive(0)  # how many warnings the bundle has

    def __init__(self, story: Story, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._story = story

    def right_text(self) -> Text:
        style = self.get_component_rich_style
        parts: list[Text] = []
        if self.search:
            parts.append(Text(f"search {self.search}", style("story-header--search")))
        if self.warnings:
            plural = "" if self.warnings == 1 else "s"
            parts.append(
                Text(
                    f"{WARNING_MARK} {self.warnings} warning{plural} (w)",
                    style("story-header--warnings"),
                )
            )
        parts.append(Text(self.status, style("story-header--status")))
        right = Text(" · ", style("story-header--meta")).join(p for p in parts if p.plain)
        right.append(" ")
        return right

    def render(self) -> Text:
        story = self._story
        meta = [one_line(part) for part in (story.outlet, story.byline) if part]
        if story.published_date is not None:
            meta.append(story.published_date.display())
        left = Text.assemble(" ", one_line(story.headline))
        if meta:
            left.append(
                "  · " + " · ".join(meta),
                self.get_component_rich_style("story-header--meta"),
            )
        right = self.right_text()
        width = self.size.width
        if right.cell_len > width - 12:  # a long search: the headline keeps a little room
            right.truncate(max(0, width - 12), overflow="ellipsis")
        room = max(0, width - right.cell_len - 1)
        left.truncate(room, overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        return Text.assemble(left, right)
