"""Keys typed ahead: queued before the app has handled the ones before them.

A terminal hands the app every key that arrived in one read, and over SSH or from a fast
typist several keys arrive together. Each must act on the state the earlier keys left:
`2 j j` moves in the actors list, `/fix` searches for "fix" (and marks nothing).
MainScreen.show_pane sets focus at once for exactly this reason.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    isolated_review,
    open_app,
    type_ahead,
)

from tui.screens.citing_screen import CitingScreen
from tui.screens.main_screen import MainScreen


async def test_pane_keys_typed_ahead(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await type_ahead(pilot, "2", "j", "j", "a", "1", "j")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.actor_filter is not None and screen.actor_filter.id == "ferry-crews"
        assert app.focused is screen.query_one("#timeline")
        assert screen.query_one("#timeline").current.id == "talks-open"
        await type_ahead(pilot, "escape", "3", "G", "s", "j")
        assert screen.actor_filter is None
        assert screen.active_pane == "quotes"  # a scare quote has no speaker: s stays
        assert screen.query_one("#quotes").current.id == "q-temporary"


async def test_search_typed_ahead_searches_and_marks_nothing(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await type_ahead(pilot, "slash", "f", "i", "x")
        screen = app.screen
        assert app.review.state.entries == {}  # no mark, no note
        assert screen.query_one("#search-input").value == "fix"
        assert screen.hits.query == "fix"


async def test_n_typed_ahead_after_search_enter(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await type_ahead(pilot, "o", "k", "a", "f", "enter", "n", "n")
        screen = app.screen
        assert screen.query_one("#search-input").value == "okaf"
        assert screen.hits.query == "okaf"
        assert screen.active_pane == "quotes"
        assert screen.query_one("#quotes").current.id == "q-no-choice"


async def test_key_typed_ahead_after_enter_reaches_the_article(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await type_ahead(pilot, "2", "enter", "j")
        screen = app.screen
        assert app.focused is screen.query_one("#article")
        assert screen.query_one("#actors").cursor == 0
        assert screen.query_one("#article").paragraph.id == "p3"  # p2, then one down


async def test_picker_keys_typed_ahead(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await type_ahead(pilot, "4", "j", "enter", "down", "down", "enter")
        assert not any(isinstance(s, CitingScreen) for s in app.screen_stack)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.active_pane == "actors"
        assert screen.query_one("#actors").current.id == "harbour-authority"
        assert screen.query_one("#article").paragraph.id == "p2"
