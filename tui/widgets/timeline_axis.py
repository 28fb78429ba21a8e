"""The timeline as a time axis: events placed by their EDTF dates, a cursor in time order.

Rows: the highlighted event (badge, date, title), the tick labels, the axis, then one row a
lane; undated events are listed in a column beside it, in bundle order. Lines are drawn
only when on screen (Textual's line API) from `tui.model.time_axis_draw`; a cursor move
that needs no pan repaints the status row and the two lanes it moved between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.model.entities import Event
from tui.model.time_axis import AxisLayout, Item, Viewport
from tui.model.time_axis_draw import ASCII, UNICODE, Glyphs
from tui.widgets.entry_rows import BadgeFunction, no_badge
from tui.widgets.strips import text_strip
from tui.widgets.timeline_axis_lines import (
    HEADER_ROWS,
    ROLE_CLASSES,
    AxisLines,
    ascii_terminal,
    legend,
)

__all__ = ["TimelineAxis", "legend"]

UNDATED_MIN_WIDTH = 60  # narrower: no undated column (the cursor still reaches them)
ZOOM = 2.0
PAN = 0.25  # of the view's width
CACHED_LINES = 500  # a few screens of lines at each zoom


class TimelineAxis(Widget, can_focus=True):
    """Events on a time axis; `+`/`-`/`z` zoom, `<`/`>` pan, the arrows move in time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "previous", "Earlier event", show=False),
        Binding("right,l", "next", "Later event", show=False),
        Binding("up,k", "lane(-1)", "Lane above", show=False),
        Binding("down,j", "lane(1)", "Lane below", show=False),
        Binding("home,g", "first", "First event", show=False),
        Binding("end,G", "last", "Last event", show=False),
        Binding("pageup", "lane_page(-1)", "Lanes up", show=False),
        Binding("pagedown", "lane_page(1)", "Lanes down", show=False),
        Binding("plus,equals_sign", "zoom_in", "Zoom in"),
        Binding("minus", "zoom_out", "Zoom out"),
        Binding("z", "zoom_fit", "Fit event"),
        Binding("Z", "zoom_all", "Fit all", show=False),
        Binding("less_than_sign,H", "pan(-1)", "Pan earlier", show=False),
        Binding("greater_than_sign,L", "pan(1)", "Pan later", show=False),
        Binding("shift+left", "pan(-1)", "Pan earlier", show=False),
        Binding("shift+right", "pan(1)", "Pan later", show=False),
        Binding("enter", "open", "Source"),
        Binding("t", "screen.toggle_timeline_view", "List view"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *ROLE_CLASSES.values(),
        "timeline-axis--cursor",
        "timeline-axis--status",
        "timeline-axis--undated-title",
        "timeline-axis--empty",
    }

    DEFAULT_CSS = """
    TimelineAxis {
        height: 1fr;
        background: $surface;
        & > .timeline-axis--marker { color: $text-accent; text-style: bold; }
        & > .timeline-axis--bar { color: $text-primary; }
        & > .timeline-axis--range { color: $text-accent; }
        & > .timeline-axis--approximate { color: $text-warning; }
        & > .timeline-axis--uncertain { color: $text-warning; }
        & > .timeline-axis--open { color: $text-primary; text-style: bold; }
        & > .timeline-axis--fade { color: $text-muted; }
        & > .timeline-axis--count { color: $text-muted; text-style: bold underline; }
        & > .timeline-axis--label { color: $foreground; }
        & > .timeline-axis--axis { color: $text-muted; }
        & > .timeline-axis--tick { color: $text-muted; }
        & > .timeline-axis--tick-label { color: $text-muted; }
        & > .timeline-axis--outside { color: $text-warning; text-style: bold; }
        & > .timeline-axis--status { color: $foreground; text-style: bold; }
        & > .timeline-axis--undated-title { color: $text-muted; text-style: italic; }
        & > .timeline-axis--empty { color: $text-muted; text-style: italic; }
        & > .timeline-axis--cursor { background: $panel-lighten-1; text-style: bold; }
        &:focus > .timeline-axis--cursor {
            color: $accent; background: $surface; text-style: bold reverse;
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another event (also sent when the events change)."""

        def __init__(self, timeline_axis: TimelineAxis, event: Event | None) -> None:
            super().__init__()
            self.timeline_axis = timeline_axis
            self.event = event

        @property
        def control(self) -> TimelineAxis:
            return self.timeline_axis

    def __init__(
        self,
        layout: AxisLayout,
        *,
        ascii_marks: bool | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.axis_layout = layout
        use_ascii = ascii_terminal() if ascii_marks is None else ascii_marks
        self.glyphs: Glyphs = ASCII if use_ascii else UNICODE
        # Set by the screen, as for the lists: the review badge, and what enter does.
        self.badge: BadgeFunction = no_badge
        self.on_open: Callable[[Event], None] = lambda event: None
        self.position = 0  # in layout.order
        self.view: Viewport | None = None  # set at the first layout, when the width is known
        self.top = 0  # first lane shown
        self.undated_top = 0
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(CACHED_LINES)

    # --- data ---------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Event]:
        return self.axis_layout.events

    @property
    def current(self) -> Event | None:
        order = self.axis_layout.order
        return order[self.position] if 0 <= self.position < len(order) else None

    @property
    def current_item(self) -> Item | None:
        items = self.axis_layout.items
        return items[self.position] if 0 <= self.position < len(items) else None

    def set_layout(self, layout: AxisLayout, keep: Event | None = None) -> None:
        """Show other events (a filter changed), keeping the cursor on `keep` if there."""
        keep = keep or self.current
        self.axis_layout = layout
        self.position = 0
        self._move_to(layout.position(keep) or 0, announce=True, force=True)
        self.refresh_all()

    def select(self, event: Event | None) -> bool:
        """Put the cursor on `event`; False when it is not on this timeline."""
        position = self.axis_layout.position(event)
        if position is None:
            return False
        self._move_to(position, announce=False)
        return True

    def forget_view(self) -> None:
        """Choose the span shown afresh at the next draw, around the cursor of then."""
        self.view = None
        self._cache.clear()

    def refresh_all(self) -> None:
        """Forget drawn lines (marks, zoom or styles changed) and repaint."""
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # --- geometry -----------------------------------------------------------------------

    @property
    def undated_width(self) -> int:
        width = self.size.width
        if not self.axis_layout.undated or width < UNDATED_MIN_WIDTH:
            return 0
        return min(30, width // 4)

    @property
    def axis_width(self) -> int:
        undated = self.undated_width
        return max(self.size.width - undated - (1 if undated else 0), 1)

    @property
    def lane_rows(self) -> int:
        return max(self.size.height - HEADER_ROWS, 1)

    def _ensure_view(self) -> Viewport:
        width = self.axis_width
        if self.view is None:
            self.view = self.axis_layout.default_viewport(width)
            item = self.current_item
            if item is not None and not self.view.shows(item):
                # Opened on an event outside where most are: show it and its neighbours.
                self.view = self.axis_layout.fit_around(item.event, width) or self.view
            self._scroll_into_view()
        elif self.view.width != width:
            self.view = self.view.resized(width)
        return self.view

    def on_resize(self) -> None:
        self._cache.clear()
        if self.view is not None:
            self.view = self.view.resized(self.axis_width)
        self._scroll_into_view()

    # --- movement -----------------------------------------------------------------------

    def _move_to(self, position: int, announce: bool = True, force: bool = False) -> None:
        count = len(self.axis_layout.order)
        position = max(0, min(position, count - 1)) if count else 0
        if position == self.position and not force:
            return
        before = self.current_item, self.position
        self.position = position
        if self._scroll_into_view():
            self.refresh_all()
        else:
            self._refresh_cursor(before[0], before[1])
        if announce:
            self.post_message(self.Highlighted(self, self.current))

    def _scroll_into_view(self) -> bool:
        """Pan and scroll so the cursor shows; True when the view moved."""
        if self.view is None or self.size.height == 0:
            return False
        moved = False
        item = self.current_item
        if item is not None:
            if not self.view.shows(item):
                self.view = self.view.centred(item.anchor)
                moved = True
            rows = self.lane_rows
            if not self.top <= item.lane < self.top + rows:
                self.top = max(0, item.lane - rows // 2)
                moved = True
        else:
            undated = self.position - len(self.axis_layout.items)
            rows = max(self.size.height - 2, 1)
            if not self.undated_top <= undated < self.undated_top + rows:
                self.undated_top = max(0, undated - rows // 2)
                moved = True
        return moved

    def _refresh_cursor(self, old_item: Item | None, old_position: int) -> None:
        width = self.size.width
        self.refresh(Region(0, 0, width, 1))
        for item in (old_item, self.current_item):
            if item is not None:
                y = HEADER_ROWS + item.lane - self.top
                self.refresh(Region(0, y, width, 1))
        dated = len(self.axis_layout.items)
        for position in (old_position, self.position):
            if position >= dated:
                y = 2 + position - dated - self.undated_top
                self.refresh(Region(self.axis_width, y, width, 1))

    def action_previous(self) -> None:
        self._move_to(self.position - 1)

    def action_next(self) -> None:
        self._move_to(self.position + 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.axis_layout.order) - 1)

    def action_lane(self, step: int) -> None:
        self._move_lanes(step)

    def action_lane_page(self, step: int) -> None:
        self._move_lanes(step * max(self.lane_rows - 1, 1))

    def _move_lanes(self, steps: int) -> None:
        """To the event nearest in time in the lane `steps` below (above if negative)."""
        item = self.current_item
        if item is None:  # in the undated column: up and down move within it
            self._move_to(max(self.position + steps, len(self.axis_layout.items)))
            return
        view = self._ensure_view()
        lanes = len(self.axis_layout.lanes)
        lane = max(0, min(item.lane + steps, lanes - 1))
        # Every lane holds at least one event: it was made for one.
        found = self.axis_layout.nearest_in_lane(lane, min(max(item.anchor, view.start), view.end))
        if found is not None:
            self._move_to(found.order)

    def _set_view(self, view: Viewport) -> None:
        self.view = view
        self.refresh_all()

    def _around(self) -> float | None:
        item = self.current_item
        return None if item is None else item.anchor

    def action_zoom_in(self) -> None:
        self._set_view(self._ensure_view().zoomed(1 / ZOOM, self._around()))

    def action_zoom_out(self) -> None:
        self._set_view(self._ensure_view().zoomed(ZOOM, self._around()))

    def action_zoom_fit(self) -> None:
        view = self.axis_layout.fit_around(self.current, self.axis_width)
        if view is not None:
            self._set_view(view)

    def action_zoom_all(self) -> None:
        self._set_view(self.axis_layout.fit_all(self.axis_width))

    def action_pan(self, step: int) -> None:
        self._set_view(self._ensure_view().panned(step * PAN))

    def action_open(self) -> None:
        event = self.current
        if event is not None:
            self.on_open(event)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.view is None:
            return
        lane = self.top + offset.y - HEADER_ROWS
        if offset.x >= self.axis_width:
            position = len(self.axis_layout.items) + self.undated_top + offset.y - 2
            if offset.y >= 2 and position < len(self.axis_layout.order):
                self._move_to(position)
            return
        if not 0 <= lane < len(self.axis_layout.lanes):
            return
        at = self.view.start + (offset.x + 0.5) * self.view.per_cell
        found = self.axis_layout.nearest_in_lane(lane, at)
        if found is not None:
            if found.order == self.position and event.chain > 1:
                self.action_open()
            self._move_to(found.order)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_lanes(event, 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_lanes(event, -3)

    def _scroll_lanes(self, event: events.MouseEvent, step: int) -> None:
        event.stop()  # the lanes scroll, not the screen around them
        event.prevent_default()
        top = max(0, min(self.top + step, len(self.axis_layout.lanes) - self.lane_rows))
        if top != self.top:
            self.top = top
            self.refresh_all()

    # --- drawing ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        view = self._ensure_view()
        item = self.current_item
        lane = self.top + y - HEADER_ROWS
        cursor_here = item is not None and item.lane == lane
        key = (y, width, view, self.top, self.undated_top, self.has_focus,
               self.position if (y == 0 or cursor_here) else None,
               self.position if self.position >= len(self.axis_layout.items) else None)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._draw_line(y, view, item if cursor_here else None)
            self._cache[key] = strip
        return strip

    def _draw_line(self, y: int, view: Viewport, cursor: Item | None) -> Strip:
        width = self.size.width
        base = self.rich_style
        lines = AxisLines(self.axis_layout, self.glyphs, self._style, self.badge)
        if y == 0:
            line = lines.status(self.position, width)
        else:
            lane = self.top + y - HEADER_ROWS
            line = lines.axis_row(y, lane, view, cursor)
            undated = self.undated_width
            if undated:
                line.append_text(lines.undated_row(y - 2 + self.undated_top, y == 1, undated,
                                                   self.position))
        return text_strip(line, self.app.console, width, base)

