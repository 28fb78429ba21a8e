"""Undo and redo of story edits: two stacks of edits, no files touched.

The app drives it (`u`, `ctrl+y`) and saves through `save_edit`:

    history.record(saved)                    # after a Saved edit
    edit = history.undo_edit()               # the edit that undoes the latest one, or None
    outcome = save_edit(story, edit)
    if isinstance(outcome, Saved):
        history.undone(outcome)              # moves it to the redo stack
    edit = history.redo_edit()  ...  history.redone(outcome)

Each step also keeps the entries it undoes as its edit left them (`expect`, for save_edit):
an undo after someone else changed one of them is a Conflict, never a silent revert of their
work. An undo or redo that is refused or conflicts leaves both stacks as they were, so the
user can try again once the conflict is settled. A new edit clears the redo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tui.authoring.edits import Batch, Create, Delete, Edit, Fields, Saved, Update

if TYPE_CHECKING:
    from tui.authoring.story_file import StoryFile


class Step(NamedTuple):
    """One edit as saved and the edit that reverses it; `label` says what it did."""

    edit: Edit
    inverse: Edit
    label: str
    expect: dict[str, Fields | None]  # the entries `inverse` acts on, as `edit` left them


class EditHistory:
    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, saved: Saved) -> None:
        """A new edit was saved: it can be undone; what was undone before cannot be redone."""
        self._undo.append(_step(saved, describe(saved.edit)))
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo_step(self) -> Step | None:
        return self._undo[-1] if self._undo else None

    def redo_step(self) -> Step | None:
        return self._redo[-1] if self._redo else None

    def undo_edit(self) -> Edit | None:
        step = self.undo_step()
        return None if step is None else step.inverse

    def undo_label(self) -> str | None:
        step = self.undo_step()
        return None if step is None else step.label

    def undone(self, saved: Saved) -> None:
        """The undo edit was saved: the step can now be redone (by `saved.inverse`)."""
        step = self._undo.pop()
        self._redo.append(_step(saved, step.label))

    def redo_edit(self) -> Edit | None:
        step = self.redo_step()
        return None if step is None else step.inverse

    def redo_label(self) -> str | None:
        step = self.redo_step()
        return None if step is None else step.label

    def redone(self, saved: Saved) -> None:
        step = self._redo.pop()
        self._undo.append(_step(saved, step.label))

    def clear(self) -> None:
        """Forget everything (another story was opened)."""
        self._undo.clear()
        self._redo.clear()


def _step(saved: Saved, label: str) -> Step:
    return Step(saved.edit, saved.inverse, label, expected(saved.inverse, saved.story))


def expected(edit: Edit, story: StoryFile) -> dict[str, Fields | None]:
    """The entries `edit` acts on, as they are in `story` (None: not there)."""
    return {entry_id: story.fields(entry_id) for entry_id in _acted_on(edit)}


def _acted_on(edit: Edit) -> list[str]:
    if isinstance(edit, Batch):
        return [entry_id for each in edit.edits for entry_id in _acted_on(each)]
    if isinstance(edit, Create):
        return [str(edit.fields.get("id"))]
    return [edit.entry_id]


def describe(edit: Edit) -> str:
    """A short line for a message: "edit offensive-begins", "add event x", "delete isis"."""
    if isinstance(edit, Create):
        return f"add {edit.section.rstrip('s')} {edit.fields.get('id', '')}".rstrip()
    if isinstance(edit, Update):
        return f"edit {edit.entry_id}"
    if isinstance(edit, Delete):
        return f"delete {edit.entry_id}"
    if isinstance(edit, Batch):
        return f"{len(edit.edits)} edits"
    return "edit"
