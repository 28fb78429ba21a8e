"""The quotes pane: kind (direct / reported / scare), speaker, cue and text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style

from tui.model.entities import Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.widgets.columns import Column
from tui.widgets.entry_list import EntryList

SPEAKER_WIDTH_LIMIT = 24
SPEAKER_MIN = 16  # who said it matters more than the verb: the cue goes first
CUE_WIDTH_LIMIT = 14
TEXT_MIN = 24  # the cue goes before the quote's own words get fewer cells
# Each kind reads differently even without colour (NO_COLOR, monochrome terminals):
# a direct quote sits in quotation marks, reported speech does not, a scare quote is marked.
KIND_LABELS = {"direct": "DIRECT", "reported": "REPORT", "scare": "SCARE"}
WRITER = "(writer)"


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
        self._index = index
        speakers = [cell_len(self.speaker_name(q)) for q in quotes]  # terminal cells
        cues = [cell_len(one_line(q.cue or "")) for q in quotes]
        texts = [cell_len(self.shown_text(q)) for q in quotes]
        kinds = [len(KIND_LABELS[q.kind]) for q in quotes]
        self._columns = [
            Column("kind", "kind", max(kinds, default=0)),
            Column(
                "speaker",
                "speaker",
                min(max(speakers, default=0), SPEAKER_WIDTH_LIMIT),
                SPEAKER_MIN,
            ),
            Column("cue", "cue", min(max(cues, default=0), CUE_WIDTH_LIMIT), drop=1),
            Column("text", "words", max(texts, default=0), TEXT_MIN, flex=True),
        ]

    def columns(self) -> list[Column]:
        return self._columns

    def speaker_name(self, quote: Quote) -> str:
        if quote.speaker is None:
            return WRITER
        actor = self._index.actor(quote.speaker)
        return one_line(actor.name) if actor else quote.speaker

    @staticmethod
    def shown_text(quote: Quote) -> str:
        text = one_line(quote.text)
        return f"“{text}”" if quote.kind != "reported" else text

    def cells(self, row: Quote) -> dict[str, tuple[str, Style | str]]:
        style = self.get_component_rich_style
        return {
            "kind": (KIND_LABELS[row.kind], style(f"quotes--{row.kind}")),
            "speaker": (self.speaker_name(row), style("quotes--speaker")),
            "cue": (one_line(row.cue or ""), style("quotes--cue")),
            "text": (self.shown_text(row), ""),
        }
