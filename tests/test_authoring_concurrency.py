"""Saving next to other editors: two processes at once, a file changed underneath, a lock held,
a symbolic link, a folder or file that cannot be written. Nothing anyone saved is lost, and
nothing is written that should not be."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from tui.authoring.edits import Conflict, Create, Failed, Refused, Saved, Update
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import save_edit
from tui.fileio import FileLock
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bundles" / "base.toml"


@pytest.fixture
def story(tmp_path: Path) -> StoryFile:
    path = tmp_path / "story.toml"
    shutil.copyfile(shipped_bundle_path(), path)
    return StoryFile.open(path)


def _retitled(story: StoryFile, entry_id: str, title: str) -> Update:
    fields = story.fields(entry_id)
    assert fields is not None
    fields["title" if "title" in fields else "name"] = title
    return Update(entry_id, fields)


def _titles(path: str | Path) -> dict[str, str]:
    bundle, _ = load_bundle(path)
    return {e.id: e.title for e in bundle.events}


def _other_editor_saves(path: str, entry_id: str, title: str) -> None:
    """Another editor's save, by rename as editors do (a new inode)."""
    theirs = StoryFile.open(path)
    assert isinstance(save_edit(theirs, _retitled(theirs, entry_id, title)), Saved)


# -- the file changed on disk -------------------------------------------------------------


def test_a_change_to_another_entry_is_kept_and_the_edit_made_to_it(story: StoryFile) -> None:
    first, second = story.bundle.events[0].id, story.bundle.events[1].id
    _other_editor_saves(story.path, first, "Theirs")
    outcome = save_edit(story, _retitled(story, second, "Mine"))
    assert isinstance(outcome, Saved) and outcome.reloaded
    assert _titles(story.path)[first] == "Theirs"
    assert _titles(story.path)[second] == "Mine"
    assert outcome.story.bundle.events[0].title == "Theirs"  # the app shows both


def test_an_entry_not_as_the_editor_saw_it_is_a_conflict_after_a_reload(
    story: StoryFile,
) -> None:
    first, second = story.bundle.events[0].id, story.bundle.events[1].id
    seen = story.fields(first)  # a form opened on the entry ...
    _other_editor_saves(story.path, first, "Theirs")
    reloaded = StoryFile.open(story.path)  # ... and the app reloaded the file meanwhile
    outcome = save_edit(reloaded, _retitled(story, first, "Mine"), expect={first: seen})
    assert isinstance(outcome, Conflict) and outcome.entry_id == first
    assert outcome.base == seen and outcome.theirs is not None
    assert outcome.theirs["title"] == "Theirs" and outcome.ours is not None
    assert outcome.ours["title"] == "Mine"
    assert _titles(story.path)[first] == "Theirs"
    # what it expects of another entry, still as it was, does not stand in the way
    outcome = save_edit(
        reloaded, _retitled(reloaded, second, "Mine"), expect={second: story.fields(second)}
    )
    assert isinstance(outcome, Saved)
    assert _titles(story.path) == {**_titles(story.path), first: "Theirs", second: "Mine"}


def test_undo_expects_the_entry_as_its_edit_left_it(story: StoryFile) -> None:
    from tui.authoring.history import EditHistory

    history = EditHistory()
    first = story.bundle.events[0].id
    saved = save_edit(story, _retitled(story, first, "Mine"))
    assert isinstance(saved, Saved)
    history.record(saved)
    step = history.undo_step()
    assert step is not None and step.expect == {first: saved.story.fields(first)}
    _other_editor_saves(story.path, first, "Theirs")
    undo = save_edit(StoryFile.open(story.path), step.inverse, expect=step.expect)
    assert isinstance(undo, Conflict) and _titles(story.path)[first] == "Theirs"
    assert history.undo_step() is step  # still there, to try again once settled


def test_a_change_to_the_same_entry_is_a_conflict_and_nothing_is_lost(
    story: StoryFile,
) -> None:
    entry_id = story.bundle.events[2].id
    _other_editor_saves(story.path, entry_id, "Theirs")
    on_disk = Path(story.path).read_bytes()
    ours = _retitled(story, entry_id, "Mine")
    outcome = save_edit(story, ours)
    assert isinstance(outcome, Conflict)
    assert outcome.entry_id == entry_id
    assert outcome.base == story.fields(entry_id)
    assert outcome.theirs is not None and outcome.theirs["title"] == "Theirs"
    assert outcome.ours == dict(ours.fields)
    assert Path(story.path).read_bytes() == on_disk
    # Keeping ours is an edit of the version on disk.
    kept = save_edit(outcome.story, Update(entry_id, ours.fields))
    assert isinstance(kept, Saved) and _titles(story.path)[entry_id] == "Mine"


def test_an_entry_deleted_on_disk_is_a_conflict(story: StoryFile) -> None:
    entry_id = story.bundle.events[3].id
    theirs = StoryFile.open(story.path)
    from tui.authoring.edits import Delete

    assert isinstance(save_edit(theirs, Delete(entry_id)), Saved)
    outcome = save_edit(story, _retitled(story, entry_id, "Mine"))
    assert isinstance(outcome, Conflict) and outcome.theirs is None


