"""The story picker a served desk opens on: rows, progress, choosing, refusing, coming back."""

from __future__ import annotations

import shutil
import signal
import sys
from pathlib import Path

import pytest
from ptyapp import REPO, PtyProcess, app_env, wait_until
from textual.widgets import OptionList

from tui import cli
from tui.model.load import load_bundle
from tui.review.marks import Mark
from tui.review.session import ReviewSession
from tui.screens.story_picker import StoryPickerApp, StoryPickerScreen, row_prompt, story_paths

FIXTURES = REPO / "tests" / "app_fixtures"
SHIPPED = REPO / "content" / "baghouz.toml"


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name in ("second.toml", "bad.toml", "hostile.toml"):
        shutil.copyfile(FIXTURES / name, folder / name)
    shutil.copyfile(SHIPPED, folder / "baghouz.toml")
    (folder / ".hidden.toml").write_text("not listed")
    (folder / "notes.txt").write_text("not a story")
    (folder / "archive.toml").mkdir()  # a folder, not a story
    return folder


def _picker(app: StoryPickerApp) -> StoryPickerScreen:
    screen = app.screen
    assert isinstance(screen, StoryPickerScreen)
    return screen


def test_story_paths_lists_folders_sorted_and_files_as_given(stories: Path) -> None:
    names = [p.name for p in story_paths([stories])]
    assert names == ["bad.toml", "baghouz.toml", "hostile.toml", "second.toml"]
    assert story_paths([stories / "second.toml", stories])[0].name == "second.toml"
    assert len(story_paths([stories, stories / "second.toml"])) == 4  # no row twice


async def test_rows_show_headline_progress_and_problems(stories: Path) -> None:
    bundle, _ = load_bundle(stories / "second.toml")
    review = ReviewSession.for_bundle(bundle, reviewer="ada")
    review.set_mark(bundle.events[0], Mark.VERIFIED)
    review.set_mark(bundle.events[1], Mark.DISPUTED)
    app = StoryPickerApp([stories], reviewer="Maria Lopez")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = {row.path.name: row for row in _picker(app).rows}
        assert rows["second.toml"].progress == "2/12 reviewed, 1 disputed"
        assert rows["second.toml"].headline == bundle.story.headline
        shipped, _ = load_bundle(stories / "baghouz.toml")
        entries = len(shipped.events) + len(shipped.actors) + len(shipped.quotes)
        assert rows["baghouz.toml"].progress == f"0/{entries} reviewed"
        bad = rows["bad.toml"]
        assert bad.headline is None and bad.problem is not None
        assert bad.problem.startswith("not valid (") and "line " in bad.problem
        options = app.screen.query_one(OptionList)
        disabled = [options.get_option_at_index(i).disabled for i in range(options.option_count)]
        assert disabled == [True, False, False, False]
        assert options.highlighted == 1  # the first story that opens


async def test_enter_opens_the_highlighted_story_and_q_quits(stories: Path) -> None:
    app = StoryPickerApp([stories])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "enter")
    assert app.chosen == stories / "hostile.toml" and app.return_code == 0
    app = StoryPickerApp([stories])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("q")
    assert app.chosen is None and app.return_code == 0


async def test_a_story_that_does_not_load_cannot_be_opened(stories: Path) -> None:
    app = StoryPickerApp([stories / "bad.toml", stories / "second.toml"])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = 0  # a mouse can still point at it
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert any("not valid" in str(n.message) for n in app._notifications)


async def test_returning_to_the_picker_keeps_the_story_highlighted(stories: Path) -> None:
    app = StoryPickerApp([stories], selected=stories / "second.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(OptionList).highlighted == 3


async def test_a_story_added_to_the_folder_shows_up_on_reload(stories: Path) -> None:
    app = StoryPickerApp([stories])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        shutil.copyfile(FIXTURES / "second.toml", stories / "zz-new.toml")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row.path.name for row in _picker(app).rows][-1] == "zz-new.toml"
        assert _picker(app).rows[-1].progress == "0/12 reviewed"


