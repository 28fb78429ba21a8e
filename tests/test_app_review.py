"""The review workflow in the app: verdicts of several editors, note threads, history, undo,
jumps, filters, progress, saving, locks, and other editors' changes arriving by themselves."""

from __future__ import annotations

import errno
import fcntl
import json
import os
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    bundle_path,
    isolated_review,
    open_app,
    screen_lines,
)

from tui.app import BaghouzApp
from tui.model.load import load_bundle
from tui.review import log as review_log
from tui.review.marks import Mark
from tui.review.session import ReviewSession
from tui.screens.main_screen import MainScreen
from tui.widgets.story_header import StoryHeader


def _main(app: BaghouzApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def _saved(app: BaghouzApp) -> dict[str, dict[str, str]]:
    """What a fresh reader finds on disk now: entry -> reviewer -> mark."""
    reader = ReviewSession.open(app.review.path, app.bundle.story.id, read_only=True)
    return {
        entry_id: {v.reviewer: v.mark.value for v in state.verdicts()}
        for entry_id, state in reader.state.entries.items()
        if state.verdicts()
    }


def _messages(app: BaghouzApp) -> list[str]:
    return [n.message for n in app._notifications]


def _other_editor(app: BaghouzApp, name: str) -> ReviewSession:
    return ReviewSession.for_bundle(app.bundle, reviewer=name)


def _full_disk(fd: int, data: bytes, size_before: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_marks_are_saved_shown_and_counted(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ada")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        timeline = screen.timeline
        ids = [event.id for event in timeline.rows]
        await pilot.press("v", "j", "x", "j", "f")
        assert [app.review.mark_of(i) for i in ids[:3]] == [
            Mark.VERIFIED, Mark.DISPUTED, Mark.NEEDS_FIX
        ]
        assert _saved(app) == {ids[0]: {"ada": "verified"}, ids[1]: {"ada": "disputed"},
                               ids[2]: {"ada": "needs-fix"}}
        # beside the bundle, since its folder is writable
        assert app.review.path == bundle_path("second", tmp_path).with_suffix(".review.jsonl")
        total = len(app.bundle.events) + len(app.bundle.actors) + len(app.bundle.quotes)
        status = screen.query_one(StoryHeader).status
        assert status.startswith(f"3/{total} reviewed, 1 disputed, 1 needs-fix"), status
        assert [timeline.badge(timeline.rows[i]).plain for i in range(4)] == [
            "✓  ", "✗  ", "!  ", "·  "
        ]
        await pilot.press("backspace")
        assert app.review.mark_of(ids[2]) is None
        assert ids[2] not in _saved(app)
        await pilot.press("u")  # undo the clear: a new change, the history keeps both
        assert app.review.mark_of(ids[2]) is Mark.NEEDS_FIX
        assert _saved(app)[ids[2]] == {"ada": "needs-fix"}
        assert len(app.review.entry_review(timeline.rows[2]).history) == 3


async def test_two_editors_verdicts_are_both_kept_and_shown(tmp_path: Path) -> None:
    """The scenario of issue 15: A needs-fix, B disputed with a note; after A reloads
    both verdicts are on A's screen and A is told, in one line, what B did."""
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        entry = screen.timeline.current
        await pilot.press("f")
        bea = _other_editor(app, "bea")
        bea.set_mark(entry, Mark.DISPUTED)
        bea.set_note(entry, "The crews walked out on the 4th")
        await pilot.press("ctrl+r")
        assert _saved(app)[entry.id] == {"ana": "needs-fix", "bea": "disputed"}
        assert screen.timeline.badge(entry).plain == "!✗≠"  # yours, the entry's, disagreement
        lines = [block.plain for block in screen.source.blocks]
        line = next(text for text in lines if "2 reviewers disagree" in text)
        assert "needs-fix by you" in line and "disputed by bea" in line
        assert "note by bea: The crews walked out on the 4th" in line
        told = [m for m in _messages(app) if m.startswith("bea ")]
        assert told and "(you: needs-fix)" in told[-1] and "\n" not in told[-1]
        assert "disagreed" in screen.query_one(StoryHeader).status


async def test_another_editors_change_arrives_without_reload(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        entry = _main(app).timeline.current
        await pilot.press("v")
        _other_editor(app, "maria").set_mark(entry, Mark.DISPUTED)
        for _ in range(200):  # the file watch, not a key: wait for it (10 s at most)
            await pilot.pause(0.05)
            if app.review.verdict_of(entry.id, "maria") is not None:
                break
        assert app.review.verdict_of(entry.id, "maria") is not None
        await pilot.pause()
        label = entry.label if len(entry.label) <= 40 else entry.label[:39].rstrip() + "…"
        assert f"maria disputed '{label}' (you: verified)" in _messages(app)
        assert _main(app).timeline.badge(entry).plain == "✓✗≠"


async def test_note_thread_is_edited_saved_and_shown(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        entry = screen.timeline.current
        _other_editor(app, "bea").set_note(entry, "Is the date right?")
        app.review.refresh()
        await pilot.press("e")
        shown = "\n".join(screen_lines(app))
        assert "bea · " in shown and "Is the date right?" in shown
        await pilot.press(*"check the date", "ctrl+s")
        assert app.review.note_of(entry.id) == "check the date"
        await pilot.press("e", "end", *" twice", "ctrl+s")  # edits your note
        assert app.review.note_of(entry.id) == "check the date twice"
        await pilot.press("e", "ctrl+n", *"second point", "ctrl+s")  # a new note
        notes = app.review.entry_review(entry).notes
        assert [(n.author, n.text) for n in notes] == [
            ("bea", "Is the date right?"), ("ana", "check the date twice"),
            ("ana", "second point"),
        ]
        assert screen.timeline.badge(entry).plain[2] == "✎"
        assert any("note by you: second point (+2 more" in b.plain for b in screen.source.blocks)
        await pilot.press("e", "escape")  # cancelled: unchanged
        assert len(app.review.entry_review(entry).history) == 4


async def test_a_note_typed_is_not_lost_to_escape_or_ctrl_q(tmp_path: Path) -> None:
    """ctrl+q (Textual's quit key) left at once, and escape dropped the note, without a
    word; now both ask while the note holds typing, and quit at once when it does not."""
    from tui.screens.confirm_screen import ConfirmScreen
    from tui.screens.note_screen import NoteScreen

    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        entry = _main(app).timeline.current
        await pilot.press("e", *"a long careful note", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n", *", kept", "ctrl+s")
        assert app.review.note_of(entry.id) == "a long careful note, kept"
        await pilot.press("e", "escape")  # nothing typed: no question
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e", *" more", "ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running and app.return_code == 0
    assert ReviewSession.for_bundle(app.bundle, reviewer="ana").note_of(entry.id) == (
        "a long careful note, kept"
    )


async def test_ctrl_q_quits_at_once_when_nothing_is_typed(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("e", "ctrl+q")  # a note opened, nothing typed in it
        await pilot.pause()
        assert not app.is_running and app.return_code == 0


async def test_history_screen_lists_every_change(tmp_path: Path) -> None:
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("v", "x", "u", "h")
        shown = "\n".join(screen_lines(app))
        assert "History of:" in shown and "(3 changes)" in shown
        assert "you marked verified" in shown and "you marked disputed" in shown
        assert "(undo)" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_next_and_previous_go_to_entries_without_your_verdict(tmp_path: Path) -> None:
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
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _main(app)
        events = list(screen.timeline.rows)
        await pilot.press("x", "j", "e", "n", "ctrl+s", "j", "v")
        _other_editor(app, "bea").set_mark(events[2], Mark.NEEDS_FIX)
        await pilot.press("ctrl+r")

        async def cycle_to(kind: str) -> list[str]:
            while screen.review_filter.value != kind:
                await pilot.press("r")
            return [e.id for e in screen.timeline.rows]

        assert await cycle_to("unreviewed") == [e.id for e in events[1:2] + events[3:]]
        assert await cycle_to("disputed") == [events[0].id]
        assert await cycle_to("needs-fix") == [events[2].id]
        assert await cycle_to("disagreed") == [events[2].id]
        assert await cycle_to("noted") == [events[1].id]
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
        assert screen.timeline.badge(entry).plain == "✓ ~"
        assert "stale" in screen.query_one(StoryHeader).status
        assert any("STALE" in block.plain for block in screen.source.blocks)


async def test_a_failed_save_is_shown_and_the_app_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(review_log, "_write_once", _full_disk)
        await pilot.press("v")
        screen = _main(app)
        entry = screen.timeline.current
        assert app.review.mark_of(entry.id) is Mark.VERIFIED  # kept in memory
        assert "NOT SAVED" in screen.query_one(StoryHeader).status
        assert any("NOT saved" in m and "disk is full" in m for m in _messages(app))
        monkeypatch.undo()
        await pilot.press("j", "v")  # the next change saves both
        assert set(_saved(app)) >= {entry.id, screen.timeline.current.id}
        assert "NOT SAVED" not in screen.query_one(StoryHeader).status


async def test_a_held_lock_never_blocks_the_app_and_marks_are_saved_later(
    tmp_path: Path,
) -> None:
    """Issue 18.7: another process holds the lock (forever, say): the mark is kept in
    memory with a message, keys keep working, and it is saved once the lock is free."""
    from tui.screens import review_watch

    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        lock = os.open(str(app.review.path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX)  # another open file: conflicts as another process
        try:
            await pilot.press("v", "j", "x", "j")
            screen = _main(app)
            assert screen.timeline.cursor == 2  # the keys after the marks still arrived
            assert any("locked by another process; marks kept in memory, retrying" in m
                       for m in _messages(app))
            assert "NOT SAVED" in screen.query_one(StoryHeader).status
            assert _saved(app) == {}
        finally:
            os.close(lock)
        review_watch._retry_save(app, app.review)  # what the retry timer runs
        await pilot.pause()
        assert len(_saved(app)) == 2
        assert "Review changes saved." in _messages(app)
        assert "NOT SAVED" not in _main(app).query_one(StoryHeader).status


async def test_export_report_from_the_app(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        path = _main(app).export_report("json")
        assert path is not None and path.name == "second.review.report.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        first = _main(app).timeline.current
        row = report["entries"][0]
        assert row["id"] == first.id and row["status"] == "disputed"


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

    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        monkeypatch.setattr(review_log, "_write_once", _full_disk)
        await pilot.press("v", "q")
        assert app.is_running  # the first q only warns
        assert any("press q again" in m.lower() for m in _messages(app))
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


async def test_a_long_history_is_read_after_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review too long to read before the first frame is read right after it; a key
    typed before then waits for it, and nothing is lost or shown wrong."""
    import tui.app

    first = open_app("second", tmp_path)
    entry = first.bundle.events[0]
    _other_editor(first, "bea").set_mark(entry, Mark.DISPUTED)
    monkeypatch.setattr(tui.app, "READ_BEFORE_FIRST_FRAME", 0)
    app = open_app("second", tmp_path, reviewer="ana")
    assert not app.review.loaded
    frames: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        frames.append(app.screen.query_one(StoryHeader).status)
        await pilot.press("v")  # as soon as it can: the review is read first
        await pilot.pause()
        assert app.review.loaded
        assert _saved(app)[entry.id] == {"ana": "verified", "bea": "disputed"}
        assert _main(app).timeline.badge(entry).plain == "✓✗≠"
        assert _main(app).query_one(StoryHeader).status.startswith("1/")
    assert frames == ["reading the review…"]
