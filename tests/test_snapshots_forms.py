"""Snapshots of the editing screens at 80x24 and 120x40: the selection in the article, the
type chooser, and the entry form for each type (new event, quote and actor edited).

Regenerate after a reviewed change with
`python -m pytest tests/test_snapshots_forms.py --snapshot-update`; look at them first.
"""

from __future__ import annotations

import shutil
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

STATES: dict[str, list[str]] = {
    "selection": ["4", "down", "ctrl+shift+right", "ctrl+shift+right", "shift+right"],
    "type-chooser": ["slash", *"booby traps", "enter", "n", "c"],
    "event-form": ["slash", *"booby traps", "enter", "n", "c", "e", *"The Kurds meet traps"],
    "quote-form": ["3", "E"],
    "actor-form": ["2", "E"],
}


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], BaghouzApp]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(marks, "utc_now", lambda: FIXED_TIME)
    copy = tmp_path / "baghouz.toml"
    shutil.copyfile(shipped_bundle_path(), copy)

    def make() -> BaghouzApp:
        bundle, warnings = load_bundle(copy)
        return BaghouzApp(bundle, reviewer="editor", warnings=warnings)

    return make


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", list(STATES))
def test_editing(state: str, size: tuple[int, int], make_app: Callable[[], BaghouzApp],
                 snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(), press=STATES[state], terminal_size=size,
                        run_before=_settle)
