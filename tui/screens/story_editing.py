"""The app's editing state for one story file: the file as last read, undo and redo.

It outlives the story screen (a save or a reload builds a new one). Undo is shared with the
review marks: `u` undoes whichever came last, so each saved edit notes how many mark steps
were undoable when it was made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, cast

from tui.model.problems import Problem

if TYPE_CHECKING:
    from tui.authoring.edits import Edit, Fields, Outcome, Saved
    from tui.authoring.history import EditHistory
    from tui.authoring.story_file import StoryFile
    from tui.screens.story_view import StoryView


def problem_lines(problems: tuple[Problem, ...] | list[Problem], entry_id: str = "") -> list[str]:
    """check's messages for a form: the edited entry's first, each with its line."""
    ordered = sorted(problems, key=lambda p: (p.entry != entry_id, p.severity != "error"))
    return [problem.format() for problem in ordered]


class StoryEditing:
    def __init__(self, path: str, renamed: Callable[[str, str, StoryFile], object]) -> None:
        """`renamed(old id, new id, story)`: called for each entry a saved edit (an undo or
        redo too) gives another id, with the story as saved (the review follows it)."""
        from tui.authoring.history import EditHistory  # the writer loads on first use

        self.path = path
        self.renamed = renamed
        self.story: StoryFile | None = None
        self.history: EditHistory = EditHistory()
        self._mark_depths: list[int] = []  # review undo depth when each undoable edit was made
        self.broken: tuple[Problem, ...] = ()  # the file on disk fails check: why
        # Repair mode: the file's only errors are links its corrected text left behind;
        # saves may keep those errors (orphans wait for a person), never add one.
        self.repairing = False
        self.reattach_to: tuple[str, int] | None = None  # (entry, source): the orphan gone to
        self.waiting = False  # a quick edit's save waits for another editor's (quick_save)

    def open(self) -> StoryFile:
        """The story file as last read (read now the first time). BundleError: it fails check."""
        if self.story is None:
            from tui.authoring.story_file import StoryFile

            self.story = StoryFile.open(self.path, with_errors=self.repairing)
        return self.story

    def save(
        self,
        edit: Edit,
        *,
        lock_timeout: float | None = None,
        expect: Mapping[str, Fields | None] | None = None,
    ) -> Outcome:
        """Make the edit and write it; `lock_timeout`: how long to wait for another save
        (None: the writer's own limit); `expect`: entries as the editor saw them (a
        Conflict if someone changed them since, even if the app reloaded the file)."""
        from tui.authoring.edits import Saved, renamed_ids
        from tui.authoring.writer import LOCK_TIMEOUT, save_edit

        outcome = save_edit(
            self.open(),
            edit,
            keep_errors=self.repairing,
            lock_timeout=LOCK_TIMEOUT if lock_timeout is None else lock_timeout,
            expect=expect,
        )
        if isinstance(outcome, Saved):
            for old, new in renamed_ids(outcome.edit):
                self.renamed(old, new, outcome.story)
        return outcome

    def saved(self, outcome: Saved, mark_depth: int) -> None:
        self.story = outcome.story
        self.history.record(outcome)
        self._mark_depths.append(mark_depth)
        del self._mark_depths[: -self.history.limit]

    def undo_is_an_edit(self, mark_depth: int) -> bool:
        """Is the latest undoable step an edit (not a mark made after it)?"""
        return (
            self.history.can_undo
            and bool(self._mark_depths)
            and self._mark_depths[-1] >= mark_depth
        )

    def undo(self, lock_timeout: float | None = None) -> Outcome | None:
        from tui.authoring.edits import Saved

        step = self.history.undo_step()
        if step is None:
            return None
        outcome = self.save(step.inverse, expect=step.expect, lock_timeout=lock_timeout)
        if isinstance(outcome, Saved):
            self.story = outcome.story
            self.history.undone(outcome)
            self._mark_depths.pop()
        return outcome

    def redo(self, mark_depth: int, lock_timeout: float | None = None) -> Outcome | None:
        from tui.authoring.edits import Saved

        step = self.history.redo_step()
        if step is None:
            return None
        outcome = self.save(step.inverse, expect=step.expect, lock_timeout=lock_timeout)
        if isinstance(outcome, Saved):
            self.story = outcome.story
            self.history.redone(outcome)
            self._mark_depths.append(mark_depth)
        return outcome


def owner_of(screen: StoryView) -> StoryOwner:
    """The app, as the story screen sees it."""
    return cast(StoryOwner, screen.app)


class StoryOwner(Protocol):
    """What the app offers the story screen for editing (the app is above the screens, so
    they see it through this)."""

    editing: StoryEditing
    shipped: bool

    def show_story(self, story: StoryFile, select: tuple[str, str] | None = None) -> None:
        """Show `story` as saved or reloaded; `select`: (pane, entry id) to put the cursor on."""
        ...

    def copy_shipped_story(self, then: Callable[[], object]) -> None:
        """Ask where to copy the shipped story, open the copy, then call `then`."""
        ...
