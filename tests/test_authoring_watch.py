"""The story watcher reports changes of the file's bytes however an editor saves them."""

from __future__ import annotations

import asyncio
import os
import queue
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.authoring.edits import Saved, Update
from tui.authoring.story_file import StoryFile, current_stamp
from tui.authoring.watch import StoryChange, StoryWatcher, watch_story
from tui.authoring.writer import save_edit

BASE = Path(__file__).resolve().parent / "bundles" / "base.toml"
WAIT = 20  # seconds: generous for a loaded machine; a passing test never waits this long


class Changes:
    def __init__(self) -> None:
        self.queue: queue.Queue[StoryChange] = queue.Queue()

    def __call__(self, change: StoryChange) -> None:
        self.queue.put(change)

    def next(self) -> StoryChange:
        return self.queue.get(timeout=WAIT)

    def settled_on(self, path: str) -> StoryChange:
        """The change that reports the file as it is now: a write in place truncates before
        it writes, and the watcher may report the empty file first (the app reloads twice)."""
        while True:
            change = self.next()
            if change.stamp == current_stamp(path):
                return change

    def none_now(self) -> bool:
        return self.queue.empty()


@pytest.fixture
def story(tmp_path: Path) -> StoryFile:
    path = tmp_path / "story.toml"
    shutil.copyfile(BASE, path)
    return StoryFile.open(path)


@pytest.fixture
def watched(story: StoryFile) -> Iterator[Changes]:
    changes = Changes()
    watcher = StoryWatcher(story.path, changes, since=story.stamp, debounce_ms=50)
    watcher.start()
    try:
        yield changes
    finally:
        watcher.stop()


def _edited(text: str) -> str:
    return text.replace("Council approves the bridge", "Council backs the bridge")


def test_a_write_in_place_is_reported(story: StoryFile, watched: Changes) -> None:
    Path(story.path).write_text(_edited(story.raw.decode()))
    change = watched.settled_on(story.path)
    assert change.stamp is not None and not story.is_current(change.stamp)
    assert change.stamp.size == len(_edited(story.raw.decode()).encode())


def test_a_save_by_rename_is_reported(story: StoryFile, watched: Changes) -> None:
    swap = Path(story.path).with_name(".story.toml.swp")
    swap.write_text(_edited(story.raw.decode()))
    os.replace(swap, story.path)  # as vim and most editors save
    change = watched.next()
    assert change.stamp is not None and change.stamp.inode == os.stat(story.path).st_ino
    # And the watch goes on: the new file's changes are reported too.
    Path(story.path).write_text(story.raw.decode())
    back = watched.settled_on(story.path).stamp
    assert back is not None and story.is_current(back)


def test_a_deleted_file_and_its_return_are_reported(story: StoryFile, watched: Changes) -> None:
    os.unlink(story.path)
    assert watched.next().stamp is None
    Path(story.path).write_bytes(story.raw)
    back = watched.settled_on(story.path)
    assert back.stamp is not None and story.is_current(back.stamp)  # the same bytes


def test_the_app_s_own_save_reads_as_current(story: StoryFile, watched: Changes) -> None:
    fields = story.fields("vote")
    assert fields is not None
    fields["title"] = "Saved by the app"
    saved = save_edit(story, Update("vote", fields))
    assert isinstance(saved, Saved)
    assert saved.story.is_current(watched.next().stamp)  # the app ignores it


def test_a_touch_is_not_a_change(story: StoryFile, watched: Changes) -> None:
    os.utime(story.path, ns=(1, 1))
    Path(story.path).write_text(_edited(story.raw.decode()))  # then a real one
    change = watched.settled_on(story.path)
    assert change.stamp is not None and change.stamp.sha256 != story.stamp.sha256
    assert watched.none_now()


def test_a_change_before_the_watch_started_is_reported(story: StoryFile) -> None:
    Path(story.path).write_text(_edited(story.raw.decode()))
    changes = Changes()
    watcher = StoryWatcher(story.path, changes, since=story.stamp, debounce_ms=50)
    watcher.start()
    try:
        assert changes.next().stamp == current_stamp(story.path)
    finally:
        watcher.stop()


def test_a_symlinked_story_is_watched_where_it_lives(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "story.toml"
    shutil.copyfile(BASE, real)
    link = tmp_path / "story.toml"
    link.symlink_to(real)
    story = StoryFile.open(link)
    changes = Changes()
    watcher = StoryWatcher(link, changes, since=story.stamp, debounce_ms=50)
    watcher.start()
    try:
        real.write_text(_edited(story.raw.decode()))
        change = changes.settled_on(str(real))
        assert change.path == str(link) and change.stamp == current_stamp(real)
    finally:
        watcher.stop()


async def test_the_async_watch_stops_when_asked(story: StoryFile) -> None:
    stop = asyncio.Event()
    seen: list[StoryChange] = []

    async def watch() -> None:
        async for change in watch_story(story.path, since=story.stamp, stop_event=stop):
            seen.append(change)
            if change.stamp == current_stamp(story.path):
                stop.set()  # not on a half-written file: a write in place truncates first

    task = asyncio.create_task(watch())
    await asyncio.sleep(0.2)
    Path(story.path).write_text(_edited(story.raw.decode()))
    await asyncio.wait_for(task, WAIT)
    assert seen and seen[-1].stamp == current_stamp(story.path)