def test_a_new_entry_whose_id_was_taken_on_disk_is_a_conflict(story: StoryFile) -> None:
    event = story.fields(story.bundle.events[0].id)
    assert event is not None
    theirs = StoryFile.open(story.path)
    assert isinstance(save_edit(theirs, Create("events", {**event, "id": "same-id"})), Saved)
    outcome = save_edit(story, Create("events", {**event, "id": "same-id", "title": "Mine"}))
    assert isinstance(outcome, Conflict) and outcome.base is None
    assert outcome.theirs is not None and outcome.theirs["title"] == event["title"]


def test_a_file_made_invalid_on_disk_is_not_overwritten(story: StoryFile) -> None:
    broken = Path(story.path).read_text().replace('format = "story-bundle/1"', "format = 2")
    Path(story.path).write_text(broken)
    outcome = save_edit(story, _retitled(story, story.bundle.events[0].id, "Mine"))
    assert isinstance(outcome, Failed)
    assert "does not pass check" in outcome.message
    assert outcome.problems and outcome.problems[0].code == "wrong-type"
    assert Path(story.path).read_text() == broken


def test_a_file_gone_is_not_recreated(story: StoryFile) -> None:
    os.unlink(story.path)
    outcome = save_edit(story, _retitled(story, story.bundle.events[0].id, "Mine"))
    assert isinstance(outcome, Failed) and "gone" in outcome.message
    assert not Path(story.path).exists()


def test_a_touched_file_is_not_a_change(story: StoryFile) -> None:
    os.utime(story.path, ns=(1, 1))
    outcome = save_edit(story, _retitled(story, story.bundle.events[0].id, "Mine"))
    assert isinstance(outcome, Saved) and not outcome.reloaded


# -- locking ------------------------------------------------------------------------------


def test_a_lock_held_too_long_writes_nothing(story: StoryFile) -> None:
    lock = FileLock(Path(story.path).with_name("story.toml.lock"), timeout=0)
    with lock:
        started = time.monotonic()
        edit = _retitled(story, story.bundle.events[0].id, "Mine")
        outcome = save_edit(story, edit, lock_timeout=0.2)
        assert time.monotonic() - started < 5
    assert isinstance(outcome, Failed) and "being saved by someone else" in outcome.message
    assert Path(story.path).read_bytes() == story.raw


