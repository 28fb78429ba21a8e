"""Drawing the time axis into cells, as plain data: which glyph goes where, and why.

A lane becomes a list of `Run`s (text, what it shows, which event), one glyph a cell; the
widget gives each role its style and puts the review badge and title into each LABEL run.
Only the cells on screen are worked out: a lane with thousands of events in view costs a
couple of binary searches a cell, not a loop over its events.

The marks (`tui.widgets.timeline_axis.legend` shows them in the help screen):

* a day or a moment is a marker (zoomed in far enough, a day is a range); a date known to
  a month, season, year or decade is a range `├──┤` covering all of it; an interval is a
  bar `━━━`.
* approximate (`~`) dates also cover one of their units either side, drawn `~~~`; uncertain
  (`?`) ones are drawn dashed `┄┄┄`; a marker says which: `●` exact, `○` approximate, `◇`
  uncertain, `◌` both.
* an open end (`..`) runs to the edge with an arrow `◀━━` / `━━▶`; an unknown end (empty)
  fades out `━▓▒░`.
* cells where several events of a lane fall show how many they hold in all (`2`, `14`; where
  the digits do not fit, `+` is more than nine, `9+` more than 99).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from enum import Enum
from typing import NamedTuple

from tui.model.time_axis import AxisLayout, Edge, Item, Shape, Viewport
from tui.model.time_axis_ticks import Tick

FADE_CELLS = 3
MIN_LABEL = 6  # cells: a label with less room than this is left off
LABEL_GAP = 1
INSIDE_MARGIN = 2  # cells of a bar left showing each side of a label over it


class Role(Enum):
    BLANK = "blank"
    MARKER = "marker"
    BAR = "bar"  # an interval
    RANGE = "range"  # a date known to a month, a year...
    APPROXIMATE = "approximate"
    UNCERTAIN = "uncertain"
    OPEN = "open"  # the arrow of an open end
    FADE = "fade"  # an unknown end
    COUNT = "count"
    LABEL = "label"  # room for the badge and title of `item`, beside it
    INSIDE_LABEL = "inside-label"  # the same over its bar, where nothing is free beside it
    AXIS = "axis"
    TICK = "tick"
    TICK_LABEL = "tick-label"
    OUTSIDE = "outside"  # how many events lie beyond the edge


class Glyphs(NamedTuple):
    exact: str
    approximate: str
    uncertain: str
    both: str
    interval: str  # an interval that fits in one cell
    bar: str
    range_fill: str
    range_start: str
    range_end: str
    approximate_fill: str
    uncertain_fill: str
    open_start: str
    open_end: str
    fade: str  # inner to outer
    axis: str
    tick: str


UNICODE = Glyphs("●", "○", "◇", "◌", "■", "━", "─", "├", "┤", "~", "┄", "◀", "▶", "▓▒░", "─", "┬")
# For terminals without those glyphs (the Linux console): only printable ASCII.
ASCII = Glyphs("*", "~", "?", "%", "#", "=", "-", "[", "]", "~", ":", "<", ">", "=-.", "-", "+")

class Run(NamedTuple):
    text: str  # a LABEL's or INSIDE_LABEL's text is what lies under it: blanks or its bar
    role: Role
    item: Item | None = None
    under: Role = Role.BLANK  # what an INSIDE_LABEL covers


def title_cells(item: Item) -> int:
    """Cells a label wants: two of badge, a space, the title (one cell a character)."""
    return 3 + len(item.event.title)


def draw_lane(
    layout: AxisLayout, lane: int, view: Viewport, glyphs: Glyphs,
    label_cells: Callable[[Item], int] = title_cells,
) -> list[Run]:
    """One lane across the view: every event in it drawn or counted, labels where they fit.

    `label_cells` says how many cells an event's label would like (the widget measures the
    title as the terminal shows it); a label gets that, or what room there is.
    """
    width = view.width
    found = layout.lanes[lane]
    if not found.items or width <= 0:
        return [Run(" " * max(width, 0), Role.BLANK)]
    canvas = _Canvas(view, glyphs, label_cells)
    first = bisect_right(found.ends, view.start)
    last = bisect_left(found.starts, view.end)
    if last - first <= width:  # few enough to take one by one
        for item in found.items[first:last]:
            canvas.paint(item)
    else:  # many: count each cell's events with binary searches
        for cell in range(width):
            low, high = _cell_items(found.starts, found.ends, view, cell)
            if high - low == 1:
                canvas.paint(found.items[low])
            elif high - low > 1:
                canvas.roles[cell] = Role.COUNT
    for cell, role in enumerate(canvas.roles):
        if role is Role.COUNT:
            low, high = _cell_items(found.starts, found.ends, view, cell)
            canvas.count(cell, high - low)
    for item in canvas.shown:
        canvas.fade(item)
    runs = canvas.runs()
    # A stretch of crowded cells says how many events it holds in all: neighbouring
    # single-cell counts would read as one many-digit number.
    cell = 0
    for number, run in enumerate(runs):
        size = len(run.text)
        if run.role is Role.COUNT:
            low = _cell_items(found.starts, found.ends, view, cell)[0]
            high = _cell_items(found.starts, found.ends, view, cell + size - 1)[1]
            runs[number] = run._replace(text=count_text(high - low, size))
        cell += size
    return runs


def count_text(count: int, size: int) -> str:
    """`count` in `size` cells; too many digits: nines and a `+` ("more than")."""
    digits = str(count)
    if len(digits) > size:
        digits = "9" * (size - 1) + "+"
    return digits.ljust(size)


def cells_of(item: Item, view: Viewport) -> tuple[int, int]:
    """The first and last cell an event is drawn in (clamped to the view)."""
    return view.cell_range(item.start, item.end)


def _cell_items(
    starts: list[float], ends: list[float], view: Viewport, cell: int
) -> tuple[int, int]:
    """The lane's items in one cell: those from `low` to before `high`."""
    cell_start = view.start + cell * view.per_cell
    return bisect_right(ends, cell_start), bisect_left(starts, cell_start + view.per_cell)


