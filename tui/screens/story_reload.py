"""The app's side of editing: showing the story as saved or reloaded, watching the file,
and copying the shipped story before its first edit.

A mixin of the app (see `StoryOwner` for what the story screen asks of it). A reload builds
a new story screen on the same review and puts it where the old one was: same pane, same
entries under the cursors. A version on disk that fails check is not shown: the last good
one stays, and the problems are shown until the file is fixed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.index import StoryIndex
from tui.model.linking import bundle_entries
from tui.model.problems import BundleError, Problem
from tui.screens.main_screen import MainScreen
from tui.screens.story_editing import StoryEditing, problem_lines

if TYPE_CHECKING:
    from textual.app import App

    from tui.authoring.story_file import StoryFile
    from tui.authoring.watch import StoryChange, StoryWatcher
    from tui.model.entities import Bundle
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

    def show_story(
        self: Any, story: StoryFile, select: tuple[str, str] | None = None
    ) -> None:
        app: App[int] = self
        self.editing.story = story
        main = self.main_screen
        if main is None or app.screen is not main:
            # Under a dialog: show it when the dialog closes (a form keeps what was typed).
            app.set_timer(RETRY_SECONDS, lambda: self._show_when_free(story, select))
            return
        place = main.place()
        if select is not None:
            pane, entry_id = select
            place["pane"] = pane
            place[pane] = entry_id
        self.bundle = story.bundle
        self.warnings = tuple(story.problems)
        self.index = StoryIndex.build(self.bundle)
        known = frozenset(entry.id for entry in bundle_entries(self.bundle))
        self.review.state.known = known.__contains__
        app.switch_screen(MainScreen(self.index, self.review, self.warnings, place=place))

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
            self.editing = StoryEditing(story.path)
            self.show_story(story)
            app.notify(f"Editing the copy at {story.path}", markup=False)
            self.start_watching()
            app.call_after_refresh(then)

        app.push_screen(CopyPrompt(default, problem), chosen)

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
            try:
                app.call_from_thread(self.story_changed, change)
            except RuntimeError:
                pass  # the app has ended

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
            return  # the app's own save
        if change.stamp is None:
            app.notify(f"{change.path} is gone from disk; the last version read stays on "
                       "screen.", severity="warning", timeout=10, markup=False)
            return
        self.reload_story()

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
        if editing.broken:
            editing.broken = ()
            app.clear_notifications()
            app.notify("The story file is fixed: reloaded.", markup=False)
        self.show_story(story)
        return True
