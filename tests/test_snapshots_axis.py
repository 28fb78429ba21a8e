"""Snapshot tests of the timeline's time axis at 80x24 and 120x40.

The SVGs in tests/__snapshots__/test_snapshots_axis/ were looked at as PNGs before they were
committed. Regenerate after a reviewed change with
`python -m pytest tests/test_snapshots_axis.py --snapshot-update`.

The 20k bundle is the benchmark's (`bench/generate_bundle.py`, its fixed seed), made once
for the module: about two seconds to generate and load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import BaghouzApp
from tui.model.content import shipped_bundle_path
from tui.model.entities import Bundle
from tui.model.load import load_bundle
from tui.review import marks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate_bundle import generate

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
FIXED_TIME = datetime(2019, 2, 14, 9, 30, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent / "app_fixtures"

# name -> (bundle, keys pressed before the picture)
SCREENS: dict[str, tuple[str, list[str]]] = {
    # The list starts on the c. 2003 event: the axis opens on it and its neighbours, the
    # whole 2003-to-2019 spread, with February 2019 at the right.
    "baghouz-spread": ("shipped", ["t"]),
    # Opened on an event of February 2019: where most events are, the outliers counted
    # off the left edge.
    "baghouz-cluster": ("shipped", ["j"] * 11 + ["t"]),
    "baghouz-zoom-fit": ("shipped", ["j"] * 10 + ["t", "right", "z"]),
    "edtf-forms": ("edtf_forms", ["t"]),
    "edtf-forms-all": ("edtf_forms", ["t", "Z"]),
    "big-zoomed-out": ("big", ["t", "minus"]),
    "big-zoomed-in": ("big", ["t", "plus", "plus", "plus", "plus", "plus", "plus"]),
}


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    path = tmp_path_factory.mktemp("big") / "generated-20000.toml"
    path.write_text(generate(20_000), encoding="utf-8")
    bundle, _ = load_bundle(path)
    return bundle


@pytest.fixture
def make_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Callable[..., BaghouzApp]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(marks, "utc_now", lambda: FIXED_TIME)

    def make(name: str, theme: str | None = None) -> BaghouzApp:
        if name == "big":
            bundle: Bundle = request.getfixturevalue("big_bundle")
            return BaghouzApp(bundle, shipped=True, reviewer="editor", theme=theme)
        path = shipped_bundle_path() if name == "shipped" else FIXTURES / f"{name}.toml"
        bundle, _ = load_bundle(path)
        return BaghouzApp(bundle, shipped=True, reviewer="editor", theme=theme)

    return make


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_axis(screen: str, size: tuple[int, int], make_app: Callable[..., BaghouzApp],
              snap_compare: Callable[..., bool]) -> None:
    bundle, keys = SCREENS[screen]
    assert snap_compare(make_app(bundle), press=keys, terminal_size=size, run_before=_settle)


def test_axis_review_marks(make_app: Callable[..., BaghouzApp],
                           snap_compare: Callable[..., bool]) -> None:
    keys = ["j"] * 10 + ["t", "v", "right", "x", "right", "f", "right", "e", "n", "o", "t", "e",
                         "ctrl+s"]
    assert snap_compare(make_app("shipped"), press=keys, terminal_size=(120, 40),
                        run_before=_settle)


def test_axis_light_theme(make_app: Callable[..., BaghouzApp],
                          snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app("edtf_forms", theme="light"), press=["t"],
                        terminal_size=(80, 24), run_before=_settle)


def test_axis_no_color(make_app: Callable[..., BaghouzApp], monkeypatch: pytest.MonkeyPatch,
                       snap_compare: Callable[..., bool]) -> None:
    # No colour at all: the cursor is still reversed, the marks still differ in shape.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app("edtf_forms"), press=["t", "right", "right"],
                        terminal_size=(80, 24), run_before=_settle)


def test_axis_linux_console(make_app: Callable[..., BaghouzApp],
                            monkeypatch: pytest.MonkeyPatch,
                            snap_compare: Callable[..., bool]) -> None:
    # TERM=linux: ASCII marks only (the frame around the pane is Textual's own).
    monkeypatch.setenv("TERM", "linux")
    assert snap_compare(make_app("edtf_forms"), press=["t", "v", "Z"],
                        terminal_size=(80, 24), run_before=_settle)
