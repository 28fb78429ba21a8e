"""The actors pane: name, kind, how many entries involve the actor, and its aliases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text

from tui.model.entities import Actor
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.entry_list import EntryList
from tui.widgets.entry_rows import BADGE_WIDTH, BadgeFunction, cell, no_badge

NAME_WIDTH_LIMIT = 28
NAME_MIN = 8
KIND_WIDTH = 13


class ActorList(EntryList[Actor]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EntryList.COMPONENT_CLASSES,
        "actors--kind",
        "actors--aliases",
        "actors--count",
    }
    DEFAULT_CSS = """
    ActorList {
        & > .actors--kind { color: $text-secondary; }
        & > .actors--count { color: $text-accent; }
        & > .actors--aliases { color: $text-muted; text-style: italic; }
    }
    """
    empty_text = "No actors."

    def __init__(
        self, actors: Sequence[Actor], index: StoryIndex, *, id: str | None = None
    ) -> None:
        super().__init__(actors, id=id)
        self.badge: BadgeFunction = no_badge
        self._index = index
        names = [cell_len(one_line(a.name)) for a in actors] or [0]  # terminal cells
        self._name_width = min(max(names), NAME_WIDTH_LIMIT)

    def render_row(self, row: Actor, width: int) -> Text:
        count = self._index.involvement_count(row.id)
        # The name gives way first, so kind and count always show.
        name_width = max(NAME_MIN, min(self._name_width, width - BADGE_WIDTH - 1 - KIND_WIDTH - 4))
        parts = [
            self.badge(row),
            cell(one_line(row.name), name_width, gap=1),
            cell(row.kind, KIND_WIDTH, self.get_component_rich_style("actors--kind")),
            cell(f"{count:>3}", 4, self.get_component_rich_style("actors--count")),
        ]
        if row.aliases:
            aliases = ", ".join(one_line(a) for a in row.aliases)
            parts.append(
                Text(
                    f"  aka {aliases}",
                    self.get_component_rich_style("actors--aliases"),
                )
            )
        return Text.assemble(*parts)
