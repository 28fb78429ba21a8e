"""The time axis as plain data: extents of every EDTF form, lanes, views, ticks, drawing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui.model.content import shipped_bundle_path
from tui.model.edtf import parse_edtf
from tui.model.entities import Event
from tui.model.load import load_bundle
from tui.model.time_axis import MIN_SPAN, AxisLayout, Edge, Item, Shape, Viewport
from tui.model.time_axis_draw import (
    ASCII,
    UNICODE,
    Role,
    axis_line,
    count_text,
    draw_lane,
    tick_label_line,
)
from tui.model.time_axis_ticks import day_start, instant_at, seconds, ticks, year_label


def event(date_text: str | None, ident: str = "e", title: str = "An event") -> Event:
    return Event(ident, title, "", (), 0, parse_edtf(date_text) if date_text else None)


def events(*dates: str | None) -> list[Event]:
    return [event(text, f"e{n}", f"Event {n}") for n, text in enumerate(dates)]


def item_of(text: str) -> Item:
    layout = AxisLayout([event(text)])
    return layout.items[0]


def drawn(runs: list) -> str:  # type: ignore[type-arg]
    return "".join(run.text for run in runs)


def cells_of_role(runs: list, role: Role) -> list[int]:  # type: ignore[type-arg]
    found, cell = [], 0
    for run in runs:
        if run.role is role:
            found.extend(range(cell, cell + len(run.text)))
        cell += len(run.text)
    return found


# --- the scale ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instant",
    [(2019, 2, 9, 0), (1, 1, 1, 0), (9999, 12, 31, 86399), (0, 1, 1, 0), (-44, 3, 15, 7),
     (10000, 1, 1, 0), (-170000002, 1, 1, 0), (170000002, 12, 31, 86399)],
)
def test_instants_round_trip_through_axis_seconds(instant: tuple[int, int, int, int]) -> None:
    assert instant_at(seconds(instant)) == instant


def test_axis_seconds_are_real_seconds() -> None:
    a, b = datetime(2019, 2, 9, 6, 30), datetime(2003, 1, 1)
    assert seconds((2019, 2, 9, 6 * 3600 + 1800)) - seconds((2003, 1, 1, 0)) == (
        a - b
    ).total_seconds()
    # Either side of the year range `date` handles, the arithmetic carries on evenly.
    assert seconds((10000, 1, 1, 0)) - seconds((9999, 12, 31, 0)) == 86400
    assert seconds((1, 1, 1, 0)) - seconds((0, 12, 31, 0)) == 86400
    assert seconds((0, 3, 1, 0)) - seconds((0, 2, 28, 0)) == 2 * 86400  # year 0 is leap


def test_year_labels_are_astronomical() -> None:
    assert [year_label(y) for y in (2019, 1, 0, -44)] == ["2019", "1", "1 BC", "45 BC"]


# --- extents --------------------------------------------------------------------------------


def test_a_month_covers_the_whole_month() -> None:
    item = item_of("2019-02")
    assert (item.start, item.end) == (day_start(2019, 2), day_start(2019, 3))
    assert item.shape is Shape.RANGE and not item.approximate


def test_a_day_and_a_moment_are_moments() -> None:
    day = item_of("2019-02-09")
    assert day.shape is Shape.MOMENT and day.end - day.start == 86400
    moment = item_of("2019-02-11T06:00:00+03:00")
    assert moment.shape is Shape.MOMENT
    # Compared in UTC: 06:00 at +03:00 is 03:00Z.
    assert moment.start == day_start(2019, 2, 11) + 3 * 3600


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("2019-24", (2019, 12), (2020, 3)), ("2019-21", (2019, 3), (2019, 6)),
     ("201X", (2010, 1), (2020, 1)), ("19XX", (1900, 1), (2000, 1)),
     ("2004-XX", (2004, 1), (2005, 1)), ("1985-04-XX", (1985, 4), (1985, 5)),
     ("Y170000002", (170000002, 1), (170000003, 1)), ("-0044", (-44, 1), (-43, 1))],
)
def test_seasons_unspecified_digits_and_long_years_cover_what_they_may_mean(
    text: str, first: tuple[int, int], last: tuple[int, int]
) -> None:
    item = item_of(text)
    assert (item.start, item.end) == (day_start(*first), day_start(*last))
    assert item.shape is Shape.RANGE


def test_an_approximate_date_also_covers_a_unit_either_side() -> None:
    item = item_of("2003~")
    assert (item.core_start, item.core_end) == (day_start(2003), day_start(2004))
    assert instant_at(item.start)[0] == 2001 or instant_at(item.start)[:2] == (2002, 1)
    assert 364 * 86400 < item.core_start - item.start < 367 * 86400
    assert 364 * 86400 < item.end - item.core_end < 367 * 86400
    day = item_of("2019-02-09~")
    assert (day.core_start - day.start, day.end - day.core_end) == (86400, 86400)


def test_uncertain_dates_cover_only_what_they_say() -> None:
    item = item_of("2019-02-09?")
    assert item.uncertain and not item.approximate
    assert (item.start, item.end) == (item.core_start, item.core_end)


def test_interval_ends_open_unknown_and_dated() -> None:
    bar = item_of("2019-01-19/2019-02-09")
    assert (bar.start, bar.end) == (day_start(2019, 1, 19), day_start(2019, 2, 10))
    assert bar.shape is Shape.INTERVAL
    assert (bar.start_edge, bar.end_edge) == (Edge.DATED, Edge.DATED)
    open_start = item_of("../2019-02-09")
    assert open_start.start == float("-inf") and open_start.start_edge is Edge.OPEN
    assert open_start.end == day_start(2019, 2, 10)
    unknown_start = item_of("/2019-02-09")
    assert unknown_start.start_edge is Edge.UNKNOWN
    # Known on its dated side only: it starts with that day.
    assert unknown_start.start == day_start(2019, 2, 9)
    open_end = item_of("2019-02-09/..")
    assert open_end.end == float("inf") and open_end.end_edge is Edge.OPEN
    unknown_end = item_of("2019-02-09/")
    assert (unknown_end.end, unknown_end.end_edge) == (day_start(2019, 2, 10), Edge.UNKNOWN)


def test_a_qualified_interval_end_widens_that_end_only() -> None:
    item = item_of("2019-01~/2019-02?")
    assert item.core_start == day_start(2019, 1) and item.core_end == day_start(2019, 3)
    assert item.start < item.core_start  # about January: December too
    assert item.end == item.core_end  # perhaps February: no wider
    assert item.approximate and item.uncertain


# --- lanes and order ------------------------------------------------------------------------


def test_events_share_lanes_only_where_they_do_not_overlap() -> None:
    layout = AxisLayout(events("2019-02-01", "2019-02-03", "2019-02-01/2019-02-05",
                               "2019-02-09/..", "2019-03-01", "../2019-01-01", "2018-12-01"))
    lanes = {item.event.id: item.lane for item in layout.items}
    assert lanes["e0"] == lanes["e1"]  # two days apart
    assert lanes["e2"] != lanes["e0"]  # the interval holds both days
    # Open ends are endless: nothing shares a lane with them on that side.
    after_open = [i for i in layout.items if i.lane == lanes["e3"] and i.event.id != "e3"]
    assert all(i.end <= layout.item_of(events_by_id(layout, "e3")).start for i in after_open)
    assert lanes["e5"] != lanes["e6"]


def events_by_id(layout: AxisLayout, ident: str) -> Event:
    return next(e for e in layout.order if e.id == ident)


def test_cursor_order_is_time_order_then_undated_in_bundle_order() -> None:
    given = events("2019-02-09", None, "2003~", "../2019-02", None, "2019-02-09/..")
    layout = AxisLayout(given)
    assert [e.id for e in layout.order] == ["e3", "e2", "e0", "e5", "e1", "e4"]
    assert layout.undated == [given[1], given[4]]
    assert layout.position(given[4]) == 5 and layout.item_of(given[4]) is None
    assert layout.position(event("2019-01-01", "stranger")) is None


# --- views ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baghouz() -> AxisLayout:
    bundle, _ = load_bundle(shipped_bundle_path())
    return AxisLayout(bundle.events)


def test_the_baghouz_outliers_do_not_squash_the_february_cluster(baghouz: AxisLayout) -> None:
    view = baghouz.default_viewport(78)
    assert view.start > day_start(2018, 12) and view.end < day_start(2019, 4)
    offensive = next(i for i in baghouz.items if i.event.id == "offensive-begins")
    assert view.shows(offensive)
    assert view.span < 60 * 86400  # days apart, not squashed into a cell
    before, after = baghouz.outside(view)
    assert before == 2 and after == 0  # c. 2003 and 2013, counted at the left edge
    everything = baghouz.fit_all(78)
    assert all(everything.shows(item) for item in baghouz.items)


def test_events_spread_evenly_are_shown_whole() -> None:
    layout = AxisLayout(events(*(f"{year}" for year in range(2000, 2020))))
    assert layout.default_viewport(80) == layout.fit_all(80)


def test_fit_around_shows_the_event_and_its_neighbours(baghouz: AxisLayout) -> None:
    founded = next(i for i in baghouz.items if i.event.id == "isi-founded")
    view = baghouz.fit_around(founded.event, 78)
    assert view is not None
    neighbours = baghouz.items[founded.order - 1 : founded.order + 2]
    assert all(view.shows(item) for item in neighbours)
    assert baghouz.fit_around(event("2019-01-01", "stranger"), 78) is None


def test_zoom_keeps_the_point_it_zooms_around_in_place() -> None:
    view = Viewport(day_start(2019), day_start(2020), 100)
    around = day_start(2019, 3)
    share = (around - view.start) / view.span
    closer = view.zoomed(0.5, around)
    assert closer.span == pytest.approx(view.span / 2)
    assert (around - closer.start) / closer.span == pytest.approx(share)
    assert closer.zoomed(2, around).start == pytest.approx(view.start)
    assert view.zoomed(1e-12).span == MIN_SPAN  # no closer than ten minutes
    assert view.panned(0.25).start == pytest.approx(view.start + view.span / 4)


# --- ticks ----------------------------------------------------------------------------------


def labels(start: float, end: float, width: int) -> list[str]:
    return [t.label for t in ticks(start, end, width) if t.label]


def test_ticks_adapt_to_the_span() -> None:
    centuries = labels(day_start(1000), day_start(2000), 78)
    assert all(int(label) % 100 == 0 for label in centuries)
    years = labels(day_start(2003), day_start(2019), 78)
    assert years[:2] == ["2004", "2006"]
    months = labels(day_start(2019, 1), day_start(2019, 12), 78)
    assert "Jun" in months and months[0] == "Jan 2019"  # Feb is hidden by the first label
    days = labels(day_start(2019, 2, 1), day_start(2019, 2, 28), 78)
    assert days[0] == "1 Feb 2019" and "11" in days
    hours = labels(day_start(2019, 2, 9), day_start(2019, 2, 10), 78)
    assert "06:00" in hours and hours[0].startswith("9 Feb 2019")
    minutes = labels(day_start(2019, 2, 9), day_start(2019, 2, 9) + 3600, 78)
    assert "00:30" in minutes
    bc = labels(day_start(-2000), day_start(1), 60)
    assert any(label.endswith("BC") for label in bc)


@pytest.mark.parametrize("width", [1, 5, 20, 78, 200])
def test_tick_labels_never_overlap_and_stay_inside(width: int) -> None:
    for span_days in (0.01, 1, 31, 400, 20_000, 10**7):
        start = day_start(2019)
        found = ticks(start, start + span_days * 86400, width)
        end = -1
        for tick in found:
            assert 0 <= tick.cell < width
            if tick.label:
                assert tick.cell > end  # a blank cell at least between labels
                end = tick.cell + len(tick.label)
                assert end <= width


# --- drawing --------------------------------------------------------------------------------


def test_a_month_is_drawn_over_exactly_its_cells() -> None:
    layout = AxisLayout([event("2019-02")])
    view = Viewport(day_start(2019, 1), day_start(2019, 4), 90)
    runs = draw_lane(layout, 0, view, UNICODE)
    line = drawn(runs)
    assert len(line) == 90
    first, last = view.cell(day_start(2019, 2)), view.cell(day_start(2019, 3) - 1)
    assert line[first] == "├" and line[last] == "┤"
    assert set(line[first + 1 : last]) == {"─"}
    assert line[:first].strip() == ""
    label = next(run for run in runs if run.role is Role.LABEL)
    assert label.item is not None and label.item.event.id == "e"


def test_open_ends_arrow_to_the_edge_and_unknown_ends_fade() -> None:
    view = Viewport(day_start(2019, 2, 1), day_start(2019, 3, 1), 56)
    for text, glyph, at in (("2019-02-09/..", "▶", 55), ("../2019-02-20", "◀", 0)):
        assert drawn(draw_lane(AxisLayout([event(text)]), 0, view, UNICODE))[at] == glyph
    line = drawn(draw_lane(AxisLayout([event("2019-02-09/")]), 0, view, UNICODE))
    last = view.cell(day_start(2019, 2, 10) - 1)
    assert line[last + 1 : last + 4] == "▓▒░"
    line = drawn(draw_lane(AxisLayout([event("/2019-02-20")]), 0, view, UNICODE))
    first = view.cell(day_start(2019, 2, 20))
    assert line[first - 3 : first] == "░▒▓"


def test_an_event_counted_with_another_keeps_only_its_fade_and_no_label() -> None:
    """Found on a 3,000-event bundle: an unknown start in the same cell as the next event
    is counted there, its fade is all that shows of it, and at the left edge there is no
    room for its label on either side (drawing it once raised a KeyError)."""
    layout = AxisLayout(events("/2003-06-24", "2003-11-01"))
    per_cell = 489 * 86400
    start = layout.items[0].start - 1.3 * per_cell  # the two share cell 1
    view = Viewport(start, start + 15 * per_cell, 15)
    runs = draw_lane(layout, 0, view, UNICODE)
    line = drawn(runs)
    assert len(line) == 15
    assert line[:2] == "▓2"  # the fade of the unknown start, then the count
    assert cells_of_role(runs, Role.COUNT) == [1]
    assert "Event 0" not in line


def test_qualified_dates_look_different_from_exact_ones() -> None:
    wide = Viewport(day_start(2000), day_start(2040), 40)  # a day is far under a cell
    markers = {
        text: drawn(draw_lane(AxisLayout([event(text)]), 0, wide, UNICODE)).strip()[0]
        for text in ("2019-02-09", "2019-02-09~", "2019-02-09?", "2019-02-09%")
    }
    assert list(markers.values()) == ["●", "○", "◇", "◌"]
    close = Viewport(day_start(2001), day_start(2006), 60)
    approx = drawn(draw_lane(AxisLayout([event("2003~")]), 0, close, UNICODE))
    assert "~~~├" in approx and "┤~~~" in approx
    uncertain = drawn(draw_lane(AxisLayout([event("2003?")]), 0, close, UNICODE))
    assert "┄┄┄" in uncertain and "~" not in uncertain
    exact = drawn(draw_lane(AxisLayout([event("2003")]), 0, close, UNICODE))
    assert "├───" in exact and "~" not in exact and "┄" not in exact


def test_a_crowded_cell_shows_how_many_events_it_holds() -> None:
    layout = AxisLayout(events(*(f"2019-02-{day:02}" for day in range(1, 6))))
    view = Viewport(day_start(2010), day_start(2030), 20)
    runs = draw_lane(layout, 0, view, UNICODE)
    assert drawn(runs).strip() == "5"
    crowd = AxisLayout(events(*(f"2019-02-{day:02}" for day in range(1, 16))))
    assert drawn(draw_lane(crowd, 0, view, UNICODE)).strip() == "+"
    # Dense lanes take the binary-search path: the same counts.
    many = AxisLayout(events(*(f"2019-{m:02}-{d:02}" for m in range(1, 13) for d in (1, 15))))
    narrow = Viewport(day_start(2019), day_start(2020), 4)
    assert drawn(draw_lane(many, 0, narrow, UNICODE)) == "24  "  # one crowded stretch
    assert [count_text(n, size) for n, size in ((5, 1), (12, 1), (12, 3), (150, 2))] == [
        "5", "+", "12 ", "9+"]


def test_ascii_marks_are_plain_ascii() -> None:
    for glyph in ASCII:
        assert glyph.isascii() and glyph.isprintable()
    layout = AxisLayout(events("../2019-02-09", "2019-02-09/", "2003~", "2019-02"))
    view = layout.fit_all(60)
    found = ticks(view.start, view.end, 60)
    lines = [drawn(tick_label_line(found, 60)), drawn(axis_line(found, 60, ASCII, 1, 2))]
    lines += [drawn(draw_lane(layout, lane, view, ASCII)) for lane in range(len(layout.lanes))]
    assert all(line.isascii() for line in lines)


def test_the_axis_says_how_many_events_lie_beyond_each_edge() -> None:
    found = ticks(day_start(2019), day_start(2020), 40)
    line = drawn(axis_line(found, 40, UNICODE, 2, 13))
    assert line.startswith("◀2") and line.endswith("13▶") and len(line) == 40


def test_dates_before_1_and_after_9999_draw() -> None:
    layout = AxisLayout(events("Y-170000002", "-0044", "0000", "2019", "Y170000002"))
    view = layout.fit_all(100)
    assert all(view.shows(item) for item in layout.items)
    assert len(labels(view.start, view.end, 100)) >= 2
    assert date(2019, 1, 1).toordinal() * 86400 == day_start(2019)


def test_a_hidden_label_passes_its_year_to_the_next_one_shown() -> None:
    # Half-yearly ticks where each "Jan YYYY" is hidden by the label before it: the July
    # after it says the year, rather than a bare "Jul" that would read as the year before.
    shown = labels(day_start(1997, 6, 20), day_start(2001, 8, 1), 51)
    assert shown[0] == "Jul 1997"
    years = [label.split()[-1] for label in shown]
    assert all(year.isdigit() for year in years) and years == sorted(set(years))
    # Days: the month is said again where it changes, though its first day is hidden.
    days = labels(day_start(2019, 1, 29), day_start(2019, 2, 12), 30)
    assert days[0].endswith("Jan 2019")
    assert any(label.endswith("Feb") for label in days)
