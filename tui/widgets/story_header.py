"""One line at the top: the story's headline, outlet and date, and review progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.entities import Story
from tui.model.safe_text import one_line


class StoryHeader(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"story-header--meta", "story-header--status"}
    DEFAULT_CSS = """
    StoryHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        & > .story-header--meta { color: $text-muted; text-style: not bold; }
        & > .story-header--status { color: $text-accent; text-style: not bold; }
    }
    """

    status: reactive[str] = reactive("")

    def __init__(self, story: Story, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._story = story

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
        right = Text(f"{self.status} ", self.get_component_rich_style("story-header--status"))
        width = self.size.width
        room = max(0, width - right.cell_len - 1)
        left.truncate(room, overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        return Text.assemble(left, right)
