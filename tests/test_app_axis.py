"""The time axis in the app: `t`, every key of the axis, and staying in step with the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    NARROW,
    UNSAFE,
    WIDE,
    isolated_review,
    open_app,
    screen_lines,
    widget_lines,
)
from textual.pilot import Pilot

from tui.app import BaghouzApp
from tui.review.marks import Mark
from tui.screens import axis_actions
from tui.screens.help_screen import HelpScreen
from tui.screens.main_screen import MainScreen
from tui.widgets.timeline_axis import TimelineAxis
from tui.widgets.timeline_list import TimelineList


def screen_of(app: BaghouzApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def axis_of(app: BaghouzApp) -> TimelineAxis:
    return app.screen.query_one(TimelineAxis)


def timeline_of(app: BaghouzApp) -> TimelineList:
    return app.screen.query_one("#timeline", TimelineList)


async def open_axis(pilot: Pilot[object]) -> TimelineAxis:
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    axis = pilot.app.screen.query_one(TimelineAxis)
    assert pilot.app.focused is axis
    return axis


def in_step(app: BaghouzApp) -> None:
    """The axis, the list, the source pane and the article show the same event."""
    axis, screen = axis_of(app), screen_of(app)
    assert axis.current is not None
    assert timeline_of(app).current is axis.current
    assert screen.source.entry is axis.current
    assert screen.article.entry is axis.current
    assert screen.current_entry is axis.current


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_t_toggles_list_and_axis(size: tuple[int, int], tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=size) as pilot:
        timeline = timeline_of(app)
        axis = await open_axis(pilot)
        assert axis.visible and not timeline.visible
        assert axis.current is timeline.current  # opened on the list's event
        assert "time axis" in str(app.screen.query_one("#timeline-pane").border_subtitle)
        in_step(app)
        await pilot.press("t")
        await pilot.pause()
        assert timeline.visible and not axis.visible and app.focused is timeline
        await pilot.press("t")
        await pilot.pause()
        assert app.focused is axis and app.screen.query(TimelineAxis).results().__next__()
        assert len(app.screen.query(TimelineAxis)) == 1  # mounted once


async def test_the_axis_uses_the_layout_built_in_the_background(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        build = screen._axis_build
        assert build is not None
        await build.wait()
        axis = await open_axis(pilot)
        assert axis.axis_layout is build.result


async def test_the_axis_mounted_in_the_background_opens_around_the_list_s_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mounted a moment after the story opens, the axis is drawn once under the list (so
    that Textual has sized it) and hidden; the span it shows is still chosen when it is
    first shown, around the event the list is on by then, not the one it was drawn on."""
    monkeypatch.setattr(axis_actions, "MOUNT_DELAY", 0.01)
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        screen = screen_of(app)
        for _ in range(200):  # the layout is built in a thread, then the axis mounted
            await pilot.pause(0.02)
            if screen._axis is not None and not screen._axis.visible:
                break
        axis = axis_of(app)
        assert not axis.visible and timeline_of(app).visible  # hidden again, under the list
        assert axis.view is None  # no span chosen yet
        earliest = min(axis.axis_layout.items, key=lambda item: item.anchor).event
        timeline_of(app).select(earliest)  # c. 2003, long before the cluster of 2019
        await pilot.pause()
        await open_axis(pilot)
        assert axis.current is earliest
        assert axis.view == axis.axis_layout.fit_around(earliest, axis.axis_width)
        assert len(app.screen.query(TimelineAxis)) == 1


