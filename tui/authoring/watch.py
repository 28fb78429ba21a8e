"""Tell the app when the story file changes on disk (another editor, `git pull`, `$EDITOR`).

The folder is watched, not the file: editors that save by writing a new file and renaming it
over the old one (vim, most IDEs, `git checkout`) replace the file's inode, which a watch on
the file itself would lose. After each burst of events the file is read again and a change is
reported only when its bytes differ from the last ones reported, so touching it, or the app's
own save (compare `StoryFile.is_current`), reports nothing new; while it is missing (deleted,
or mid-rename) a change with no stamp is reported.

    async for change in watch_story(path, since=story.stamp, stop_event=stop):  # a worker
        if not story.is_current(change.stamp): reload()

    watcher = StoryWatcher(path, on_change); watcher.start(); ...; watcher.stop()   # a thread

A story path that is a link is followed: the folders of both the link and the file it points
to are watched, and the link is resolved again after each event.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import NamedTuple

from tui.authoring.story_file import FileStamp, current_stamp, real_path

DEBOUNCE_MS = 150  # editors write in several steps: report once they are done
CHECK_EVERY_MS = 1000


class StoryChange(NamedTuple):
    path: str
    stamp: FileStamp | None  # None: the file is not there (deleted, or being replaced)


def _watched(path: str) -> tuple[list[Path], set[str]]:
    """The folders to watch and the names in them that matter."""
    given, real = Path(os.path.abspath(path)), real_path(path)
    folders = list(dict.fromkeys([given.parent, real.parent]))
    return folders, {given.name, real.name}


async def watch_story(
    path: str | os.PathLike[str],
    *,
    since: FileStamp | None = None,
    stop_event: asyncio.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
    check_every_ms: int = CHECK_EVERY_MS,
    force_polling: bool | None = None,
) -> AsyncIterator[StoryChange]:
    """Yield a StoryChange each time the file's bytes differ from the last seen: `since`
    (the version the app shows), else those when the watch starts. Between events the file's
    size and time are looked at every `check_every_ms`, so a change made before the watch was
    in place is not missed. Ends when `stop_event` is set."""
    from watchfiles import awatch  # lazily: only an app that watches pays for it

    name = os.fspath(path)
    looked = _looks(name)
    last = current_stamp(name)
    if since is not None and _differs(last, since):
        yield StoryChange(name, last)  # changed before the watch was in place
    while stop_event is None or not stop_event.is_set():
        folders, names = _watched(name)

        def wanted(_change: object, changed: str, names: set[str] = names) -> bool:
            return Path(changed).name in names

        async for changes in awatch(
            *folders,
            watch_filter=wanted,
            debounce=debounce_ms,
            stop_event=stop_event,
            recursive=False,
            rust_timeout=check_every_ms,
            yield_on_timeout=True,
            force_polling=force_polling,
        ):
            looks = _looks(name)
            if not changes and looks == looked and last is not None:
                continue  # a quiet tick: nothing to read
            looked = looks
            stamp = current_stamp(name)
            if _differs(stamp, last):
                last = stamp
                yield StoryChange(name, stamp)
            if _watched(name)[0] != folders:
                break  # the link points into another folder now: watch that one
        else:
            return


def _looks(path: str) -> tuple[int, int, int, int] | None:
    """What a stat tells of the file, cheaply: where it is, its size and time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _differs(stamp: FileStamp | None, last: FileStamp | None) -> bool:
    if stamp is None or last is None:
        return stamp is not last
    return stamp.sha256 != last.sha256


class StoryWatcher:
    """`watch_story` in a thread of its own, calling `on_change` (in that thread: hand the
    change to the app with `App.call_from_thread`)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        on_change: Callable[[StoryChange], None],
        *,
        since: FileStamp | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        force_polling: bool | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.on_change = on_change
        self.since = since
        self.debounce_ms = debounce_ms
        self.force_polling = force_polling
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="story-watcher", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=5)

    def stop(self, timeout: float = 5.0) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        watching = watch_story(
            self.path,
            since=self.since,
            stop_event=self._stop,
            debounce_ms=self.debounce_ms,
            force_polling=self.force_polling,
        )
        self._ready.set()
        async for change in watching:
            self.on_change(change)