async def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    app = StoryPickerApp([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # nothing to open: nothing happens
        assert app.is_running
        assert "no *.toml story here yet" in str(app.screen.query_one(OptionList).border_subtitle)


def test_hostile_headlines_are_shown_literally(stories: Path) -> None:
    from tui.screens.story_picker import read_row

    row = read_row(stories / "hostile.toml", None)
    text = row_prompt(row)
    assert "[bold]Loud[/bold]" in text.plain  # markup is text
    assert "\x1b" not in text.plain and "␛" in text.plain  # controls are stand-ins
    assert text.spans  # styled by the picker, not by the bundle


def test_snapshot_of_the_picker(stories: Path, snap_compare: object) -> None:
    (stories / "hostile.toml").unlink()
    app = StoryPickerApp([stories], reviewer="Maria Lopez")

    async def read(pilot: object) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=(80, 24), run_before=read)  # type: ignore[operator]


def test_the_command_line_loops_between_picker_and_story(
    monkeypatch: pytest.MonkeyPatch, stories: Path
) -> None:
    """q in a story comes back to the picker (on that story); q there ends with 0; a story
    that no longer loads comes back too; anything else (a signal, unsaved marks) ends."""
    picked: list[object] = [stories / "second.toml", stories / "bad.toml", 0]
    selected: list[object] = []
    opened: list[str] = []
    codes = iter([0, 1])

    def pick(paths: list[str], **kw: object) -> object:
        selected.append(kw["selected"])
        return picked.pop(0)

    def open_story(
        path: str, reviewer: str | None, theme: str | None, ascii: bool = False
    ) -> int:
        opened.append(path)
        assert reviewer == "Maria"
        return next(codes)

    monkeypatch.setattr("tui.screens.story_picker.pick_story", pick)
    monkeypatch.setattr(cli, "_open", open_story)
    assert cli.main(["--reviewer", "Maria", "--pick", str(stories)]) == 0
    assert opened == [str(stories / "second.toml"), str(stories / "bad.toml")]
    assert selected == [None, stories / "second.toml", stories / "bad.toml"]
    for ending in (129, 3):
        picked[:] = [stories / "second.toml"]
        codes = iter([ending])
        assert cli.main(["--pick", str(stories), "--reviewer", "Maria"]) == ending
    picked[:] = [143]  # a signal while on the picker
    assert cli.main(["--pick", str(stories), "--reviewer", "Maria"]) == 143


@pytest.mark.slow
def test_picker_story_and_back_in_a_real_terminal(stories: Path, tmp_path: Path) -> None:
    (stories / "bad.toml").unlink()
    (stories / "hostile.toml").unlink()
    argv = [sys.executable, "-m", "tui", "--reviewer=Maria Lopez", "--pick", str(stories)]
    with PtyProcess(argv, env=app_env(tmp_path), cols=100, rows=30) as app:
        assert app.wait_for_screen(lambda s: "0/12 reviewed" in s and "Maria Lopez" in s, 20), (
            app.describe()
        )
        app.send("j\r")  # at once, as a slow link delivers them: still in order
        assert app.wait_for_screen(
            lambda s: "Ferry crews walk out" in s and "Timeline" in s, 20
        ), app.screen().text()
        app.wait_for_quiet(0.3, 5)
        app.send("v")
        assert app.wait_for_screen(lambda s: "1/12 reviewed" in s and "Timeline" in s, 10)
        app.send("q")
        assert app.wait_for_screen(lambda s: "Review desk" in s and "1/12 reviewed" in s, 20), (
            app.screen().text()
        )
        app.send("q")
        assert app.wait(10) == 0, app.describe()


@pytest.mark.slow
def test_a_hang_up_on_the_picker_ends_it(stories: Path, tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "tui", "--pick", str(stories)]
    with PtyProcess(argv, env=app_env(tmp_path), cols=80, rows=24) as app:
        assert app.wait_for_text("Review desk", 20), app.describe()
        app.signal(signal.SIGHUP)
        assert app.wait(5) == 128 + signal.SIGHUP
        assert wait_until(lambda: not app.group_alive(), 3)
