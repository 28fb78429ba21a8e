"""Keeping the review current while the app runs: the file watch and the save retry.

- The folders holding the review files are watched (watchfiles, in a worker): when another
  editor appends, only the new bytes are read and the app says what changed in one line.
- Changes that could not be saved (the file locked by another process, a full disk) are
  retried every RETRY_EVERY seconds, each try waiting at most a moment for the lock, so the
  event loop is never held by someone else's lock.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from tui.review.errors import ReviewSaveError

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from tui.review.session import ReviewSession
    from tui.screens.main_screen import MainScreen

RETRY_EVERY = 1.0  # seconds between save retries
LOCK_WAIT = 0.05  # seconds a save in the event loop waits for the lock, at most
WATCH_AFTER = 1.0  # seconds after the first frame the file watch starts
POLL_EVERY = 5000  # ms: the watch looks at the files anyway this often


def start_review_upkeep(app: App[int], review: ReviewSession) -> None:
    """Read the review, show it, then keep it current: the file watch and the save retry.
    Call once, after the first frame: none of it must delay it."""
    loaded_now = not review.loaded
    review.load()
    for warning in review.warnings:
        app.notify(warning, severity="warning", timeout=10, markup=False)
    screen = _main_screen(app)
    if screen is None or not loaded_now:
        pass
    elif review.state.entries or review.has_unsaved_changes:
        screen.refresh_review()
    else:
        # Nothing to show but the progress: leave the panes (and how they are scrolled).
        from tui.widgets.story_header import StoryHeader

        header = screen.query_one(StoryHeader)
        header.status = review.progress(screen.index.bundle).summary()
    app.set_interval(RETRY_EVERY, lambda: _retry_save(app, review), name="review-retry")
    if not review.read_only:
        # A moment later: importing watchfiles costs tens of ms the first frame (and the
        # keys typed right after it) should not wait for.
        # The coroutine is made when the worker runs: a worker replaced before it starts
        # (the review moved with a copied story) leaves none behind un-awaited.
        async def watch() -> None:
            await _watch(app, review)

        def start_watch() -> Worker[None]:  # typed: from `watch` alone mypy infers Never
            return app.run_worker(watch, name="review-watch", group="review", exclusive=True,
                                  exit_on_error=False)

        app.set_timer(WATCH_AFTER, start_watch)


def _main_screen(app: App[int]) -> MainScreen | None:
    from tui.screens.main_screen import MainScreen

    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    return None


def _retry_save(app: App[int], review: ReviewSession) -> None:
    if not review.has_unsaved_changes or review.busy:
        return
    try:
        review.save(LOCK_WAIT)
    except ReviewSaveError:
        return  # still shown as NOT SAVED in the header; tried again later
    app.notify("Review changes saved.", markup=False, timeout=3)
    screen = _main_screen(app)
    if screen is not None:
        from tui.screens.review_actions import announce_arrivals

        announce_arrivals(screen)
        screen.refresh_review()


async def _watch(app: App[int], review: ReviewSession) -> None:
    from watchfiles import awatch  # imported here: the first frame does not need it

    names = {os.fspath(path) for path in review.store.watched_files()}
    folders = sorted({os.path.dirname(n) for n in names if os.path.isdir(os.path.dirname(n))})
    if not folders:
        return

    def ours(_change: object, path: str) -> bool:
        return path in names

    from tui.screens.review_actions import review_changed_on_disk

    def changed() -> None:
        screen = _main_screen(app)
        if screen is not None and not review.busy:
            review_changed_on_disk(screen)

    changed()  # what was saved before the watch began
    with contextlib.suppress(OSError, RuntimeError):
        # Every POLL_EVERY ms without an event, a look anyway: cheap (the bytes after the
        # last line read), and it covers file systems that report no events (NFS).
        async for _changes in awatch(*folders, watch_filter=ours, debounce=100, step=20,
                                     recursive=False, ignore_permission_denied=True,
                                     rust_timeout=POLL_EVERY, yield_on_timeout=True):
            changed()


def safe_save(review: ReviewSession) -> None:
    """For a signal handler: save unsaved changes if no change or save is under way."""
    if review.loaded and review.has_unsaved_changes and not review.busy and not review.read_only:
        with contextlib.suppress(ReviewSaveError, OSError):
            review.save(0.1)
