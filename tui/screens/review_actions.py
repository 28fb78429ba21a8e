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

from tui.model.entities import Actor, Entry, Event, Quote
from tui.review.filters import ReviewFilter, predicate
from tui.review.marks import Mark
from tui.review.storage import ReviewSaveError, atomic_write

if TYPE_CHECKING:
    from tui.screens.story_view import StoryView

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


class ReviewActions:
    """The review keys; the story screen is built from this and the other action mixins."""

    def review_rows(self: StoryView, entries: Sequence[Entry]) -> Sequence[Entry]:
        if self.review_filter is ReviewFilter.ALL:
            return entries
        keep = predicate(self.review_filter, self.review)
        return [entry for entry in entries if keep(entry)]

    def action_mark(self: StoryView, mark: str) -> None:
        entry = _entry_or_hint(self)
        if entry is not None:
            _change(self, f"Marked {mark}", lambda: self.review.set_mark(entry, Mark(mark)))

    def action_clear_mark(self: StoryView) -> None:
        entry = _entry_or_hint(self)
        if entry is not None:
            _change(self, "Mark cleared", lambda: self.review.set_mark(entry, None))

    def action_undo(self: StoryView) -> None:
        if not self.review.can_undo:
            self.notify("Nothing to undo.", markup=False)
            return
        _change(self, "Undone", self.review.undo)

    def action_edit_note(self: StoryView) -> None:
        entry = _entry_or_hint(self)
        if entry is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                note = text.strip() or None
                _change(self, "Note saved", lambda: self.review.set_note(entry, note))

        from tui.screens.note_screen import NoteScreen  # TextArea is costly: load on use

        self.app.push_screen(NoteScreen(entry.label, self.review.note_of(entry.id)), save)

    def action_next_unreviewed(self: StoryView) -> None:
        _jump_unreviewed(self, backwards=False)

    def action_previous_unreviewed(self: StoryView) -> None:
        _jump_unreviewed(self, backwards=True)

    def set_review_filter(self: StoryView, kind: ReviewFilter) -> None:
        self.review_filter = kind
        self.apply_rows()
        self.notify(
            f"Showing {kind.value} entries."
            if kind is not ReviewFilter.ALL
            else "Showing all entries.",
            markup=False,
            timeout=2,
        )

    def action_cycle_review_filter(self: StoryView) -> None:
        position = FILTER_CYCLE.index(self.review_filter)
        self.set_review_filter(FILTER_CYCLE[(position + 1) % len(FILTER_CYCLE)])

    def action_reload_review(self: StoryView) -> None:
        for warning in self.review.reload():
            self.notify(warning, severity="warning", timeout=8, markup=False)
        self.apply_rows()
        self.refresh_review()
        self.notify("Review marks reloaded.", markup=False, timeout=2)

    def export_report(self: StoryView, fmt: str) -> Path | None:
        """Write the review report beside the review file; returns its path."""
        from tui.review.report import render_report

        suffix = ".md" if fmt == "markdown" else ".json"
        path = self.review.path.with_name(self.review.path.stem + ".report" + suffix)
        try:
            atomic_write(path, render_report(self.index.bundle, self.review, fmt).encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not write the report: {error}", severity="error", markup=False)
            return None
        self.notify(f"Review report written to {path}", markup=False, timeout=6)
        return path


def _entry_or_hint(screen: StoryView) -> Entry | None:
    entry = screen.current_entry
    if entry is None:
        screen.notify(
            "Marks and notes go on an event, actor or quote: press 1, 2 or 3.", markup=False
        )
    return entry


def _change(screen: StoryView, change: str, apply: Callable[[], object]) -> None:
    """Apply a review change, then report the outcome of the save it tried."""
    # A failed save is recorded in review.last_error.
    with contextlib.suppress(ReviewSaveError):
        apply()
    error = screen.review.last_error
    if error is not None:
        screen.notify(
            f"{change}, but NOT saved: {error}. It is kept here and saved with "
            "the next change.",
            severity="error",
            timeout=8,
            markup=False,
        )
    screen.refresh_review()


def _jump_unreviewed(screen: StoryView, backwards: bool) -> None:
    entry_list = screen.focused_list
    if entry_list is None:
        screen.notify("Press 1, 2 or 3 first: ] and [ move within a list.", markup=False)
        return
    ids = [row.id for row in entry_list.rows if isinstance(row, Actor | Event | Quote)]
    current = screen.current_entry
    step = screen.review.prev_unreviewed if backwards else screen.review.next_unreviewed
    target = step(ids, current.id if current else None)
    if target is None:
        screen.notify("Everything in this list is reviewed.", markup=False)
        return
    entry_list.cursor = ids.index(target)