class _Canvas:
    """One lane's cells while they are drawn: glyph, role and owning event of each."""

    def __init__(
        self, view: Viewport, glyphs: Glyphs, label_cells: Callable[[Item], int]
    ) -> None:
        self.view = view
        self.glyphs = glyphs
        self.label_cells = label_cells
        width = view.width
        self.text = [" "] * width
        self.roles = [Role.BLANK] * width
        self.owners: list[Item | None] = [None] * width
        self.shown: list[Item] = []

    def paint(self, item: Item) -> None:
        if self.shown and self.shown[-1] is item:
            return
        self.shown.append(item)
        view = self.view
        first, last = view.cell_range(item.start, item.end)
        core_first, core_last = view.cell_range(
            max(item.core_start, item.start), min(item.core_end, item.end)
        )
        roles, owners = self.roles, self.owners
        for cell in range(first, last + 1):
            if roles[cell] is Role.COUNT:
                continue  # counted again once every event is in
            if owners[cell] is not None:
                roles[cell], owners[cell] = Role.COUNT, None
                continue
            glyph, role = _glyph(item, cell, first, last, core_first, core_last, view,
                                 self.glyphs)
            self.text[cell], roles[cell], owners[cell] = glyph, role, item

    def count(self, cell: int, count: int) -> None:
        self.text[cell] = str(count) if count < 10 else "+"
        self.owners[cell] = None

    def fade(self, item: Item) -> None:
        """An unknown end fades out over a few cells beyond what is known, where free."""
        view = self.view
        first, last = view.cell_range(item.start, item.end)
        sides = []
        if item.start_edge is Edge.UNKNOWN and view.cell(item.start) >= 0:
            sides.append(range(first - 1, first - 1 - FADE_CELLS, -1))
        if item.end_edge is Edge.UNKNOWN and view.cell(item.end) < view.width:
            sides.append(range(last + 1, last + 1 + FADE_CELLS))
        for cells in sides:
            for glyph, cell in zip(self.glyphs.fade, cells, strict=True):
                if not 0 <= cell < view.width or self.roles[cell] is not Role.BLANK:
                    break
                self.text[cell], self.roles[cell], self.owners[cell] = glyph, Role.FADE, item

    def runs(self) -> list[Run]:
        return _runs(self.text, self.roles, self.owners, self._labels())

    def _labels(self) -> dict[int, tuple[int, Item, bool]]:
        """Where labels go: {first cell: (cells, item, inside)}: right, left, else over it."""
        width = self.view.width
        spans: dict[int, list[int]] = {}
        inner: dict[int, list[int]] = {}  # without the fade of an unknown end
        for cell, owner in enumerate(self.owners):
            if owner is not None:
                spans.setdefault(owner.order, [cell, cell])[1] = cell
                if self.roles[cell] is not Role.FADE:
                    inner.setdefault(owner.order, [cell, cell])[1] = cell
        labels: dict[int, tuple[int, Item, bool]] = {}
        taken = [role is not Role.BLANK for role in self.roles]
        for item in self.shown:
            span = spans.get(item.order)
            if span is None:
                continue  # only counted
            wanted = self.label_cells(item)
            # Beside it, one blank cell away and one blank before the next thing drawn.
            right = span[1] + 1 + LABEL_GAP
            room = min(_free_run(taken, right - LABEL_GAP, 1) - 2 * LABEL_GAP, wanted)
            if room >= MIN_LABEL:
                _take(labels, taken, right, room, item)
                continue
            left_end = span[0] - 1 - LABEL_GAP  # the last cell a label on the left may use
            room = min(_free_run(taken, left_end + LABEL_GAP, -1) - 2 * LABEL_GAP, wanted)
            if room >= MIN_LABEL and left_end < width:
                _take(labels, taken, left_end - room + 1, room, item)
                continue
            if item.order not in inner:
                continue  # only its fade shows: the event itself is in a count
            first, last = inner[item.order]
            # Over a long bar, leaving two cells of it showing each side.
            if last - first + 1 - 2 * INSIDE_MARGIN >= MIN_LABEL:
                start = first + INSIDE_MARGIN
                labels[start] = (last - first + 1 - 2 * INSIDE_MARGIN, item, True)
        return labels


