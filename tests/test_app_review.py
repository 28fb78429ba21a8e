"""The review workflow in the app: marks, notes, undo, jumps, filters, progress, saving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    bundle_path,
    isolated_review,
    open_app,
)

from tui.app import BaghouzApp
from tui.model.load import load_bundle
from tui.review.marks import Mark
from tui.screens.main_screen import MainScreen
from tui.widgets.story_header import StoryHeader


def _main(app: BaghouzApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def _saved(app: BaghouzApp) -> dict[str, dict[str, object]]:
    """The marks as they are on disk now."""
    data = json.loads(app.review.path.read_text(encoding="utf-8"))
    return {key: value for key, value in data["marks"].items() if value["mark"] or value["note"]}


async def test_marks_are_saved_shown_and_counted(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ada")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        timeline = screen.timeline
        ids = [event.id for event in timeline.rows]
        await pilot.press("v", "j", "x", "j", "f")
        assert app.review.mark_of(ids[0]) is Mark.VERIFIED
        assert app.review.mark_of(ids[1]) is Mark.DISPUTED
        assert app.review.mark_of(ids[2]) is Mark.NEEDS_FIX
        saved = _saved(app)
        assert {key: value["mark"] for key, value in saved.items()} == {
            ids[0]: "verified", ids[1]: "disputed", ids[2]: "needs-fix",
        }
        assert saved[ids[0]]["reviewer"] == "ada"
        # beside the bundle, since its folder is writable
        assert app.review.path.parent == bundle_path("second", tmp_path).parent
        total = len(app.bundle.events) + len(app.bundle.actors) + len(app.bundle.quotes)
        status = screen.query_one(StoryHeader).status
        assert status.startswith(f"3/{total} reviewed, 1 disputed, 1 needs-fix"), status
        badges = [timeline.badge(timeline.rows[i]).plain for i in range(3)]
        assert [b[0] for b in badges] == ["✓", "✗", "!"]

        await pilot.press("backspace")
        assert app.review.mark_of(ids[2]) is None
        assert ids[2] not in _saved(app)
        await pilot.press("u")  # undo the clear
        assert app.review.mark_of(ids[2]) is Mark.NEEDS_FIX
        assert _saved(app)[ids[2]]["mark"] == "needs-fix"


async def test_note_is_edited_saved_and_shown(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        entry = screen.timeline.current
        await pilot.press("e", *"check the date", "ctrl+s")
        assert app.review.note_of(entry.id) == "check the date"
        assert _saved(app)[entry.id]["note"] == "check the date"
        assert screen.timeline.badge(entry).plain[1] == "✎"
        lines = [block.plain for block in screen.source.blocks]
        assert "note: check the date" in lines
        await pilot.press("e", "escape")  # cancelled: unchanged
        assert app.review.note_of(entry.id) == "check the date"


async def test_next_and_previous_unreviewed(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        timeline = _main(app).timeline
        await pilot.press("v", "j", "v")  # rows 0 and 1 reviewed
        await pilot.press("g", "right_square_bracket")
        assert timeline.cursor == 2
        await pilot.press("left_square_bracket")  # wraps past the reviewed ones
        assert timeline.cursor == len(timeline.rows) - 1


async def test_review_filters(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        events = list(screen.timeline.rows)
        await pilot.press("x", "j", "e", "n", "ctrl+s")
        await pilot.press("r")  # unreviewed
        assert [e.id for e in screen.timeline.rows] == [e.id for e in events[1:]]
        await pilot.press("r")  # disputed
        assert [e.id for e in screen.timeline.rows] == [events[0].id]
        await pilot.press("r", "r")  # needs-fix (none), then noted
        assert [e.id for e in screen.timeline.rows] == [events[1].id]
        await pilot.press("escape")  # back to all
        assert len(screen.timeline.rows) == len(events)


async def test_stale_mark_is_shown_after_the_bundle_changes(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        first = _main(app).timeline.current
        await pilot.press("v")
    path = bundle_path("second", tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'title = "{first.title}"', 'title = "A new title"', 1),
                    encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        entry = screen.timeline.current
        assert entry.title == "A new title"
        assert app.review.is_stale(entry)
        assert screen.timeline.badge(entry).plain == "✓~"
        assert "stale" in screen.query_one(StoryHeader).status
        assert any("STALE" in block.plain for block in screen.source.blocks)


async def test_a_failed_save_is_shown_and_the_app_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        from tui.review import storage

        def full_disk(path: Path, data: bytes) -> None:
            raise OSError(28, os.strerror(28))

        monkeypatch.setattr(storage, "atomic_write", full_disk)
        await pilot.press("v")
        screen = _main(app)
        entry = screen.timeline.current
        assert app.review.mark_of(entry.id) is Mark.VERIFIED  # kept in memory
        assert "NOT SAVED" in screen.query_one(StoryHeader).status
        messages = [n.message for n in app._notifications]
        assert any("NOT saved" in message for message in messages), messages
        monkeypatch.undo()
        await pilot.press("j", "v")  # the next change saves both
        assert set(_saved(app)) >= {entry.id, screen.timeline.current.id}
        assert "NOT SAVED" not in screen.query_one(StoryHeader).status


async def test_other_editors_marks_arrive_on_reload(tmp_path: Path) -> None:
    first = open_app("second", tmp_path, reviewer="ada")
    second = open_app("second", tmp_path, reviewer="bo")
    async with first.run_test(size=WIDE) as pilot_a, second.run_test(size=WIDE) as pilot_b:
        await pilot_a.press("v")
        await pilot_b.press("j", "x")
        await pilot_a.press("ctrl+r")
        ids = [e.id for e in _main(first).timeline.rows]
        assert first.review.mark_of(ids[1]) is Mark.DISPUTED
        assert {k: v["reviewer"] for k, v in _saved(first).items()} == {
            ids[0]: "ada", ids[1]: "bo",
        }


async def test_export_report_from_the_app(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("v")
        path = _main(app).export_report("json")
        assert path is not None
        report = json.loads(path.read_text(encoding="utf-8"))
        first = _main(app).timeline.current
        row = next(item for item in report if item["id"] == first.id)
        assert row["mark"] == "verified" and row["type"] == "event"


async def test_lists_are_virtual_at_scale(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate_bundle import generate

    path = tmp_path / "big.toml"
    path.write_text(generate(3000), encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "4", "G")
        # No widget per entry: the whole screen stays a few dozen widgets.
        assert len(list(app.screen.walk_children())) < 80
        assert _main(app).timeline.cursor == len(bundle.events) - 1
        assert _main(app).article.cursor == len(bundle.paragraphs) - 1


async def test_search_finds_a_quote_by_its_speakers_name(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"Mira Okafor", "enter")
        hits = _main(app).hits.hits
        assert any(hit.kind == "quote" for hit in hits), hits


async def test_quit_with_unsaved_marks_asks_for_a_second_q(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import EXIT_UNSAVED
    from tui.review import storage

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, os.strerror(28))

    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        monkeypatch.setattr(storage, "atomic_write", full_disk)
        await pilot.press("v", "q")
        assert app.is_running  # the first q only warns
        assert any("press q again" in n.message.lower() for n in app._notifications)
        await pilot.press("q")
    assert app.return_code == EXIT_UNSAVED


async def test_actor_filter_keeps_the_review_filter(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = _main(app)
        await pilot.press("2")
        actor = screen.actors.current
        involved = [e.id for e in app.index.involving[actor.id] if e.entry_type.value == "event"]
        assert involved, "the first actor of the fixture takes part in events"
        await pilot.press("1")
        screen.timeline.select(app.index.entries[involved[0]])
        await pilot.press("v", "r", "2", "a")  # mark one, unreviewed only, then the actor
        shown = [e.id for e in screen.timeline.rows]
        assert involved[0] not in shown
        assert shown == involved[1:]


def test_report_to_a_full_disk_fails_cleanly(tmp_path: Path) -> None:
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "report", str(bundle_path("second", tmp_path))],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write the report" in result.stderr
