"""The time-axis view of a timeline, as plain data: no Textual, no Rich.

`AxisLayout(events)` places each dated event once (zoom and pan do not move it):

* its extent in axis seconds (`tui.model.time_axis_ticks`): a day or a moment, a date known
  to the month, season, year or decade (covering all of it), or an interval from the first
  instant of its start to the last of its end. An open end (`..`) runs forever that way; an
  unknown end (empty) is known only on its dated side. An approximate (`~`) date also covers
  one of its own units either side (`2003~` may mean 2002 to 2004), drawn as approximate.
* a lane: events share a lane where their extents (open and unknown ends counted as
  endless) do not overlap, packed first-fit in time order, so lanes do not change with zoom.
* an order for the cursor: time order (`EdtfDate.sort_key`), then the undated events in
  bundle order (they are listed apart, not placed on the axis).

`Viewport(start, end, width)` maps seconds to cells; `default_viewport` shows where most
events are (a long-ago outlier sits off the left edge, counted there, rather than squashing
the cluster), `fit_all` everything, `fit_around` an event and its neighbours. Drawing a lane
into cells is `tui.model.time_axis_draw`; ticks are `tui.model.time_axis_ticks.ticks`.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from tui.model.entities import Event
from tui.model.gregorian import DAY_SECONDS
from tui.model.time_axis_ticks import MONTH_SECONDS, YEAR_SECONDS, seconds

INF = math.inf
MIN_SPAN = 10 * 60.0  # seconds: the closest zoom, ten minutes across the view
CLUSTER_SHARE = 0.8  # the default view holds at least this share of the dated events
OUTLIER_SQUASH = 4.0  # ...when showing them all would take this many times its span
PAD = 0.06  # of a fitted span, left blank each side


class Edge(Enum):
    DATED = "dated"
    OPEN = "open"  # `..`: no bound that way
    UNKNOWN = "unknown"  # empty: a bound the text does not give


class Shape(Enum):
    MOMENT = "moment"  # a day or a time of day
    RANGE = "range"  # one date known to a month, season, year, decade or century
    INTERVAL = "interval"


class Item(NamedTuple):
    """One dated event on the axis. Times are axis seconds; `end`s are exclusive."""

    event: Event
    order: int  # its place in time order (the cursor's order)
    shape: Shape
    start: float  # where it is drawn from: -inf for an open start
    end: float  # where it is drawn to: +inf for an open end
    core_start: float  # without an approximate date's margin
    core_end: float
    start_edge: Edge
    end_edge: Edge
    approximate: bool
    uncertain: bool
    lane: int

    @property
    def anchor(self) -> float:
        """A finite time that stands for the event: the middle of what is known of it."""
        low = self.core_start if self.core_start > -INF else self.core_end
        high = self.core_end if self.core_end < INF else self.core_start
        return (low + high) / 2


class Lane(NamedTuple):
    items: list[Item]  # in time order; their extents do not overlap
    starts: list[float]
    ends: list[float]


class Viewport(NamedTuple):
    start: float
    end: float
    width: int

    @property
    def span(self) -> float:
        return self.end - self.start

    @property
    def per_cell(self) -> float:
        return self.span / max(self.width, 1)

    def cell(self, at: float) -> int:
        """The cell holding `at` (may be outside 0..width-1)."""
        if at == -INF:
            return -1
        if at == INF:
            return self.width
        return math.floor((at - self.start) / self.per_cell)

    def cell_range(self, start: float, end: float) -> tuple[int, int]:
        """First and last cell an extent [start, end) touches, clamped to the view."""
        first = max(self.cell(start), 0)
        last_cell = self.cell(end)
        # `end` is exclusive: an extent ending exactly on a cell boundary stops before it.
        if end < INF and self.start + last_cell * self.per_cell >= end:
            last_cell -= 1
        return first, min(max(last_cell, first), self.width - 1)

    def shows(self, item: Item) -> bool:
        return item.start < self.end and item.end > self.start

    def centred(self, at: float, span: float | None = None) -> Viewport:
        span = self.span if span is None else span
        return Viewport(at - span / 2, at + span / 2, self.width)

    def zoomed(self, factor: float, around: float | None = None) -> Viewport:
        """`factor` < 1 zooms in; `around` stays where it is on screen."""
        span = max(self.span * factor, MIN_SPAN)
        if around is None or not self.start <= around <= self.end:
            around = (self.start + self.end) / 2
        share = (around - self.start) / self.span
        start = around - share * span
        return Viewport(start, start + span, self.width)

    def panned(self, share: float) -> Viewport:
        shift = self.span * share
        return Viewport(self.start + shift, self.end + shift, self.width)

    def resized(self, width: int) -> Viewport:
        return Viewport(self.start, self.end, width)


class AxisLayout:
    """Every event of a timeline placed on lanes, and the cursor's order."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        extents = [(_extent(e), e) for e in events if e.date is not None]
        extents.sort(key=_time_order)
        self.undated: list[Event] = [e for e in events if e.date is None]
        self.items: list[Item] = []
        lane_free: list[tuple[float, int]] = []  # (where the lane is free from, lane)
        lanes: list[list[Item]] = []
        for order, (extent, event) in enumerate(extents):
            shape, start, end, core_start, core_end, start_edge, end_edge = extent
            # Open and unknown ends are endless for packing: nothing shares their lane there.
            pack_start = start if start_edge is Edge.DATED else -INF
            if lane_free and lane_free[0][0] <= pack_start:
                lane = heapq.heappop(lane_free)[1]
            else:
                lane = len(lanes)
                lanes.append([])
            heapq.heappush(lane_free, (end if end_edge is Edge.DATED else INF, lane))
            date = event.date
            item = Item(event, order, shape, start, end, core_start, core_end, start_edge,
                        end_edge, date.approximate, date.uncertain, lane)  # type: ignore[union-attr]
            lanes[lane].append(item)
            self.items.append(item)
        self.lanes = [
            Lane(items, [i.start for i in items], [i.end for i in items]) for items in lanes
        ]
        self.order: list[Event] = [item.event for item in self.items] + self.undated
        self._position = {event.id: n for n, event in enumerate(self.order)}
        self._all_starts = sorted(item.start for item in self.items)
        self._all_ends = sorted(item.end for item in self.items)
        self._cluster: tuple[float, float] | None = None

    # --- looking things up ----------------------------------------------------------------

    def position(self, event: Event | None) -> int | None:
        """The event's place in the cursor's order, or None when it is not here."""
        return None if event is None else self._position.get(event.id)

    def item_of(self, event: Event | None) -> Item | None:
        position = self.position(event)
        return self.items[position] if position is not None and position < len(self.items) else None

    def in_view(self, lane: int, view: Viewport) -> list[Item]:
        """The lane's items that reach into the view, in time order."""
        found = self.lanes[lane]
        first = bisect_right(found.ends, view.start)
        last = bisect_left(found.starts, view.end)
        return found.items[first:last]

    def outside(self, view: Viewport) -> tuple[int, int]:
        """How many dated events lie wholly before, and wholly after, the view."""
        before = bisect_right(self._all_ends, view.start)
        after = len(self._all_starts) - bisect_left(self._all_starts, view.end)
        return before, after

    def nearest_in_lane(self, lane: int, at: float) -> Item | None:
        """The lane's item closest in time to `at`."""
        found = self.lanes[lane]
        if not found.items:
            return None
        index = bisect_right(found.starts, at)
        candidates = found.items[max(index - 1, 0) : index + 1]
        return min(candidates, key=lambda item: _distance(item, at))

    # --- views ----------------------------------------------------------------------------

    def fit(self, items: Sequence[Item], width: int) -> Viewport:
        """The view that shows what is known of `items`, with a margin each side."""
        lows = [t for i in items for t in (i.start, i.core_start, i.core_end) if t > -INF]
        highs = [t for i in items for t in (i.end, i.core_end, i.core_start) if t < INF]
        if not lows or not highs:
            return Viewport(-MIN_SPAN, MIN_SPAN, width)
        low, high = min(lows), max(highs)
        span = max(high - low, MIN_SPAN)
        middle = (low + high) / 2
        span *= 1 + 2 * PAD
        return Viewport(middle - span / 2, middle + span / 2, width)

    def fit_all(self, width: int) -> Viewport:
        return self.fit(self.items, width)

    def fit_around(self, event: Event | None, width: int) -> Viewport | None:
        """The highlighted event with the one before and the one after it in time."""
        item = self.item_of(event)
        if item is None:
            return None
        near = self.items[max(item.order - 1, 0) : item.order + 2]
        return self.fit(near, width)

    def default_viewport(self, width: int) -> Viewport:
        """Everything, unless a few outliers would squash where most events are: then that."""
        start, end = self.cluster()
        return Viewport(start, end, width)

    def cluster(self) -> tuple[float, float]:
        """The default view's start and end (found once: it does not depend on the width)."""
        if self._cluster is None:
            everything = self.fit_all(1)
            self._cluster = everything.start, everything.end
            anchors = sorted(item.anchor for item in self.items)
            keep = math.ceil(len(anchors) * CLUSTER_SHARE)
            if 2 <= keep < len(anchors):
                first = min(range(len(anchors) - keep + 1),
                            key=lambda i: anchors[i + keep - 1] - anchors[i])
                low, high = anchors[first], anchors[first + keep - 1]
                view = self.fit([i for i in self.items if low <= i.anchor <= high], 1)
                if everything.span > OUTLIER_SQUASH * view.span:
                    self._cluster = view.start, view.end
        return self._cluster