def _glyph(
    item: Item, cell: int, first: int, last: int, core_first: int, core_last: int,
    view: Viewport, glyphs: Glyphs,
) -> tuple[str, Role]:
    if cell == 0 and item.start_edge is Edge.OPEN and last > 0:
        return glyphs.open_start, Role.OPEN
    if cell == view.width - 1 and item.end_edge is Edge.OPEN and first < cell:
        return glyphs.open_end, Role.OPEN
    if first == last or core_first == core_last == cell:
        return _marker(item, glyphs)
    if cell < core_first or cell > core_last:
        return glyphs.approximate_fill, Role.APPROXIMATE
    if item.shape is Shape.INTERVAL:
        if item.uncertain:
            return glyphs.uncertain_fill, Role.UNCERTAIN
        return glyphs.bar, Role.BAR
    role = Role.UNCERTAIN if item.uncertain else Role.RANGE
    # Caps only where the range itself begins or ends on screen.
    if cell == core_first and item.core_start >= view.start:
        return glyphs.range_start, role
    if cell == core_last and item.core_end <= view.end:
        return glyphs.range_end, role
    return (glyphs.uncertain_fill if item.uncertain else glyphs.range_fill), role


def _marker(item: Item, glyphs: Glyphs) -> tuple[str, Role]:
    if item.shape is Shape.INTERVAL:
        return glyphs.interval, Role.MARKER
    if item.approximate and item.uncertain:
        return glyphs.both, Role.MARKER
    if item.approximate:
        return glyphs.approximate, Role.MARKER
    return (glyphs.uncertain if item.uncertain else glyphs.exact), Role.MARKER


def _free_run(taken: list[bool], start: int, step: int) -> int:
    count = 0
    cell = start
    while 0 <= cell < len(taken) and not taken[cell]:
        count += 1
        cell += step
    return count


def _take(
    labels: dict[int, tuple[int, Item, bool]], taken: list[bool], start: int, size: int,
    item: Item,
) -> None:
    labels[start] = (size, item, False)
    for cell in range(start, start + size):
        taken[cell] = True


def _runs(
    text: list[str], roles: list[Role], owners: list[Item | None],
    labels: dict[int, tuple[int, Item, bool]],
) -> list[Run]:
    runs: list[Run] = []
    cell = 0
    width = len(text)
    while cell < width:
        if cell in labels:
            size, item, inside = labels[cell]
            under = "".join(text[cell : cell + size])
            if inside:
                runs.append(Run(under, Role.INSIDE_LABEL, item, roles[cell + 1]))
            else:
                runs.append(Run(under, Role.LABEL, item))
            cell += size
            continue
        role, owner = roles[cell], owners[cell]
        end = cell + 1
        while (end < width and end not in labels and roles[end] is role
               and owners[end] is owner):
            end += 1
        runs.append(Run("".join(text[cell:end]), role, owner))
        cell = end
    return runs


# --- the axis -------------------------------------------------------------------------------


def tick_label_line(found: list[Tick], width: int) -> list[Run]:
    line = [" "] * width
    for tick in found:
        if tick.label is not None:
            line[tick.cell : tick.cell + len(tick.label)] = tick.label
    return [Run("".join(line[:width]), Role.TICK_LABEL)]


def axis_line(
    found: list[Tick], width: int, glyphs: Glyphs, before: int, after: int
) -> list[Run]:
    """The axis with its ticks, and at each end how many events lie beyond it."""
    line = [glyphs.axis] * width
    for tick in found:
        line[tick.cell] = glyphs.tick
    left = f"{glyphs.open_start}{before}" if before else ""
    right = f"{after}{glyphs.open_end}" if after else ""
    if len(left) + len(right) + 2 > width:
        left = right = ""
    runs: list[Run] = []
    if left:
        runs.append(Run(left, Role.OUTSIDE))
    runs.append(Run("".join(line[len(left) : width - len(right)]), Role.AXIS))
    if right:
        runs.append(Run(right, Role.OUTSIDE))
    return runs