async def test_t_from_another_pane_shows_the_timeline_axis(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2", "t")
        await pilot.pause()
        assert screen_of(app).active_pane == "timeline"
        assert app.focused is axis_of(app)
        await pilot.press("2", "1")  # back to the timeline: the axis again, not the list
        assert app.focused is axis_of(app)


async def test_left_and_right_move_in_time_order(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        order = axis.axis_layout.order
        await pilot.press("home")
        seen = [axis.current]
        for key in ["right", "l"] * (len(order) // 2) + ["right"]:
            await pilot.press(key)
            seen.append(axis.current)
        assert seen[: len(order)] == order
        assert seen[-1] is order[-1]  # stops at the last
        in_step(app)
        await pilot.press("left", "h")
        assert axis.current is order[-3]
        await pilot.press("g")
        assert axis.current is order[0]
        await pilot.press("G")
        assert axis.current is order[-1]
        await pilot.press("end", "home")
        assert axis.current is order[0]
        in_step(app)


async def test_up_and_down_move_between_lanes(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("home")
        lanes = [axis.current_item.lane]  # type: ignore[union-attr]
        for key in ("down", "j", "down"):
            await pilot.press(key)
            lanes.append(axis.current_item.lane)  # type: ignore[union-attr]
        assert lanes == sorted(lanes) and len(set(lanes)) == 4
        await pilot.press("up", "k")
        assert axis.current_item.lane == lanes[1]  # type: ignore[union-attr]
        in_step(app)
        await pilot.press("pagedown")
        assert axis.current_item.lane > lanes[1]  # type: ignore[union-attr]
        await pilot.press("pageup")
        assert axis.current_item.lane <= lanes[1]  # type: ignore[union-attr]
        # The lane below is packed where events do not overlap: the nearest one in time.
        await pilot.press("home")
        item = axis.current_item
        await pilot.press("down")
        below = axis.current_item
        assert below is not None and item is not None
        lane = axis.axis_layout.lanes[below.lane]
        assert below is axis.axis_layout.nearest_in_lane(below.lane, item.anchor) or (
            below in lane.items
        )


async def test_zoom_keys(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        assert axis.select(next(e for e in app.bundle.events if e.id == "offensive-begins"))
        start = axis.view
        assert start is not None
        await pilot.press("plus")
        assert axis.view.span == pytest.approx(start.span / 2)  # type: ignore[union-attr]
        await pilot.press("equals_sign")
        assert axis.view.span == pytest.approx(start.span / 4)  # type: ignore[union-attr]
        await pilot.press("minus", "minus", "minus")
        assert axis.view.span == pytest.approx(start.span * 2)  # type: ignore[union-attr]
        await pilot.press("z")
        assert axis.view == axis.axis_layout.fit_around(axis.current, axis.axis_width)
        await pilot.press("Z")
        assert axis.view == axis.axis_layout.fit_all(axis.axis_width)
        shown = axis.view
        assert shown is not None
        assert all(shown.shows(item) for item in axis.axis_layout.items)


@pytest.mark.parametrize(("keys", "direction"), [
    (("greater_than_sign",), 1), (("less_than_sign",), -1), (("shift+right",), 1),
    (("shift+left",), -1), (("L",), 1), (("H",), -1),
])
async def test_pan_keys(keys: tuple[str, ...], direction: int, tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        before = axis.view
        assert before is not None
        current = axis.current
        await pilot.press(*keys)
        after = axis.view
        assert after is not None and after.span == pytest.approx(before.span)
        assert after.start == pytest.approx(before.start + direction * before.span / 4)
        assert axis.current is current  # panning leaves the cursor where it is


async def test_a_cursor_move_pans_to_an_event_out_of_view(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        day = next(e for e in app.bundle.events if e.id == "kurds-regain-ground")
        assert axis.select(day)
        for _ in range(12):
            await pilot.press("less_than_sign")
        view = axis.view
        item = axis.current_item
        assert view is not None and item is not None and not view.shows(item)
        await pilot.press("left", "right")
        item = axis.current_item
        assert item is not None and axis.view is not None and axis.view.shows(item)
        assert axis.view.span == pytest.approx(view.span)  # panned, not zoomed


async def test_enter_opens_the_article_and_escape_comes_back(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("right", "right")
        event = axis.current
        await pilot.press("enter")
        await pilot.pause()
        screen = screen_of(app)
        assert screen.active_pane == "article" and screen.article.entry is event
        assert event is not None and screen.article.paragraph.id == event.sources[0].paragraph
        await pilot.press("escape")
        assert app.focused is axis and axis.current is event


async def test_the_list_and_the_axis_follow_each_other(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("t", "j", "j")  # in the list
        chosen = timeline_of(app).current
        await pilot.press("t")
        await pilot.pause()
        assert axis.current is chosen
        in_step(app)
        # The screen moves the list (a search hit, the citing picker): the axis follows.
        target = app.bundle.events[0]
        screen_of(app).reveal_entry(target)
        await pilot.pause()
        assert axis.current is target and app.focused is axis
        in_step(app)


async def test_review_keys_mark_the_event_under_the_axis_cursor(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("right")
        event = axis.current
        assert event is not None
        await pilot.press("v")
        await pilot.pause()
        assert app.review.mark_of(event.id) is Mark.VERIFIED
        status = widget_lines(app, axis)[0]
        assert "✓" in status
        # The mark shows beside the event's marker on its lane too, where its label fits.
        assert any("✓" in line for line in widget_lines(app, axis)[3:])
        await pilot.press("x")
        assert app.review.mark_of(event.id) is Mark.DISPUTED
        await pilot.press("backspace")
        assert app.review.mark_of(event.id) is None
        await pilot.press("right_square_bracket")  # next unreviewed: moves the axis too
        await pilot.pause()
        assert axis.current is not event or app.review.mark_of(event.id) is None
        in_step(app)


async def test_a_review_filter_narrows_the_axis_too(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("right", "v", "right", "v")
        await pilot.press("r")  # unreviewed only
        await pilot.pause()
        assert axis.rows is timeline_of(app).rows
        assert len(axis.axis_layout.order) == len(app.bundle.events) - 2
        await pilot.press("escape")
        await pilot.pause()
        assert len(axis.axis_layout.order) == len(app.bundle.events)


async def test_undated_events_are_listed_beside_the_axis(tmp_path: Path) -> None:
    app = open_app("edtf_forms", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        undated = axis.axis_layout.undated
        assert [e.id for e in undated] == ["undated-first", "undated-second"]
        lines = widget_lines(app, axis)
        assert "Undated (2)" in lines[1]
        assert "Undated, f" in lines[2] and "Undated, s" in lines[3]
        await pilot.press("end")
        assert axis.current is undated[-1]
        assert "undated" in widget_lines(app, axis)[0]
        await pilot.press("up")
        assert axis.current is undated[0]
        await pilot.press("up")  # the top of the column: stays
        assert axis.current is undated[0]
        await pilot.press("left")  # back onto the axis: the last dated event
        assert axis.current is axis.axis_layout.items[-1].event
        in_step(app)


async def test_clicking_a_lane_selects_its_nearest_event(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("home")
        lane, view = 3, axis.view
        assert view is not None
        await pilot.click(TimelineAxis, offset=(10, 3 + lane))
        item = axis.current_item
        assert item is not None and item.lane == lane


async def test_ascii_marks_on_the_linux_console(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = open_app("edtf_forms", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("v")
        for zoom in ("Z", "z", "plus"):
            await pilot.press(zoom)
            lines = widget_lines(app, axis)
            # The frame around the pane is Textual's; everything the axis draws is ASCII.
            assert all(line[: axis.size.width].isascii() for line in lines), lines


async def test_only_lanes_on_screen_are_drawn(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.widgets.timeline_axis_lines as module

    drawn: list[int] = []
    real = module.draw_lane

    def counting(layout, lane, view, glyphs, cells):  # type: ignore[no-untyped-def]
        drawn.append(lane)
        return real(layout, lane, view, glyphs, cells)

    monkeypatch.setattr(module, "draw_lane", counting)
    app = open_app("edtf_forms", tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("Z")
        drawn.clear()
        await pilot.press("minus")
        await pilot.pause()
        assert drawn and len(set(drawn)) <= axis.lane_rows
        assert set(drawn) <= set(range(axis.top, axis.top + axis.lane_rows))
        drawn.clear()
        await pilot.press("right")  # no pan needed: at most the two lanes it moved between
        await pilot.pause()
        assert len(set(drawn)) <= 2


async def test_hostile_titles_stay_inert_on_the_axis(tmp_path: Path) -> None:
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        axis = await open_axis(pilot)
        for key in ("Z", "home", "right", "end"):
            await pilot.press(key)
            for line in screen_lines(app):
                assert not UNSAFE.search(line), line
        assert axis.current is not None


async def test_help_explains_the_marks(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await open_axis(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.help_sections()]
        assert "Time axis marks" in titles and "Timeline as a time axis (t)" in titles
        # Read the whole help, a page at a time.
        text = "\n".join(screen_lines(app))
        for _ in range(12):
            await pilot.press("pagedown")
            await pilot.pause()
            text += "\n".join(screen_lines(app))
        for mark in ("├──┤", "━━━━", "◀━ ━▶", "━▓▒░", "○ ~├┤~"):
            assert mark in text, mark
        assert "an open end" in text and "approximate (~)" in text


async def test_a_bundle_without_dated_events(tmp_path: Path) -> None:
    from tui.model.load import load_bundle

    source = Path(__file__).parent / "app_fixtures" / "second.toml"
    text = "\n".join(line for line in source.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("date ="))
    path = tmp_path / "undated.toml"
    path.write_text(text, encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=NARROW) as pilot:
        axis = await open_axis(pilot)
        assert not axis.axis_layout.items
        assert "No dated events." in "\n".join(widget_lines(app, axis))
        await pilot.press("right", "plus", "minus", "z", "Z", "greater_than_sign", "down")
        assert axis.current is not None
        in_step(app)



async def test_the_mouse_wheel_scrolls_the_lanes(tmp_path: Path) -> None:
    from textual import events

    app = open_app("shipped", tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        axis = await open_axis(pilot)
        await pilot.press("home")
        assert axis.top == 0
        lanes = len(axis.axis_layout.lanes)
        for _ in range(20):  # far past the last lane: it stops there
            axis.post_message(events.MouseScrollDown(axis, 1, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert axis.top == lanes - axis.lane_rows > 0
        assert widget_lines(app, axis)[-1].strip(" │")  # the last lane is drawn
        for _ in range(20):
            axis.post_message(events.MouseScrollUp(axis, 1, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert axis.top == 0


async def test_a_story_shown_again_while_the_axis_mounts_leaves_a_working_axis(
    tmp_path: Path,
) -> None:
    """A save shown while the axis was being mounted in the background rebuilt the panes
    and forgot that mount, and its end crashed the app (`None.set()`)."""
    import asyncio

    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        mounting = asyncio.ensure_future(axis_actions._mount_axis(screen))
        await asyncio.sleep(0)  # the mount has begun and waits on its layout
        await screen.show_story(screen.index, screen.problems, {})
        await mounting
        await pilot.pause()
        assert app.is_running and app.return_code is None
        axis = await open_axis(pilot)  # `t` still shows an axis, in the new panes
        assert axis.visible and axis.parent is app.screen.query_one("#timeline-pane")
