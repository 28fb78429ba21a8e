"""The timeline pane: events in the bundle's order with printed date, `when` and title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text

from tui.model.entities import Event
from tui.model.safe_text import one_line
from tui.widgets.entry_list import EntryList
from tui.widgets.entry_rows import BADGE_WIDTH, BadgeFunction, cell, no_badge

DATE_WIDTH_LIMIT = 21
WHEN_WIDTH_LIMIT = 20
WHEN_MIN = 8
TITLE_MIN = 24
SAMPLE = 5000


class TimelineList(EntryList[Event]):
    """One line per event: review badge, date from EDTF, the story's own words, title."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *EntryList.COMPONENT_CLASSES,
        "timeline--date",
        "timeline--when",
    }
    DEFAULT_CSS = """
    TimelineList {
        & > .timeline--date { color: $text-accent; }
        & > .timeline--when { color: $text-muted; text-style: italic; }
    }
    """
    empty_text = "No events."

    def __init__(self, events: Sequence[Event], *, id: str | None = None) -> None:
        super().__init__(events, id=id)
        self.badge: BadgeFunction = no_badge
        # Column widths from the first events is enough: a later, longer date is elided.
        sample = events[:SAMPLE]
        # Widths in terminal cells: a CJK character or an emoji takes two.
        shown = [e.date.display() for e in sample if e.date] or [""]
        self._date_width = min(max(cell_len(d) for d in shown), DATE_WIDTH_LIMIT)
        whens = [cell_len(one_line(e.when)) for e in sample] or [0]
        self._when_width = min(max(whens), WHEN_WIDTH_LIMIT)

    def render_row(self, row: Event, width: int) -> Text:
        date_style = self.get_component_rich_style("timeline--date")
        when_style = self.get_component_rich_style("timeline--when")
        date = row.date.display() if row.date else "undated"
        # The `when` column shrinks, then goes, before the title is squeezed.
        room = width - BADGE_WIDTH - self._date_width - 1 - TITLE_MIN - 1
        when_width = min(self._when_width, room)
        if when_width < min(WHEN_MIN, self._when_width):  # too squeezed to read: drop it
            when_width = 0
        # Each cell carries its trailing space: fewer style runs, fewer bytes per redraw.
        parts = [
            self.badge(row),
            cell(date, self._date_width, date_style if row.date else "dim", gap=1),
        ]
        if when_width:
            parts.append(cell(one_line(row.when) or "—", when_width, when_style, gap=1))
        parts.append(Text(one_line(row.title)))
        return Text.assemble(*parts)
