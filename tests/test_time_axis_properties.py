"""Properties of the time axis over random timelines and views (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.model.edtf import EdtfError, parse_edtf
from tui.model.entities import Event
from tui.model.gregorian import days_in_month
from tui.model.time_axis import INF, MIN_SPAN, AxisLayout, Edge, Viewport
from tui.model.time_axis_draw import ASCII, UNICODE, Role, draw_lane
from tui.model.time_axis_ticks import YEAR_SECONDS, day_start, ticks

years = st.integers(1995, 2025)


@st.composite
def plain_dates(draw: st.DrawFn, qualified: bool = True) -> str:
    year = draw(st.one_of(years, st.integers(-3000, 3000)) if draw(st.booleans()) else years)
    text = f"-{-year:04}" if year < 0 else f"{year:04}"
    precision = draw(st.sampled_from(["year", "month", "day", "season"]))
    if precision != "year":
        if precision == "season":
            text += f"-{draw(st.integers(21, 24))}"
        else:
            month = draw(st.integers(1, 12))
            text += f"-{month:02}"
            if precision == "day":
                text += f"-{draw(st.integers(1, days_in_month(year, month))):02}"
    if qualified:
        text += draw(st.sampled_from(["", "", "", "~", "?", "%"]))
    return text


@st.composite
def edtf_texts(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["plain", "plain", "interval", "time", "unspecified", "none"]))
    if kind == "none":
        return None
    if kind == "time":
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        zone = draw(st.sampled_from(["", "Z", "+03:00", "-05"]))
        return f"2019-02-{draw(st.integers(1, 28)):02}T{hour:02}:{minute:02}:00{zone}"
    if kind == "unspecified":
        return draw(st.sampled_from(["201X", "19XX", "2004-XX", "1985-04-XX", "1985-XX-XX",
                                     "Y170000002", "Y-170000002"]))
    if kind == "plain":
        return draw(plain_dates())
    start = draw(st.one_of(plain_dates(), st.sampled_from(["..", ""])))
    end = draw(st.one_of(plain_dates(), st.sampled_from(["..", ""])))
    return f"{start}/{end}"


@st.composite
def timelines(draw: st.DrawFn) -> list[Event]:
    found: list[Event] = []
    for n, text in enumerate(draw(st.lists(edtf_texts(), min_size=1, max_size=40))):
        try:
            date = parse_edtf(text) if text is not None else None
        except EdtfError:
            continue  # an interval that ends before it starts, or no date at all
        found.append(Event(f"e{n}", f"Event number {n}", "", (), n, date))
    return found


@st.composite
def views(draw: st.DrawFn, layout: AxisLayout) -> Viewport:
    width = draw(st.integers(1, 200))
    if layout.items and draw(st.booleans()):
        item = draw(st.sampled_from(layout.items))
        middle = item.anchor
    else:
        middle = day_start(draw(years))
    span = MIN_SPAN * 10 ** draw(st.floats(0, 8))
    return Viewport(middle - span / 2, middle + span / 2, width)


@st.composite
def layouts_and_views(draw: st.DrawFn) -> tuple[AxisLayout, Viewport]:
    layout = AxisLayout(draw(timelines()))
    return layout, draw(views(layout))


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(start=st.floats(-1e15, 1e15), span=st.floats(60, 1e16), width=st.integers(1, 250))
def test_tick_labels_never_overlap(start: float, span: float, width: int) -> None:
    free_from = 0
    previous = -1
    for tick in ticks(start, start + span, width):
        assert previous < tick.cell < width  # in order, in view
        previous = tick.cell
        if tick.label is not None:
            assert tick.cell >= free_from
            free_from = tick.cell + len(tick.label) + 1
            assert free_from - 1 <= width


@SETTINGS
@given(layouts_and_views())
def test_every_dated_event_in_view_is_drawn(case: tuple[AxisLayout, Viewport]) -> None:
    layout, view = case
    for lane in range(len(layout.lanes)):
        runs = draw_lane(layout, lane, view, UNICODE)
        cells: list[tuple[Role, object]] = []
        for run in runs:
            cells.extend((run.role, run.item) for _ in run.text)
        assert len(cells) == view.width
        for item in layout.in_view(lane, view):
            first, last = view.cell_range(item.start, item.end)
            shown = [cells[c] for c in range(first, last + 1)]
            assert any(owner is item or role is Role.COUNT for role, owner in shown), item


@SETTINGS
@given(layouts_and_views())
def test_counts_say_how_many_events_they_hold(case: tuple[AxisLayout, Viewport]) -> None:
    layout, view = case
    for lane in range(len(layout.lanes)):
        runs = draw_lane(layout, lane, view, ASCII)
        cell = 0
        for run in runs:
            if run.role is Role.COUNT:
                start = view.start + cell * view.per_cell
                end = view.start + (cell + len(run.text)) * view.per_cell
                inside = [i for i in layout.lanes[lane].items if i.start < end and i.end > start]
                shown = run.text.strip()
                assert len(inside) >= 2
                if shown.endswith("+"):
                    assert len(inside) > int(shown[:-1] or "9")
                else:
                    assert int(shown) == len(inside)
            cell += len(run.text)
        assert "".join(run.text for run in runs).isascii()


@SETTINGS
@given(timelines())
def test_cursor_order_is_time_order(given_events: list[Event]) -> None:
    layout = AxisLayout(given_events)
    dated = [item.event for item in layout.items]
    assert [e.date.sort_key for e in dated] == sorted(  # type: ignore[union-attr]
        e.date.sort_key for e in given_events if e.date is not None
    )
    assert layout.order == dated + [e for e in given_events if e.date is None]
    assert [layout.position(e) for e in layout.order] == list(range(len(layout.order)))
    assert [item.order for item in layout.items] == list(range(len(layout.items)))


@SETTINGS
@given(timelines())
def test_events_in_a_lane_never_overlap(given_events: list[Event]) -> None:
    layout = AxisLayout(given_events)
    for lane in layout.lanes:
        for before, after in zip(lane.items, lane.items[1:], strict=False):
            assert before.end <= after.start
            # An open or unknown end is endless: nothing follows it in its lane.
            assert before.end_edge is Edge.DATED and after.start_edge is Edge.DATED
        assert lane.starts == sorted(lane.starts) and lane.ends == sorted(lane.ends)


@SETTINGS
@given(timelines(), st.integers(1, 200))
def test_default_and_fitted_views_show_what_they_fit(given_events: list[Event], width: int) -> None:
    layout = AxisLayout(given_events)
    assume(layout.items)
    everything = layout.fit_all(width)
    assert all(everything.shows(item) for item in layout.items)
    view = layout.default_viewport(width)
    assert view.span >= MIN_SPAN and math.isfinite(view.start) and math.isfinite(view.end)
    shown = sum(view.shows(item) for item in layout.items)
    assert shown >= math.ceil(0.8 * len(layout.items)) or view == everything
    for item in layout.items:
        around = layout.fit_around(item.event, width)
        assert around is not None and around.shows(item)


@SETTINGS
@given(layouts_and_views(), st.floats(0.01, 100))
def test_zoom_and_pan_round_trip(case: tuple[AxisLayout, Viewport], factor: float) -> None:
    _, view = case
    assume(view.span * factor >= MIN_SPAN)
    there = view.zoomed(factor).zoomed(1 / factor)
    # Far from the epoch (10^15 s) the ends are floats a whole unit apart: each step may
    # round an end by a few of those units, whatever the span.
    rounding = 8 * math.ulp(max(abs(view.start), abs(view.end)))
    assert math.isclose(there.span, view.span, rel_tol=1e-6, abs_tol=rounding)
    assert math.isclose(
        there.start, view.start, rel_tol=1e-6, abs_tol=max(view.span * 1e-6, rounding)
    )
    moved = view.panned(0.25).panned(-0.25)
    assert math.isclose(moved.start, view.start, abs_tol=max(view.span * 1e-6, rounding))


@SETTINGS
@given(layouts_and_views())
def test_nearest_in_lane_is_the_closest(case: tuple[AxisLayout, Viewport]) -> None:
    layout, view = case
    at = (view.start + view.end) / 2
    for lane_number, lane in enumerate(layout.lanes):
        found = layout.nearest_in_lane(lane_number, at)
        assert found is not None and found.lane == lane_number

        def distance(item: object) -> float:
            start, end = item.start, item.end  # type: ignore[attr-defined]
            return 0.0 if start <= at < end else min(abs(start - at), abs(end - at))

        assert distance(found) == min(distance(i) for i in lane.items)


def test_open_ends_reach_infinity() -> None:
    layout = AxisLayout([Event("a", "A", "", (), 0, parse_edtf("../2019"))])
    assert layout.items[0].start == -INF
    assert layout.fit_all(10).span < 3 * YEAR_SECONDS