_EDITOR = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from tui.authoring.edits import Saved, Update
    from tui.authoring.story_file import StoryFile
    from tui.authoring.writer import save_edit

    path, entry_id, title, go, rounds = sys.argv[1:6]
    story = StoryFile.open(path)
    Path(path + "." + title + ".ready").touch()
    while not Path(go).exists():
        time.sleep(0.005)
    results = []
    for n in range(int(rounds)):
        fields = story.fields(entry_id)
        fields["title"] = f"{title} {n}"
        outcome = save_edit(story, Update(entry_id, fields), lock_timeout=30)
        results.append(type(outcome).__name__)
        if isinstance(outcome, Saved):
            story = outcome.story
        elif hasattr(outcome, "story"):
            story = outcome.story
    print(json.dumps(results))
    """
)


def _editors(path: str, jobs: list[tuple[str, str]], rounds: int, tmp: Path) -> list[Any]:
    go = tmp / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, path, entry_id, title, str(go), str(rounds)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for entry_id, title in jobs
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(Path(f"{path}.{title}.ready").exists() for _, title in jobs):
            assert time.monotonic() < deadline, "the editors did not start"
            assert all(p.poll() is None for p in processes), "an editor died"
            time.sleep(0.01)
        go.touch()  # both have loaded the same version: now both save
        return [json.loads(p.communicate(timeout=120)[0]) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()


@pytest.mark.slow
def test_two_editors_saving_different_entries_at_once_lose_nothing(
    story: StoryFile, tmp_path: Path
) -> None:
    first, second = story.bundle.events[0].id, story.bundle.events[5].id
    results = _editors(story.path, [(first, "Alpha"), (second, "Beta")], 5, tmp_path)
    assert results == [["Saved"] * 5, ["Saved"] * 5]
    titles = _titles(story.path)
    assert titles[first] == "Alpha 4" and titles[second] == "Beta 4"
    untouched = {e.id: e.title for e in story.bundle.events if e.id not in (first, second)}
    assert {k: v for k, v in titles.items() if k in untouched} == untouched


@pytest.mark.slow
def test_two_editors_saving_one_entry_at_once_the_second_gets_the_conflict(
    story: StoryFile, tmp_path: Path
) -> None:
    entry_id = story.bundle.events[0].id
    results = _editors(story.path, [(entry_id, "Alpha"), (entry_id, "Beta")], 1, tmp_path)
    assert sorted(r[0] for r in results) == ["Conflict", "Saved"]
    winner = "Alpha" if results[0] == ["Saved"] else "Beta"
    assert _titles(story.path)[entry_id] == f"{winner} 0"


# -- links and permissions ----------------------------------------------------------------


def test_a_symlinked_story_is_edited_in_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "checkout").mkdir()
    real = tmp_path / "checkout" / "story.toml"
    shutil.copyfile(BASE, real)
    link = tmp_path / "story.toml"
    link.symlink_to(real)
    story = StoryFile.open(link)
    assert story.path == str(link) and story.real == real
    outcome = save_edit(story, _retitled(story, "vote", "Through the link"))
    assert isinstance(outcome, Saved)
    assert link.is_symlink() and os.readlink(link) == str(real)  # still a link
    assert _titles(real)["vote"] == "Through the link"
    assert (tmp_path / "checkout" / "story.toml.lock").exists()  # the real file is locked
    assert not (tmp_path / "story.toml.lock").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "story.toml"]


def test_a_link_pointed_elsewhere_since_loading_reads_as_a_change(tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    shutil.copyfile(BASE, one)
    shutil.copyfile(BASE, two)
    link = tmp_path / "story.toml"
    link.symlink_to(one)
    story = StoryFile.open(link)
    link.unlink()
    link.symlink_to(two)
    outcome = save_edit(story, _retitled(story, "vote", "Where the link points now"))
    assert isinstance(outcome, Saved) and outcome.reloaded and outcome.story.real == two
    assert _titles(two)["vote"] == "Where the link points now"
    assert one.read_bytes() == BASE.read_bytes()


def _save_as_nobody(story: StoryFile) -> Any:
    """save_edit in a child process that runs as an unprivileged user (root ignores file
    modes), its outcome sent back as (type name, message)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.setgid(65534)
            os.setuid(65534)
            outcome = save_edit(story, _retitled(story, "vote", "Mine"))
            message = getattr(outcome, "message", "")
            os.write(write, json.dumps([type(outcome).__name__, message]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def test_a_read_only_folder_is_reported_and_nothing_written() -> None:
    # Not under pytest's tmp_path: an unprivileged child must be able to reach the file.
    outer = Path(tempfile.mkdtemp(prefix="writer-read-only-"))
    try:
        outer.chmod(0o711)
        folder = outer / "story"
        folder.mkdir()
        path = folder / "story.toml"
        shutil.copyfile(BASE, path)
        path.chmod(0o666)
        story = StoryFile.open(path)
        folder.chmod(0o555)
        if os.geteuid() == 0:
            kind, message = _save_as_nobody(story)
        else:
            outcome = save_edit(story, _retitled(story, "vote", "Mine"))
            kind, message = type(outcome).__name__, getattr(outcome, "message", "")
        assert kind == "Failed"
        assert "read-only" in message and "nothing was written" in message
        assert path.read_bytes() == BASE.read_bytes()
        assert sorted(p.name for p in folder.iterdir()) == ["story.toml"]
    finally:
        for place in (outer, outer / "story"):
            if place.exists():
                place.chmod(0o755)
        shutil.rmtree(outer)


def test_a_read_only_file_is_not_replaced(
    story: StoryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(story.path).chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: the check is what stands in the way
        import tui.authoring.writer as writer

        monkeypatch.setattr(writer.os, "access", lambda path, mode: False)
    outcome = save_edit(story, _retitled(story, story.bundle.events[0].id, "Mine"))
    assert isinstance(outcome, Failed) and "read-only" in outcome.message
    assert Path(story.path).read_bytes() == story.raw


def test_temp_files_a_killed_writer_left_are_removed(story: StoryFile) -> None:
    stale = Path(story.path).with_name(".story.toml.0123456789ab.tmp")
    stale.write_text("half a file")
    unrelated = Path(story.path).with_name(".story.toml.notes")
    unrelated.write_text("mine")
    assert isinstance(save_edit(story, _retitled(story, story.bundle.events[0].id, "x")), Saved)
    assert not stale.exists() and unrelated.exists()


def test_a_refused_edit_after_a_reload_keeps_the_disk_version(story: StoryFile) -> None:
    first = story.bundle.events[0].id
    _other_editor_saves(story.path, first, "Theirs")
    on_disk = Path(story.path).read_bytes()
    fields = story.fields(story.bundle.events[1].id)
    assert fields is not None
    fields["date"] = "not a date"
    outcome = save_edit(story, Update(fields["id"], fields))
    assert isinstance(outcome, Refused)
    assert outcome.story.bundle.events[0].title == "Theirs"  # judged against the disk
    assert Path(story.path).read_bytes() == on_disk


def test_a_change_made_while_saving_is_not_overwritten(
    story: StoryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that does not take the lock writes while this save is being made."""
    import tui.authoring.writer as writer

    first, second = story.bundle.events[0], story.bundle.events[1]
    judge = writer.judge
    calls: list[int] = []

    def judging(*args: Any, **kwargs: Any) -> Any:
        if not calls:
            calls.append(1)
            text = Path(story.path).read_text()
            Path(story.path).write_text(text.replace(first.title, "Theirs, meanwhile", 1))
        return judge(*args, **kwargs)

    monkeypatch.setattr(writer, "judge", judging)
    outcome = save_edit(story, _retitled(story, second.id, "Mine"))
    assert isinstance(outcome, Saved) and outcome.reloaded
    titles = _titles(story.path)
    assert titles[first.id] == "Theirs, meanwhile" and titles[second.id] == "Mine"
