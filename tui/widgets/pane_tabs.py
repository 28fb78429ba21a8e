"""The strip of pane names shown when the layout stacks on narrow terminals."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

PANES = (
    ("timeline", "1 Timeline"),
    ("actors", "2 Actors"),
    ("quotes", "3 Quotes"),
    ("article", "4 Article"),
    ("detail", "5 Detail"),
)


class PaneTabs(Widget):
    """Says which pane is showing and which keys show the others."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pane-tabs--active"}
    DEFAULT_CSS = """
    PaneTabs {
        height: 1;
        background: $panel;
        color: $text-muted;
        & > .pane-tabs--active {
            color: $accent; background: $cursor-foreground; text-style: bold reverse;
        }
    }
    """

    active: reactive[str] = reactive("timeline")

    def render(self) -> Text:
        active_style = self.get_component_rich_style("pane-tabs--active")
        text = Text(no_wrap=True, overflow="crop")
        for name, label in PANES:
            text.append(f" {label} ", active_style if name == self.active else "")
            text.append(" ")
        return text
