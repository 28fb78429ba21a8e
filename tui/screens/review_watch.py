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

    from tui.review.session import ReviewSession
    from tui.screens.main_screen import MainScreen

RETRY_EVERY = 1.0  # seconds between save retries
LOCK_WAIT = 0.05  # seconds a save in the event loop waits for the lock, at most


def start_review_upkeep(app: App[int], review: ReviewSession) -> None:
    """Start the file watch and the save retry for `review` (call once, after the first
    frame: neither must cost start-up time)."""
    app.set_interval(RETRY_EVERY, lambda: _retry_save(app, review), name="review-retry")
    if not review.read_only:
        app.run_worker(_watch(app, review), name="review-watch", group="review",
                       exclusive=True, exit_on_error=False)


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

    with contextlib.suppress(OSError, RuntimeError):
        async for _changes in awatch(*folders, watch_filter=ours, debounce=100, step=20,
                                     recursive=False, ignore_permission_denied=True):
            screen = _main_screen(app)
            if screen is None or review.busy:
                continue
            from tui.screens.review_actions import review_changed_on_disk

            review_changed_on_disk(screen)


def safe_save(review: ReviewSession) -> None:
    """For a signal handler: save unsaved changes if no change or save is under way."""
    if review.has_unsaved_changes and not review.busy and not review.read_only:
        with contextlib.suppress(ReviewSaveError, OSError):
            review.save(0.1)
