"""How the time axis looks: each row of the widget as Rich Text, from the model's runs.

The widget keeps the state (cursor, view, scroll) and the cache; this is the drawing, with
the style of each role looked up by component class, so both themes and NO_COLOR apply.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from rich.cells import cell_len
from rich.console import OverflowMethod
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from tui.model.entities import Event
from tui.model.safe_text import one_line
from tui.model.time_axis import AxisLayout, Item, Viewport
from tui.model.time_axis_draw import (
    ASCII,
    UNICODE,
    Glyphs,
    Role,
    Run,
    axis_line,
    draw_lane,
    tick_label_line,
)
from tui.model.time_axis_ticks import ticks
from tui.widgets.entry_rows import BadgeFunction

HEADER_ROWS = 3  # the highlighted event, the tick labels, the axis
# Terminals whose fonts lack the box-drawing and geometric glyphs get ASCII marks.
ASCII_TERMS = ("linux", "vt100", "vt102", "vt220", "dumb", "ansi")
_ASCII_BADGE = str.maketrans({"✓": "v", "✗": "x", "·": ".", "✎": "n"})
_ASCII_TEXT = str.maketrans({"\N{EN DASH}": "-"})

ROLE_CLASSES = {role: f"timeline-axis--{role.value}" for role in Role}


def label_cells(item: Item) -> int:
    return 3 + cell_len(one_line(item.event.title))  # badge, space, title


def ascii_terminal() -> bool:
    return os.environ.get("TERM", "") in ASCII_TERMS


def legend(glyphs: Glyphs | None = None) -> list[BindingType]:
    """The marks and what they mean, as help-screen rows (a mark in the key column)."""
    g = glyphs or (ASCII if ascii_terminal() else UNICODE)
    rows = [
        (g.exact, "a day or a moment (zoomed in far enough, a day is a range)"),
        (g.range_start + g.range_fill * 2 + g.range_end,
         "a date known to the month, season, year or decade, covering all of it"),
        (g.bar * 4, "an interval, from its start to its end"),
        (g.interval, "an interval too short to draw at this zoom"),
        (f"{g.approximate} {g.approximate_fill}{g.range_start}{g.range_end}{g.approximate_fill}",
         "approximate (~): it may also mean a unit either side"),
        (f"{g.uncertain} {g.uncertain_fill * 3}", "uncertain (?): a marker, or drawn dashed"),
        (g.both, "approximate and uncertain (%)"),
        (f"{g.open_start}{g.bar} {g.bar}{g.open_end}", "an open end (..): it runs on that way"),
        (f"{g.bar}{g.fade}", "an unknown end (empty): it has one, the story does not say when"),
        ("2 14 +", "crowded cells: how many events of the lane they hold (+: over 9)"),
        (f"{g.open_start}3 5{g.open_end}", "on the axis: events before and after the view"),
        ("v x !" if g is ASCII else "✓ ✗ !", "before a title: its review mark, as in the lists"),
    ]
    # Rows for the help screen, which lists bindings; no key is bound to these.
    return [Binding(mark, "legend", meaning) for mark, meaning in rows]




class AxisLines:
    """Draws the rows of one layout with the widget's glyphs, styles and review badges."""

    def __init__(
        self, layout: AxisLayout, glyphs: Glyphs, style: Callable[[str], Style],
        badge_of: BadgeFunction,
    ) -> None:
        self.layout = layout
        self.glyphs = glyphs
        self._style = style
        self.badge_of = badge_of

    def status(self, position: int, width: int) -> Text:
        """The highlighted event: badge, date, title, and where it is in the order."""
        order = self.layout.order
        event = order[position] if 0 <= position < len(order) else None
        if event is None:
            return Text(" No events.", self._style("timeline-axis--empty"))
        date = event.date.display() if event.date else "undated"
        if self.glyphs is ASCII:
            date = date.translate(_ASCII_TEXT)
        count = f" {position + 1}/{len(order)}"
        status = self._style("timeline-axis--status")
        text = Text.assemble(self._badge(event), " ", (date, status), "  ", one_line(event.title))
        text.truncate(max(width - len(count), 0), overflow=self._overflow, pad=True)
        text.append(count, self._style("timeline-axis--tick-label"))
        return text

    def axis_row(self, y: int, lane: int, view: Viewport, cursor: Item | None) -> Text:
        """Row `y` of the axis side: tick labels (1), the axis (2), else `lane`."""
        if not self.layout.items:
            empty = " No dated events." if y == HEADER_ROWS else ""
            return Text(empty, self._style("timeline-axis--empty"))
        if y in (1, 2):
            found = ticks(view.start, view.end, view.width)
            if y == 1:
                runs = tick_label_line(found, view.width)
            else:
                runs = axis_line(found, view.width, self.glyphs, *self.layout.outside(view))
            return Text.assemble(*((r.text, self._style(ROLE_CLASSES[r.role])) for r in runs))
        if not 0 <= lane < len(self.layout.lanes):
            return Text(" " * view.width)
        return self._lane_text(lane, view, cursor)

    def _lane_text(self, lane: int, view: Viewport, cursor: Item | None) -> Text:
        text = Text()
        cursor_style = self._style("timeline-axis--cursor")
        span = None if cursor is None else view.cell_range(cursor.start, cursor.end)
        cell = 0
        for run in draw_lane(self.layout, lane, view, self.glyphs, label_cells):
            size = len(run.text)
            if run.role in (Role.LABEL, Role.INSIDE_LABEL) and run.item is not None:
                text.append_text(self._label(run, run.item is cursor))
            else:
                style = self._style(ROLE_CLASSES[run.role])
                mine = run.item is cursor and cursor is not None
                # A count holding the cursor's event is highlighted: it is in there.
                shared = run.role is Role.COUNT and span is not None and (
                    cell <= span[1] and cell + size - 1 >= span[0]
                )
                text.append(run.text, style + cursor_style if mine or shared else style)
            cell += size
        return text

    def _label(self, run: Run, is_cursor: bool) -> Text:
        """Badge and title in the room the run gives; over a bar, the bar shows after it."""
        assert run.item is not None
        event = run.item.event
        size = len(run.text)
        inside = run.role is Role.INSIDE_LABEL
        label = Text.assemble(" " if inside else "", self._badge(event), " ")
        label.append(one_line(event.title), self._style(ROLE_CLASSES[Role.LABEL]))
        if is_cursor:
            label.stylize(Style(bold=True), 2)
        if inside:
            label.append(" ")
        if label.cell_len >= size:
            label.truncate(size, overflow=self._overflow)
            return label
        rest = run.text[label.cell_len :]
        label.append(rest, self._style(ROLE_CLASSES[run.under]) if inside else "")
        return label

    def undated_row(self, index: int, title: bool, width: int, position: int) -> Text:
        """The undated column beside the axis: its title, or the undated event `index`."""
        undated = self.layout.undated
        rule = Text("|" if self.glyphs is ASCII else "│", self._style("timeline-axis--axis"))
        if title:
            heading = f" Undated ({len(undated)})"[:width]
            return rule + Text(heading, self._style("timeline-axis--undated-title"))
        if not 0 <= index < len(undated):
            return rule + Text(" " * width)
        event = undated[index]
        text = Text.assemble(self._badge(event), " ", one_line(event.title))
        text.truncate(width, overflow=self._overflow, pad=True)
        if len(self.layout.items) + index == position:
            text = Text(text.plain, self._style("timeline-axis--cursor"))
        return rule + text

    @property
    def _overflow(self) -> OverflowMethod:
        return "crop" if self.glyphs is ASCII else "ellipsis"  # no "…" on the Linux console

    def _badge(self, event: Event) -> Text:
        badge = self.badge_of(event)
        if self.glyphs is ASCII:  # the Linux console has no check marks either
            badge = Text(badge.plain.translate(_ASCII_BADGE), style=badge.style, spans=badge.spans)
        return badge
