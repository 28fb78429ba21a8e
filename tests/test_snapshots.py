"""Snapshot tests of every screen at 80x24 and 120x40.

The SVGs in tests/__snapshots__/ were looked at before they were committed; they are
rendered by the pinned Textual release (see pyproject.toml). Regenerate after a reviewed
change with `python -m pytest tests/test_snapshots.py --snapshot-update`.
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
from tui.review import marks

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
FIXED_TIME = datetime(2019, 2, 14, 9, 30, tzinfo=UTC)

# name -> keys pressed before the picture
SCREENS: dict[str, list[str]] = {
    "timeline": [],
    "actors": ["2", "j"],
    "quotes": ["3", "j", "j"],
    "article-highlight": ["3", "enter"],
    "citing-picker": ["4", "j", "j", "j", "j", "enter"],
    "help": ["question_mark"],
    "search": ["slash", "t", "u", "n", "n", "e", "l", "s"],
    "actor-filter": ["2", "a", "1"],
    "review-marks": ["v", "j", "x", "j", "f", "j", "e", "c", "h", "e", "c", "k", "ctrl+s"],
    "note-editor": ["j", "e", "s", "o", "u", "r", "c", "e", "?"],
    "review-filter": ["v", "j", "v", "r"],
    "history": ["v", "x", "e", "o", "k", "ctrl+s", "u", "h"],
}


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., BaghouzApp]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(marks, "utc_now", lambda: FIXED_TIME)

    def make(theme: str | None = None) -> BaghouzApp:
        bundle, _ = load_bundle(shipped_bundle_path())
        return BaghouzApp(bundle, shipped=True, reviewer="editor", theme=theme)

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
def test_light_theme(size: tuple[int, int], make_app: Callable[..., BaghouzApp],
                     snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(theme="light"), press=["3"], terminal_size=size,
                        run_before=_settle)


def test_no_color(make_app: Callable[..., BaghouzApp], monkeypatch: pytest.MonkeyPatch,
                  snap_compare: Callable[..., bool]) -> None:
    # Read when the app is made: no colour at all, the cursor and highlights still visible.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), press=["j", "enter"], terminal_size=(80, 24),
                        run_before=_settle)
