"""The app's side of editing: showing the story as saved or reloaded, watching the file,
and copying the shipped story before its first edit.

A mixin of the app (see `StoryOwner` for what the story screen asks of it). A reload builds
a new story screen on the same review and puts it where the old one was: same pane, same
entries under the cursors. A version on disk that fails check is not shown: the last good
one stays, and the problems are shown until the file is fixed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.index import StoryIndex
from tui.model.problems import BundleError, Problem
from tui.review.progress import bundle_entries
from tui.screens.main_screen import MainScreen
from tui.screens.story_editing import StoryEditing, problem_lines

if TYPE_CHECKING:
    from textual.app import App

    from tui.authoring.story_file import StoryFile
    from tui.authoring.watch import StoryChange, StoryWatcher
    from tui.model.entities import Bundle
    from tui.model.repair import LinkRepair
    from tui.review.session import ReviewSession

RETRY_SECONDS = 0.5  # a reload waits while a dialog (a form, say) is open over the story


class StoryFileActions:
    editing: StoryEditing
    shipped: bool
    bundle: Bundle
    index: StoryIndex
    warnings: tuple[Problem, ...]
    review: ReviewSession
    place: dict[str, str]
    watching: bool | None
    _watcher: StoryWatcher | None
    _show_lock: asyncio.Lock | None = None

    def show_story(
        self: Any, story: StoryFile, select: tuple[str, str] | None = None
    ) -> None:
        app: App[int] = self
        self.editing.story = story
        self._no_longer_broken()  # say, by a save of ours made onto the fixed file
        main: MainScreen | None = self.main_screen
        if main is None or app.screen is not main:
            # Under a dialog: show it when the dialog closes (a form keeps what was typed).
            app.set_timer(RETRY_SECONDS, lambda: self._show_when_free(story, select))
            return
        # Keys typed from now on act on the new screen, once it is set up: a key let through
        # before the worker starts would reach widgets the rebuild then takes away.
        self.hold_keys()
        app.run_worker(self._show_holding_keys(main, story, select), group="show-story")

    async def _show_holding_keys(
        self: Any, main: MainScreen, story: StoryFile, select: tuple[str, str] | None
    ) -> None:
        try:
            await self._show(main, story, select)
        finally:
            self.release_keys()

    async def _show(
        self: Any, main: MainScreen, story: StoryFile, select: tuple[str, str] | None
    ) -> None:
        # One at a time, and only the newest: a reload cut off half way would leave the
        # screen without its panes.
        app: App[int] = self
        if self._show_lock is None:
            self._show_lock = asyncio.Lock()
        async with self._show_lock:
            if self.editing.story is not story or not main.is_attached:
                return
            place = main.place()
            if select is not None:
                pane, entry_id = select
                place["pane"] = pane
                place[pane] = entry_id
            shown = _shown_version(story)
            if isinstance(shown, BundleError):
                app.notify("Not shown: " + "; ".join(problem_lines(shown.problems)[:3]),
                           severity="error", timeout=15, markup=False)
                return
            self.bundle, warnings, self.repairs = shown
            self.warnings = tuple(warnings)
            self.editing.repairing = bool(self.repairs)
            self.index = StoryIndex.build(self.bundle)
            known = frozenset(entry.id for entry in bundle_entries(self.bundle))
            self.review.state.known = known.__contains__
            await main.show_story(self.index, self.warnings, place, self.repairs)

    repairs: list[LinkRepair]

    def _show_when_free(self: Any, story: StoryFile, select: tuple[str, str] | None) -> None:
        if self.editing.story is story:  # nothing newer came meanwhile
            self.show_story(story, select)

    # --- the shipped story ------------------------------------------------------------

    def copy_shipped_story(self: Any, then: Callable[[], object], problem: str = "") -> None:
        from tui.screens.copy_prompt import CopyPrompt

        app: App[int] = self
        default = os.path.join(os.getcwd(), Path(self.bundle.path).name)

        def chosen(path: str | None) -> None:
            if path is None:
                return
            from tui.authoring.shipped import copy_story
            from tui.authoring.story_file import StoryFile

            try:
                copy = copy_story(self.bundle.path, os.path.expanduser(path))
                story = StoryFile.open(copy)
            except FileExistsError:
                self.copy_shipped_story(then, f"{path} exists: choose another name, or quit "
                                              "and open it with baghouz-tui PATH.")
                return
            except (OSError, BundleError) as error:
                self.copy_shipped_story(then, f"Not copied: {error}")
                return
            self.shipped = False
            self.editing = StoryEditing(story.path, self.review_follows_rename)
            self._review_follows_copy(story)
            self.show_story(story)
            app.notify(f"Editing the copy at {story.path}", markup=False)
            self.start_watching()
            app.call_after_refresh(then)

        app.push_screen(CopyPrompt(default, problem), chosen)

    def _review_follows_copy(self: Any, story: StoryFile) -> None:
        """The marks made on the shipped story go with the copy: its review log is copied
        beside the copy (its lines name the story, not the file), and the app reviews the
        copy from now on, where opening the copy later finds them."""
        from tui.fileio import atomic_create
        from tui.review.errors import ReviewSaveError
        from tui.review.session import ReviewSession
        from tui.screens.review_watch import LOCK_WAIT, start_review_upkeep

        app: App[int] = self
        old: ReviewSession = self.review
        with contextlib.suppress(ReviewSaveError):
            old.save()
        review = ReviewSession.for_bundle(
            story.bundle, prefer_beside=True, reviewer=old.reviewer, lock_timeout=LOCK_WAIT,
            load=False,
        )
        if old.path.exists() and not review.path.exists() and not old.has_unsaved_changes:
            try:
                atomic_create(review.path, old.path.read_bytes())
            except OSError as error:
                app.notify(f"The review stays with the shipped story: {error}",
                           severity="warning", markup=False)
                return
        elif old.has_unsaved_changes:
            return  # marks not saved yet: keep the session that holds them
        self.review = review
        main = self.main_screen
        if main is not None:
            main.review = review
        start_review_upkeep(app, review)

    def review_follows_rename(self: Any, old_id: str, new_id: str, story: StoryFile) -> None:
        """An edit gave `old_id` a new id: its review (every reviewer's) goes along."""
        from tui.review.errors import ReviewSaveError

        app: App[int] = self
        entry = next((e for e in bundle_entries(story.bundle) if e.id == new_id), None)
        if entry is None:
            return
        try:
            self.review.rename(old_id, entry)
        except ReviewSaveError as error:
            app.notify(f"The review of {old_id} did not follow it to {new_id}: {error}",
                       severity="error", markup=False)

    # --- watching the file ------------------------------------------------------------

    def start_watching(self: Any) -> None:
        """Reload the story when its file changes on disk (not the shipped one)."""
        app: App[int] = self
        watching = self.watching if self.watching is not None else not app.is_headless
        if not watching or self.shipped:
            return
        from tui.authoring.watch import StoryWatcher

        self.stop_watching()

        def changed(change: StoryChange) -> None:
            with contextlib.suppress(RuntimeError):  # the app has ended
                app.call_from_thread(self.story_changed, change)

        self._watcher = StoryWatcher(self.editing.path, changed)
        self._watcher.start()

    def stop_watching(self: Any) -> None:
        if self._watcher is not None:
            self._watcher.stop(timeout=1.0)
            self._watcher = None

    def story_changed(self: Any, change: StoryChange) -> None:
        app: App[int] = self
        editing: StoryEditing = self.editing
        if editing.story is not None and editing.story.is_current(change.stamp):
            # Put back as it was before it broke: fixed, with nothing new to show.
            self._no_longer_broken("The story file is fixed: it is the version on screen.")
            return  # the app's own save, or the version already shown
        if change.stamp is None:
            app.notify(f"{change.path} is gone from disk; the last version read stays on "
                       "screen.", severity="warning", timeout=10, markup=False)
            return
        self.reload_story()

    def _no_longer_broken(self: Any, said: str | None = None) -> None:
        """The file passes check again: the "fails check" notice, which waits for a fix,
        goes (and `said` is said)."""
        app: App[int] = self
        if self.editing.broken:
            self.editing.broken = ()
            app.clear_notifications()
            if said is not None:
                app.notify(said, markup=False)

    def reload_story(self: Any) -> bool:
        """Read the file again; show it if it passes check, else say why and keep the last
        good version. True when shown."""
        from tui.authoring.story_file import StoryFile

        app: App[int] = self
        editing: StoryEditing = self.editing
        try:
            story = StoryFile.open(editing.path)
        except BundleError as error:
            editing.broken = tuple(error.problems)
            shown = "\n".join(problem_lines(error.problems)[:5])
            app.notify(f"The story file changed and now fails check; the last good version "
                       f"stays on screen until it is fixed:\n{shown}",
                       severity="error", timeout=3600, markup=False)
            return False
        except OSError as error:
            app.notify(f"Cannot read the story file: {error}", severity="error", markup=False)
            return False
        self._no_longer_broken("The story file is fixed: reloaded.")
        self.show_story(story)
        return True


def _shown_version(
    story: StoryFile,
) -> tuple[Bundle, list[Problem], list[LinkRepair]] | BundleError:
    """What to show of a story file: its bundle, or in repair mode (its only errors are
    links the corrected text left behind) the bundle with those links where their words
    are now, and the repairs; BundleError if it does not load at all."""
    if story.valid:
        return story.bundle, list(story.problems), []
    from tui.model.load import load_repairable

    try:
        repairable = load_repairable(story.path)
    except BundleError as error:
        return error
    except OSError as error:
        return BundleError([Problem(story.path, 0, 0, "", "unreadable", str(error))])
    return repairable.bundle, repairable.warnings, list(repairable.repairs)
