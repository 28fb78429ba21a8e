"""The timeline pane: events in the bundle's order with printed date, `when` and title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style

from tui.model.entities import Event
from tui.model.safe_text import one_line
from tui.widgets.columns import Column
from tui.widgets.entry_list import EntryList

DATE_WIDTH_LIMIT = 21
WHEN_WIDTH_LIMIT = 24
WHEN_MIN = 8
TITLE_MIN = 24
SAMPLE = 5000  # column widths from the first events: a later, longer value is elided
UNDATED = "undated"


class TimelineList(EntryList[Event]):
    """One line per event: review badge, date from EDTF, the story's own words, title."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EntryList.COMPONENT_CLASSES,
        "timeline--date",
        "timeline--when",
        "timeline--undated",
    }
    DEFAULT_CSS = """
    TimelineList {
        & > .timeline--date { color: $text-accent; }
        & > .timeline--when { color: $text-muted; text-style: italic; }
        & > .timeline--undated { color: $text-muted; }
    }
    """
    empty_text = "No events."

    def __init__(self, events: Sequence[Event], *, id: str | None = None) -> None:
        super().__init__(events, id=id)
        sample = events[:SAMPLE]
        # Widths in terminal cells: a CJK character or an emoji takes two.
        dates = [cell_len(e.date.display()) if e.date else len(UNDATED) for e in sample]
        whens = [cell_len(one_line(e.when)) for e in sample]
        titles = [cell_len(one_line(e.title)) for e in sample]
        self._columns = [
            Column("date", "date", min(max(dates, default=0), DATE_WIDTH_LIMIT)),
            Column(
                "when", "when", min(max(whens, default=0), WHEN_WIDTH_LIMIT), WHEN_MIN, drop=1
            ),
            Column("title", "title", max(titles, default=0), TITLE_MIN, flex=True),
        ]

    def columns(self) -> list[Column]:
        return self._columns

    def cells(self, row: Event) -> dict[str, tuple[str, Style | str]]:
        date_style = self.get_component_rich_style(
            "timeline--date" if row.date else "timeline--undated"
        )
        return {
            "date": (row.date.display() if row.date else UNDATED, date_style),
            "when": (one_line(row.when), self.get_component_rich_style("timeline--when")),
            "title": (one_line(row.title), ""),
        }
