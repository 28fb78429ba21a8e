"""The actors pane: name, kind, how many entries involve the actor, and its aliases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style

from tui.model.entities import Actor
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.columns import Column
from tui.widgets.entry_list import EntryList

NAME_MIN = 12
ALIASES_MIN = 12
COUNT_HEADER = "in"  # how many events and quotes the actor is in


class ActorList(EntryList[Actor]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EntryList.COMPONENT_CLASSES,
        "actors--kind",
        "actors--aliases",
        "actors--count",
    }
    DEFAULT_CSS = """
    ActorList {
        & > .actors--kind { color: $text-muted; }
        & > .actors--count { color: $text-accent; }
        & > .actors--aliases { color: $text-muted; text-style: italic; }
    }
    """
    empty_text = "No actors."

    def __init__(
        self, actors: Sequence[Actor], index: StoryIndex, *, id: str | None = None
    ) -> None:
        super().__init__(actors, id=id)
        self._index = index
        names = [cell_len(one_line(a.name)) for a in actors]  # terminal cells
        kinds = [len(a.kind) for a in actors]
        counts = [len(str(index.involvement_count(a.id))) for a in actors]
        aliases = [cell_len(self.aliases(a)) for a in actors]
        self._columns = [
            Column("name", "name", max(names, default=0), NAME_MIN, flex=True),
            Column("kind", "kind", max(kinds, default=0)),
            Column("count", COUNT_HEADER, max([len(COUNT_HEADER), *counts]), right=True),
            Column("aliases", "also known as", max(aliases, default=0), ALIASES_MIN, drop=1),
        ]

    def columns(self) -> list[Column]:
        return self._columns

    @staticmethod
    def aliases(actor: Actor) -> str:
        return ", ".join(one_line(a) for a in actor.aliases)

    def cells(self, row: Actor) -> dict[str, tuple[str, Style | str]]:
        style = self.get_component_rich_style
        return {
            "name": (one_line(row.name), ""),
            "kind": (row.kind, style("actors--kind")),
            "count": (str(self._index.involvement_count(row.id)), style("actors--count")),
            "aliases": (self.aliases(row), style("actors--aliases")),
        }
