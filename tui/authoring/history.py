"""Undo and redo of story edits: two stacks of edits, no files touched.

The app drives it (`u`, `ctrl+y`) and saves through `save_edit`:

    history.record(saved)                    # after a Saved edit
    edit = history.undo_edit()               # the edit that undoes the latest one, or None
    outcome = save_edit(story, edit)
    if isinstance(outcome, Saved):
        history.undone(outcome)              # moves it to the redo stack
    edit = history.redo_edit()  ...  history.redone(outcome)

An undo or redo that is refused or conflicts leaves both stacks as they were, so the user can
try again once the conflict is settled. A new edit clears the redo stack.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.authoring.edits import Batch, Create, Delete, Edit, Saved, Update


class Step(NamedTuple):
    """One edit as saved and the edit that reverses it; `label` says what it did."""

    edit: Edit
    inverse: Edit
    label: str


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
        self._undo.append(Step(saved.edit, saved.inverse, describe(saved.edit)))
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo_edit(self) -> Edit | None:
        return self._undo[-1].inverse if self._undo else None

    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def undone(self, saved: Saved) -> None:
        """The undo edit was saved: the step can now be redone (by `saved.inverse`)."""
        step = self._undo.pop()
        self._redo.append(Step(saved.edit, saved.inverse, step.label))

    def redo_edit(self) -> Edit | None:
        return self._redo[-1].inverse if self._redo else None

    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def redone(self, saved: Saved) -> None:
        step = self._redo.pop()
        self._undo.append(Step(saved.edit, saved.inverse, step.label))

    def clear(self) -> None:
        """Forget everything (another story was opened)."""
        self._undo.clear()
        self._redo.clear()


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
