"""This session's changes, newest last, for `u`: an undo is itself a new change."""

from __future__ import annotations

from typing import NamedTuple

from tui.model.entities import Entry
from tui.review.changes import Change

MAX_STEPS = 1000


class UndoStep(NamedTuple):
    entry: Entry
    done: Change  # the change to undo
    before: Change | None  # the same reviewer's previous change of that verdict or note


class UndoStack:
    def __init__(self) -> None:
        self._steps: list[UndoStep] = []

    def push(self, entry: Entry, done: Change, before: Change | None) -> None:
        self._steps.append(UndoStep(entry, done, before))
        del self._steps[:-MAX_STEPS]

    def pop(self) -> UndoStep | None:
        return self._steps.pop() if self._steps else None

    def __bool__(self) -> bool:
        return bool(self._steps)

    def __len__(self) -> int:
        return len(self._steps)
