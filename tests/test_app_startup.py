"""Start-up shortcuts: what they skip must not change what is shown or kept."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from app_helpers import isolated_review, load  # noqa: F401  (isolated_review is autouse)
from ptyapp import Screen

import tui.app
from tui import cli
from tui.app import BaghouzApp
from tui.widgets.entry_list import EntryList


def _styles(screen: object) -> dict[str, object]:
    """Every widget's styles, and those of its component classes, by position and name."""
    found: dict[str, object] = {}
    for number, widget in enumerate(screen.walk_children(with_self=True)):  # type: ignore[attr-defined]
        name = f"{number}:{type(widget).__name__}#{widget.id}"
        found[name] = (widget.styles.css, widget.rich_style, widget.display)
        for component in sorted(widget.COMPONENT_CLASSES):
            found[f"{name}.{component}"] = widget.get_component_rich_style(
                component, partial=True
            )
    return found


async def test_skipping_the_first_restyle_leaves_every_style_as_a_restyle_would(
    tmp_path: Path,
) -> None:
    # MainScreen skips the restyle of every widget that Textual does when the screen is
    # first shown (they were styled as they were mounted). Restyling them now must change
    # nothing, at either layout.
    for size in ((80, 24), (120, 40)):
        app = BaghouzApp(load("shipped", tmp_path))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen

            before = _styles(screen)
            assert any(isinstance(w, EntryList) for w in screen.walk_children())
            screen.update_node_styles(animate=False)
            await pilot.pause()
            assert _styles(screen) == before


# --- garbage collection at start-up -----------------------------------------------------


def test_start_up_runs_without_garbage_collection_until_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, object] = {}

    def fake_run_app(bundle: object, **options: object) -> int:
        seen["collecting while starting"] = gc.isenabled()
        after_first_frame = options["after_first_frame"]
        assert callable(after_first_frame)
        after_first_frame()
        seen["collecting after the first frame"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        return 0

    monkeypatch.setattr(tui.app, "run_app", fake_run_app)
    try:
        assert cli.main([]) == 0
    finally:
        gc.unfreeze()
        gc.enable()
    assert seen["collecting while starting"] is False
    assert seen["collecting after the first frame"] is True
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 0


def test_a_refused_bundle_leaves_garbage_collection_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("not toml at all [", encoding="utf-8")
    assert cli.main([str(bad)]) == 1
    assert gc.isenabled()


async def test_the_app_calls_after_first_frame_once_it_has_drawn(tmp_path: Path) -> None:
    drawn: list[bool] = []
    app: BaghouzApp | None = None

    def after_first_frame() -> None:
        assert app is not None
        drawn.append(app.screen.query_one("#timeline").region.height > 0)

    app = BaghouzApp(load("shipped", tmp_path), after_first_frame=after_first_frame)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert drawn == [True]


# --- the first frame ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "exact"), [((80, 24), True), ((60, 20), True), ((120, 40), False)], ids=str
)
async def test_the_first_frame_drawn_is_the_screen_as_it_settles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], exact: bool
) -> None:
    # Whatever start-up leaves to do after the first frame must not change what it drew
    # (a source pane scrolled as if it had no height, say): on a slow link the first
    # frame is what a person looks at for a while. Exactly, colours and all, where each
    # long list is longer than the terminal is tall, so that its scrollbar is known before
    # the first layout; elsewhere a scrollbar may come a frame later, the text may not.
    frames: list[str] = []
    display = BaghouzApp._display

    def spy(self: BaghouzApp, screen: object, update: object) -> None:
        if update is not None and not frames:
            frames.append(update.render_segments(self.console))  # type: ignore[attr-defined]
        display(self, screen, update)  # type: ignore[arg-type]

    monkeypatch.setattr(BaghouzApp, "_display", spy)
    app = BaghouzApp(load("shipped", tmp_path))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        settled = app.screen._compositor.render_full_update().render_segments(app.console)
        assert frames, "nothing was drawn"
        if exact:
            assert frames[0] == settled
        else:
            first, last = Screen(*size), Screen(*size)
            first.feed(frames[0])
            last.feed(settled)
            for entry_list in app.screen.query(EntryList):
                if entry_list.show_vertical_scrollbar:
                    bar = entry_list.vertical_scrollbar.region
                    for screen in (first, last):
                        for y in range(bar.y, bar.bottom):
                            screen.lines[y][bar.x : bar.right] = [" "] * bar.width
            assert first.text() == last.text()


def test_start_up_that_fails_leaves_garbage_collection_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_run_app(bundle: object, **options: object) -> int:
        raise RuntimeError("no terminal")

    monkeypatch.setattr(tui.app, "run_app", failing_run_app)
    with pytest.raises(RuntimeError):
        cli.main([])
    assert gc.isenabled()
