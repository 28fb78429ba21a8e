"""The timeline pane's second view: `t` swaps the list for the time axis and back.

A mixin so the story screen keeps to layout and navigation. The axis is mounted in the
timeline pane, beside the list, and one of the two is visible. Both follow
the same rows and the same event: the list stays the timeline's cursor (marks, `]`/`[`,
search and the source pane go through it), and the axis moves it.

The axis layout of a large bundle takes a while (~70 ms for 20,000 events), so it is built
in a thread once the first frame is up, then the axis is mounted, hidden, and `t` finds it
ready.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from tui.model.entities import Entry, Event
from tui.model.time_axis import AxisLayout

if TYPE_CHECKING:
    from tui.widgets.entry_list import EntryList
    from tui.widgets.timeline_axis import TimelineAxis
    from tui.widgets.timeline_list import TimelineList

MOUNT_DELAY = 1.0  # seconds after the layout is built

AXIS_BINDINGS: list[BindingType] = [
    Binding("t", "toggle_timeline_view", "Timeline: list or time axis", show=False),
]


class AxisHost(Protocol):
    """What the story screen gives this mixin."""

    _axis: TimelineAxis | None
    _axis_mounted: asyncio.Event | None
    _axis_build: Worker[AxisLayout] | None
    _axis_built_for: Sequence[Event] | None

    @property
    def timeline(self) -> TimelineList: ...

    @property
    def focused(self) -> Widget | None: ...

    active_pane: str

    def query_one(self, selector: str) -> Widget: ...

    def pane_widget(self, pane: str) -> Widget: ...

    def show_pane(self, pane: str, focus: bool) -> None: ...

    def set_focus(self, widget: Widget | None) -> None: ...

    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...

    def run_worker(
        self, work: Callable[[], AxisLayout], name: str | None = ..., group: str = ...,
        description: str = ..., exit_on_error: bool = ..., start: bool = ...,
        exclusive: bool = ..., thread: bool = ...,
    ) -> Worker[AxisLayout]: ...

    def set_timer(
        self, delay: float, callback: Callable[[], Awaitable[object]] | None = ...,
        *, name: str | None = ..., pause: bool = ...,
    ) -> Timer: ...

    def _badge(self, entry: Entry) -> Text: ...

    def _open_row(self, row: object) -> None: ...


class AxisActions:
    _axis: TimelineAxis | None = None
    _axis_mounted: asyncio.Event | None = None  # set once the axis is in the timeline pane
    _axis_build: Worker[AxisLayout] | None = None
    _axis_built_for: Sequence[Event] | None = None

    def on_mount(self: AxisHost) -> None:
        self.call_after_refresh(lambda: _start_build(self))

    def on_worker_state_changed(self: AxisHost, event: Worker.StateChanged) -> None:
        # Built: mount the axis, hidden, so that `t` only has to show it; a moment later,
        # not amid the keys an editor types as the story opens.
        if event.worker is self._axis_build and event.state is WorkerState.SUCCESS:
            self.set_timer(MOUNT_DELAY, lambda: _mount_axis_if_shown(self))

    def pane_focus(self: AxisHost, pane: str) -> Widget:
        """The widget that takes the focus for a pane: the axis when the timeline shows it."""
        if pane == "timeline" and self._axis is not None and _axis_shown(self):
            return self._axis
        return self.pane_widget(pane)

    async def action_toggle_timeline_view(self: AxisHost) -> None:
        axis = await _mount_axis(self)
        show = not _axis_shown(self)
        if show:
            await _follow_list(self)
        axis.visible = show
        self.timeline.visible = not show
        pane = self.query_one("#timeline-pane")
        pane.border_subtitle = Text("time axis · t: list") if show else None
        self.show_pane("timeline", focus=False)
        self.set_focus(axis if show else self.timeline)

    def refresh_axis(self: AxisHost) -> None:
        """Review marks changed: the badges on the axis too."""
        if self._axis is not None:
            self._axis.refresh_all()

    def on_timeline_axis_highlighted(self: AxisHost, message: TimelineAxis.Highlighted) -> None:
        # The list is the timeline's cursor: the source pane and the article follow it.
        if message.event is not None:
            self.timeline.select(message.event)

    async def on_entry_list_highlighted(self: AxisHost, message: EntryList.Highlighted) -> None:
        if message.entry_list is self.timeline and _axis_shown(self):
            await _follow_list(self)

    def on_descendant_focus(self: AxisHost, event: object) -> None:
        if self._axis is not None and self.focused is self._axis and self.active_pane != "timeline":
            self.show_pane("timeline", focus=False)


async def _mount_axis_if_shown(screen: AxisHost) -> None:
    # Not while the story screen is being rebuilt (a reload): it mounts its own then.
    try:
        screen.query_one("#timeline")
    except NoMatches:
        return
    axis = await _mount_axis(screen)
    if screen._axis is not axis:
        return  # mounted into panes a save rebuilt meanwhile: the new ones mount their own
    if not _axis_shown(screen):
        # Textual sizes only visible widgets, and one shown for the first time takes a
        # second frame to lay out: the axis is shown once under the list, then hidden.
        axis.visible = True
        screen.call_after_refresh(lambda: _hide_unless_shown(screen, axis))


async def _mount_axis(screen: AxisHost) -> TimelineAxis:
    """The axis, mounted hidden in the timeline pane at the first call."""
    if screen._axis_mounted is not None:
        await screen._axis_mounted.wait()
        if screen._axis is not None:
            return screen._axis
        return await _mount_axis(screen)  # that mount was into panes rebuilt since
    mounted = screen._axis_mounted = asyncio.Event()
    from tui.widgets.timeline_axis import TimelineAxis  # load on use

    axis = TimelineAxis(await _layout_for(screen, screen.timeline.rows), id="timeline-axis")
    axis.badge = screen._badge
    axis.on_open = screen._open_row
    axis.visible = False
    # The two views lie on layers of the pane, the list above, and `t` swaps which one is
    # visible: both keep their places in the layout, so only the pane is drawn again
    # (taking one out of the layout would move every widget after it and redraw them all).
    pane = screen.query_one("#timeline-pane")
    pane.styles.layers = "timeline-axis timeline-list"
    axis.styles.layer = "timeline-axis"
    screen.timeline.styles.layer = "timeline-list"
    await pane.mount(axis)
    mounted.set()  # whoever waits for this mount goes on
    # A save shown meanwhile rebuilt the panes (and forgot this mount): the axis went with
    # the old pane, and the new one gets its own.
    if screen._axis_mounted is mounted:
        screen._axis = axis
    return axis


def _axis_shown(screen: AxisHost) -> bool:
    """Whether the timeline pane shows the axis (the list hidden above it)."""
    return screen._axis is not None and not screen.timeline.visible


def _hide_unless_shown(screen: AxisHost, axis: TimelineAxis) -> None:
    if axis is screen._axis and not _axis_shown(screen):
        axis.visible = False
        axis.forget_view()  # chosen where the cursor is when the axis is first shown


def _start_build(screen: AxisHost) -> None:
    rows = screen.timeline.rows
    screen._axis_built_for = rows
    screen._axis_build = screen.run_worker(
        lambda: _prepared(rows), thread=True, group="timeline-axis", exit_on_error=False
    )


def _prepared(rows: Sequence[Event]) -> AxisLayout:
    layout = AxisLayout(rows)
    layout.cluster()  # found once, here, rather than at the first draw
    return layout


async def _layout_for(screen: AxisHost, rows: Sequence[Event]) -> AxisLayout:
    build = screen._axis_build
    if build is not None and screen._axis_built_for is rows:
        await build.wait()
        if build.result is not None:
            return build.result
    return _prepared(rows)


async def _follow_list(screen: AxisHost) -> None:
    """The axis shows the list's rows (filters apply to both) and its current event."""
    axis = screen._axis
    if axis is None:
        return
    rows = screen.timeline.rows
    if axis.rows is not rows:
        axis.set_layout(await _layout_for(screen, rows), keep=screen.timeline.current)
    axis.select(screen.timeline.current)
