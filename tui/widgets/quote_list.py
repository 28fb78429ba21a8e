"""The quotes pane: kind (direct / reported / scare), speaker, cue and text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text

from tui.model.entities import Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.entry_list import EntryList
from tui.widgets.entry_rows import BADGE_WIDTH, BadgeFunction, cell, no_badge

SPEAKER_WIDTH_LIMIT = 18
TEXT_MIN = 24  # the cue is left out before the quote's own words get fewer cells
# Each kind reads differently even without colour (NO_COLOR, monochrome terminals):
# a direct quote sits in quotation marks, reported speech does not, a scare quote is marked.
KIND_LABELS = {"direct": "DIRECT", "reported": "REPORT", "scare": "SCARE "}


class QuoteList(EntryList[Quote]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EntryList.COMPONENT_CLASSES,
        "quotes--direct",
        "quotes--reported",
        "quotes--scare",
        "quotes--speaker",
        "quotes--cue",
    }
    DEFAULT_CSS = """
    QuoteList {
        & > .quotes--direct { color: $text-success; text-style: bold; }
        & > .quotes--reported { color: $text-warning; text-style: italic; }
        & > .quotes--scare { color: $text-error; text-style: underline; }
        & > .quotes--speaker { text-style: bold; }
        & > .quotes--cue { color: $text-muted; }
    }
    """
    empty_text = "No quotes."

    def __init__(
        self, quotes: Sequence[Quote], index: StoryIndex, *, id: str | None = None
    ) -> None:
        super().__init__(quotes, id=id)
        self.badge: BadgeFunction = no_badge
        self._index = index
        names = [cell_len(self.speaker_name(q)) for q in quotes] or [0]  # terminal cells
        self._speaker_width = min(max(names), SPEAKER_WIDTH_LIMIT)

    def speaker_name(self, quote: Quote) -> str:
        if quote.speaker is None:
            return "(writer)"
        actor = self._index.actor(quote.speaker)
        return one_line(actor.name) if actor else quote.speaker

    def render_row(self, row: Quote, width: int) -> Text:
        kind_style = self.get_component_rich_style(f"quotes--{row.kind}")
        text = one_line(row.text)
        shown = f"“{text}”" if row.kind != "reported" else text
        parts = [
            self.badge(row),
            cell(KIND_LABELS[row.kind], len(KIND_LABELS[row.kind]), kind_style, gap=1),
            cell(
                self.speaker_name(row),
                self._speaker_width,
                self.get_component_rich_style("quotes--speaker"),
                gap=1,
            ),
        ]
        used = BADGE_WIDTH + len(KIND_LABELS[row.kind]) + 1 + self._speaker_width + 1
        cue = one_line(row.cue) if row.cue else ""
        if cue and width - used - cell_len(cue) - 2 >= TEXT_MIN:
            parts.append(
                Text(
                    f"{cue}: ",
                    self.get_component_rich_style("quotes--cue"),
                )
            )
        parts.append(Text(shown))
        return Text.assemble(*parts)
