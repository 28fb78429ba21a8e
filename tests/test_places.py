"""Reopening a story puts the editor back where they left it: the pane, each list's entry,
the article's paragraph. Kept in the XDG state folder, written whole, never through a link."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    load,
    open_app,
)
from ptyapp import PtyProcess, app_command, app_env, unique_marker

from tui.app import BaghouzApp
from tui.settings import places
from tui.settings.places import load_place, save_place, story_key


def test_a_place_is_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "state" / "places.json"
    save_place("s@/a.toml", {"pane": "actors", "actors": "isis"}, path)
    assert load_place("s@/a.toml", path) == {
        "pane": "actors", "actors": "isis", "at": load_place("s@/a.toml", path)["at"],
    }
    assert load_place("other@/b.toml", path) == {}


def test_the_state_folder_is_the_xdg_one() -> None:
    save_place("s@x", {"pane": "quotes"})
    saved = Path(os.environ["XDG_STATE_HOME"]) / "baghouz-tui" / "places.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["stories"]["s@x"]["pane"] == "quotes"


def test_each_story_file_is_a_place_of_its_own(tmp_path: Path) -> None:
    assert story_key(str(tmp_path / "a.toml"), "s") != story_key(str(tmp_path / "b.toml"), "s")
    assert story_key(str(tmp_path / "a.toml"), "s") == story_key(
        str(tmp_path / "x" / ".." / "a.toml"), "s"
    )


def test_a_broken_state_file_is_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "places.json"
    for broken in (b"{not json", b"[1, 2]", b'{"stories": 3}', b"\xff\xfe"):
        path.write_bytes(broken)
        assert load_place("s", path) == {}
        save_place("s", {"pane": "article"}, path)
        assert load_place("s", path)["pane"] == "article"


def test_the_oldest_stories_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "MAX_STORIES", 3)
    path = tmp_path / "places.json"
    for number in range(5):
        save_place(f"s{number}", {"pane": "timeline"}, path)
    save_place("s2", {"pane": "quotes"}, path)  # closed again: the most recent now
    stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    assert list(stories) == ["s3", "s4", "s2"]


def test_it_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("precious", encoding="utf-8")
    link = tmp_path / "places.json"
    link.symlink_to(elsewhere)
    with pytest.raises(OSError, match="symbolic link"):
        save_place("s", {"pane": "actors"}, link)
    assert elsewhere.read_text(encoding="utf-8") == "precious"


async def test_the_app_notes_where_it_is_when_it_exits_and_reopens_there(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "j", "j", "3", "G", "4", "j", "j", "j", "2")
        app.exit(0)
    place = app.place
    assert place["pane"] == "actors"
    assert place["actors"] == app.bundle.actors[2].id
    assert place["quotes"] == app.bundle.quotes[-1].id
    assert place["article"] == app.bundle.paragraphs[3].id

    again = BaghouzApp(load("shipped", tmp_path), shipped=True, place=place)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert screen.active_pane == "actors"
        assert again.focused is screen.query_one("#actors")
        assert screen.query_one("#actors").current.id == place["actors"]
        assert screen.query_one("#quotes").current.id == place["quotes"]
        assert screen.query_one("#article").paragraph.id == place["article"]
        assert screen.query_one("#detail").entry.id == place["actors"]


async def test_a_place_the_story_no_longer_has_is_ignored(tmp_path: Path) -> None:
    place = {"pane": "sideways", "timeline": "deleted-event", "article": "p999", "actors": ""}
    app = BaghouzApp(load("second", tmp_path), place=place)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.active_pane == "timeline"
        assert app.screen.query_one("#timeline").cursor == 0
        assert app.screen.query_one("#article").paragraph.position == 0


@pytest.mark.slow
def test_a_real_session_reopens_where_the_last_one_quit(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    actors = len(load("shipped", tmp_path).actors)
    marker = unique_marker("reopen")
    with PtyProcess(app_command(marker), env=env, cols=80, rows=24) as first:
        assert first.wait_for_text("Isis stall advance", 30), first.describe()
        first.wait_for_quiet()
        first.send("2")
        first.send("j")
        first.wait_for_quiet()
        first.send("q")
        assert first.wait(10) == 0, first.describe()
    saved = tmp_path / "state" / "baghouz-tui" / "places.json"
    assert saved.exists()
    with PtyProcess(app_command(marker), env=env, cols=80, rows=24) as second:
        shown = second.wait_for_screen(lambda s: f"─ 2 Actors {actors}/{actors}" in s, 30)
        assert shown, second.screen().text()
        assert second.wait_for_screen(lambda s: "Isis fighters in Baghouz (group)" in s, 10)
        second.send("q")
        assert second.wait(10) == 0


def _leave_stories(path: str, prefix: str, count: int) -> None:
    for n in range(count):
        save_place(f"{prefix}{n}", {"pane": "actors"}, Path(path))


def test_sessions_leaving_stories_at_once_lose_none_of_their_places(tmp_path: Path) -> None:
    """Each save reads the file, adds its story and writes it back: without a lock, two
    sessions doing it at once each wrote what they had read, and one place was lost."""
    import multiprocessing

    path = tmp_path / "places.json"
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_leave_stories, args=(str(path), prefix, 40))
        for prefix in ("a", "b", "c")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    for prefix in ("a", "b", "c"):
        for n in range(40):
            assert load_place(f"{prefix}{n}", path).get("pane") == "actors", (prefix, n)
