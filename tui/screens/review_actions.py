"""The review keys of the story screen: mark, note, undo, jump, filter, reload, export.

A mixin so the main screen keeps to layout and navigation; everything here goes through
the plain ReviewSession, which saves on every change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.model.entities import Actor, Entry, Event, Quote
from tui.review.filters import ReviewFilter, predicate
from tui.review.marks import Mark
from tui.review.session import ReviewSession
from tui.review.storage import ReviewSaveError, atomic_write

if TYPE_CHECKING:
    from tui.widgets.entry_list import EntryList

REVIEW_BINDINGS: list[BindingType] = [
    Binding("v", "mark('verified')", "Verified"),
    Binding("x", "mark('disputed')", "Disputed"),
    Binding("f", "mark('needs-fix')", "Needs fix"),
    Binding("backspace", "clear_mark", "Clear"),
    Binding("e", "edit_note", "Note"),
    Binding("u", "undo", "Undo"),
    Binding("right_square_bracket", "next_unreviewed", "Next unreviewed"),
    Binding("left_square_bracket", "previous_unreviewed", "Previous unreviewed"),
    Binding("r", "cycle_review_filter", "Review filter", show=False),
    Binding("ctrl+r", "reload_review", "Reload marks", show=False),
]
FILTER_CYCLE = (
    ReviewFilter.ALL,
    ReviewFilter.UNREVIEWED,
    ReviewFilter.DISPUTED,
    ReviewFilter.NEEDS_FIX,
    ReviewFilter.NOTED,
    ReviewFilter.STALE,
)


class ReviewActions(Screen[None]):
    """A screen with the review keys; the story screen builds on it."""

    review: ReviewSession
    review_filter: ReviewFilter

    # Provided by the screen that composes the lists.
    @property
    def current_entry(self) -> Entry | None:
        raise NotImplementedError

    @property
    def focused_list(self) -> EntryList[object] | None:
        raise NotImplementedError

    def apply_rows(self) -> None:
        raise NotImplementedError

    def refresh_review(self) -> None:
        raise NotImplementedError

    def review_rows(self, entries: Sequence[Entry]) -> Sequence[Entry]:
        if self.review_filter is ReviewFilter.ALL:
            return entries
        keep = predicate(self.review_filter, self.review)
        return [entry for entry in entries if keep(entry)]

    def _entry_or_hint(self) -> Entry | None:
        entry = self.current_entry
        if entry is None:
            self.notify(
                "Marks and notes go on an event, actor or quote: press 1, 2 or 3.", markup=False
            )
        return entry

    def _saving(self, change: str) -> None:
        """Report the outcome of a change the session has just tried to save."""
        error = self.review.last_error
        if error is not None:
            self.notify(
                f"{change}, but NOT saved: {error}. It is kept here and saved with "
                "the next change.",
                severity="error",
                timeout=8,
                markup=False,
            )
        self.refresh_review()

    def _change(self, change: str, apply: Callable[[], object]) -> None:
        # A failed save is recorded in review.last_error and reported by _saving.
        with contextlib.suppress(ReviewSaveError):
            apply()
        self._saving(change)

    def action_mark(self, mark: str) -> None:
        entry = self._entry_or_hint()
        if entry is not None:
            self._change(f"Marked {mark}", lambda: self.review.set_mark(entry, Mark(mark)))

    def action_clear_mark(self) -> None:
        entry = self._entry_or_hint()
        if entry is not None:
            self._change("Mark cleared", lambda: self.review.set_mark(entry, None))

    def action_undo(self) -> None:
        if not self.review.can_undo:
            self.notify("Nothing to undo.", markup=False)
            return
        self._change("Undone", self.review.undo)

    def action_edit_note(self) -> None:
        entry = self._entry_or_hint()
        if entry is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self._change(
                    "Note saved", lambda: self.review.set_note(entry, text.strip() or None)
                )

        from tui.screens.note_screen import NoteScreen  # TextArea is costly: load on use

        self.app.push_screen(NoteScreen(entry.label, self.review.note_of(entry.id)), save)

    def _jump_unreviewed(self, backwards: bool) -> None:
        entry_list = self.focused_list
        if entry_list is None:
            self.notify("Press 1, 2 or 3 first: ] and [ move within a list.", markup=False)
            return
        ids = [row.id for row in entry_list.rows if isinstance(row, Actor | Event | Quote)]
        current = self.current_entry
        step = self.review.prev_unreviewed if backwards else self.review.next_unreviewed
        target = step(ids, current.id if current else None)
        if target is None:
            self.notify("Everything in this list is reviewed.", markup=False)
            return
        entry_list.cursor = ids.index(target)

    def action_next_unreviewed(self) -> None:
        self._jump_unreviewed(backwards=False)

    def action_previous_unreviewed(self) -> None:
        self._jump_unreviewed(backwards=True)

    def set_review_filter(self, kind: ReviewFilter) -> None:
        self.review_filter = kind
        self.apply_rows()
        self.notify(
            f"Showing {kind.value} entries."
            if kind is not ReviewFilter.ALL
            else "Showing all entries.",
            markup=False,
            timeout=2,
        )

    def action_cycle_review_filter(self) -> None:
        position = FILTER_CYCLE.index(self.review_filter)
        self.set_review_filter(FILTER_CYCLE[(position + 1) % len(FILTER_CYCLE)])

    def action_reload_review(self) -> None:
        for warning in self.review.reload():
            self.notify(warning, severity="warning", timeout=8, markup=False)
        self.apply_rows()
        self.refresh_review()
        self.notify("Review marks reloaded.", markup=False, timeout=2)

    def export_report(self, fmt: str) -> Path | None:
        """Write the review report beside the review file; returns its path."""
        from tui.review.report import render_report

        bundle = self.app.bundle  # type: ignore[attr-defined]
        suffix = ".md" if fmt == "markdown" else ".json"
        path = self.review.path.with_name(self.review.path.stem + ".report" + suffix)
        try:
            atomic_write(path, render_report(bundle, self.review, fmt).encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not write the report: {error}", severity="error", markup=False)
            return None
        self.notify(f"Review report written to {path}", markup=False, timeout=6)
        return path
