"""Modal screens under keys typed ahead: a second key that would close a screen already closing
must do nothing more (no crash, nothing lost)."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    isolated_review,
    open_app,
    type_ahead,
)

from tui.app import BaghouzApp
from tui.screens.citing_screen import CitingScreen
from tui.screens.help_screen import HelpScreen
from tui.screens.main_screen import MainScreen


def main_screen(app: BaghouzApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def widget(app: BaghouzApp, name: str):  # type: ignore[no-untyped-def]
    return main_screen(app).query_one(f"#{name}")


async def test_choice_and_escape_typed_together(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4", "j")  # p2, cited by five entries
        # open the picker, choose its first entry (an event), and an escape right behind
        await type_ahead(pilot, "enter", "enter", "escape")
        assert app.is_running
        assert not any(isinstance(s, CitingScreen) for s in app.screen_stack)
        assert widget(app, "timeline").current.id == "walkout"


async def test_help_opened_and_closed_twice_typed_together(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await type_ahead(pilot, "question_mark", "escape", "question_mark", "q", "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_note_saved_and_escape_typed_together(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await type_ahead(pilot, "o", "k", "ctrl+s", "escape", "escape")
        assert app.is_running
        assert app.review.note_of(widget(app, "timeline").current.id) == "ok"