def _time_order(pair: tuple[_Extent, Event]) -> tuple[float, float, str]:
    """EdtfDate.sort_key in axis seconds: an open or unknown start first, such an end last."""
    (_, _, _, core_start, core_end, start_edge, end_edge), event = pair
    assert event.date is not None
    return (
        core_start if start_edge is Edge.DATED else -INF,
        core_end if end_edge is Edge.DATED else INF,
        event.date.text,
    )


def _distance(item: Item, at: float) -> float:
    if item.start <= at < item.end:
        return 0.0
    return min(abs(item.start - at), abs(item.end - at))


# --- one event's extent ---------------------------------------------------------------------


_Extent = tuple[Shape, float, float, float, float, Edge, Edge]


def _extent(event: Event) -> _Extent:
    """shape, start, end, core start, core end, start edge, end edge (see Item)."""
    date = event.date
    assert date is not None
    if not date.is_interval:
        assert date.lower is not None and date.upper is not None
        low, high = seconds(date.lower), seconds(date.upper) + 1
        shape = Shape.MOMENT if high - low <= DAY_SECONDS else Shape.RANGE
        if date.approximate:
            margin = _unit_of(high - low)
            return shape, low - margin, high + margin, low, high, Edge.DATED, Edge.DATED
        return shape, low, high, low, high, Edge.DATED, Edge.DATED
    start_text, _, end_text = date.text.partition("/")
    start_edge = _edge(start_text)
    end_edge = _edge(end_text)
    low = -INF if date.lower is None else seconds(date.lower)
    high = INF if date.upper is None else seconds(date.upper) + 1
    if start_edge is Edge.UNKNOWN:  # known on its dated side only: start with its end date
        low = _point_start(end_text, high)
    if end_edge is Edge.UNKNOWN:
        high = _point_end(start_text, low)
    start, end = low, high
    if start_text.endswith(("~", "%")) and low > -INF:
        start = low - _unit_of(_point_end(start_text, low) - low)
    if end_text.endswith(("~", "%")) and high < INF:
        end = high + _unit_of(high - _point_start(end_text, high))
    return Shape.INTERVAL, start, end, low, high, start_edge, end_edge


def _edge(text: str) -> Edge:
    if text == "..":
        return Edge.OPEN
    return Edge.UNKNOWN if text == "" else Edge.DATED


def _unit_of(length: float) -> float:
    """The unit a date of this length is known to: a day, a month, a season or a year."""
    if length <= DAY_SECONDS:
        return float(DAY_SECONDS)
    if length <= 31 * DAY_SECONDS:
        return MONTH_SECONDS
    return 3 * MONTH_SECONDS if length <= 92 * DAY_SECONDS else YEAR_SECONDS


def _point_start(text: str, end: float) -> float:
    """The first instant of an interval's dated end `text`, which ends (exclusive) at `end`."""
    from tui.model.edtf import parse_edtf  # an interval end is a plain date or season

    lower = parse_edtf(text.rstrip("~?%") or text).lower
    return end if lower is None else seconds(lower)


def _point_end(text: str, start: float) -> float:
    from tui.model.edtf import parse_edtf

    upper = parse_edtf(text.rstrip("~?%") or text).upper
    return start if upper is None else seconds(upper) + 1
