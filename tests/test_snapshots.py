"""Snapshot tests of every screen and state at 80x24, 120x40 and 200x60.

The SVGs in tests/__snapshots__/ were looked at (as PNGs) before they were committed; they
are rendered by the pinned Textual release (see pyproject.toml). Regenerate after a
reviewed change with `python -m pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import BaghouzApp
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.model.problems import Problem, Severity
from tui.review import marks

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((200, 60), id="200x60"),
]
FIXED_TIME = datetime(2019, 2, 14, 9, 30, tzinfo=UTC)

# name -> keys pressed before the picture
SCREENS: dict[str, list[str]] = {
    "timeline": [],
    "actors": ["2", "j"],
    "quotes": ["3", "j", "j"],
    "detail": ["2", "j", "5", "right"],
    "zoom": ["2", "z"],
    "article-highlight": ["3", "enter"],
    "citing-picker": ["4", "j", "j", "j", "j", "enter"],
    "help": ["question_mark"],
    "search": ["slash", "t", "u", "n", "n", "e", "l", "s"],
    "search-active": ["slash", *"baghouz", "enter", "n", "n"],
    "search-hits": ["slash", *"baghouz", "enter", "ctrl+l", "j"],
    "actor-filter": ["2", "a", "1"],
    "review-marks": ["v", "j", "x", "j", "f", "j", "e", "c", "h", "e", "c", "k", "ctrl+s"],
    "note-editor": ["j", "e", "s", "o", "u", "r", "c", "e", "?"],
    "review-filter": ["v", "j", "v", "r"],
    "history": ["v", "x", "e", "o", "k", "ctrl+s", "u", "h"],
}
# Two warnings, as `check` reports them for a bundle that still loads.
WARNINGS = [
    Problem("baghouz.toml", 640, 0, "offensive-begins", "out-of-order",
            "dated 2019-02-09 but comes after civilians-flee-before-offensive (2019-01-19/"
            "2019-02-09); events are listed in chronological order", Severity.WARNING),
    Problem("baghouz.toml", 12, 0, "isis", "control-character",
            "`description` contains the control character U+001B; it is shown as a visible "
            "placeholder, never sent to the terminal", Severity.WARNING),
]


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., BaghouzApp]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(marks, "utc_now", lambda: FIXED_TIME)

    def make(**options: object) -> BaghouzApp:
        bundle, _ = load_bundle(shipped_bundle_path())
        return BaghouzApp(bundle, shipped=True, reviewer="editor", **options)  # type: ignore[arg-type]

    return make


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, size: tuple[int, int], make_app: Callable[..., BaghouzApp],
                snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(), press=SCREENS[screen], terminal_size=size,
                        run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys", [pytest.param([], id="header"), pytest.param(["w"], id="list")])
def test_warnings(keys: list[str], size: tuple[int, int], make_app: Callable[..., BaghouzApp],
                  snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(warnings=WARNINGS), press=keys, terminal_size=size,
                        run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_light_theme(size: tuple[int, int], make_app: Callable[..., BaghouzApp],
                     snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(theme="light"), press=["3", "slash", *"isis", "enter"],
                        terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_no_color(size: tuple[int, int], make_app: Callable[..., BaghouzApp],
                  monkeypatch: pytest.MonkeyPatch, snap_compare: Callable[..., bool]) -> None:
    # Read when the app is made: no colour at all, the cursor, highlights and focus visible.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), press=["j", "enter"], terminal_size=size,
                        run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_ascii(size: tuple[int, int], make_app: Callable[..., BaghouzApp],
               snap_compare: Callable[..., bool]) -> None:
    # TERM=linux or --ascii: ASCII for every symbol, no italics.
    assert snap_compare(make_app(ascii=True), press=["v", "j", "e", "x", "ctrl+s", "2", "j"],
                        terminal_size=size, run_before=_settle)
