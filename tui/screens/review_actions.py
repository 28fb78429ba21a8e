"""The review keys of the story screen: mark, note, undo, history, jump, filter, reload, export.

A mixin so the main screen keeps to layout and navigation; everything here goes through
the plain ReviewSession, which saves on every change. Other editors' changes that arrive
with a save, a reload or the file watch (tui.screens.review_watch) are told in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from tui.fileio import atomic_write, shown_path
from tui.model.entities import Actor, Entry, Event, Quote
from tui.review.changes import Change
from tui.review.describe import describe_arrivals
from tui.review.errors import ReviewLocked, ReviewSaveError
from tui.review.filters import ReviewFilter, predicate
from tui.review.marks import Mark

if TYPE_CHECKING:
    from tui.screens.note_screen import NoteEdit
    from tui.screens.story_view import StoryView

REVIEW_BINDINGS: list[BindingType] = [
    Binding("v", "mark('verified')", "Verified"),
    Binding("x", "mark('disputed')", "Disputed"),
    Binding("f", "mark('needs-fix')", "Needs fix"),
    Binding("backspace", "clear_mark", "Clear"),
    Binding("e", "edit_note", "Notes"),
    Binding("u", "undo", "Undo"),
    Binding("h", "history", "History", show=False),
    Binding("right_square_bracket", "next_unreviewed", "Next to review"),
    Binding("left_square_bracket", "previous_unreviewed", "Previous to review"),
    Binding("r", "cycle_review_filter", "Review filter", show=False),
    Binding("ctrl+r", "reload_review", "Reload review", show=False),
]
FILTER_CYCLE = tuple(ReviewFilter)


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
            _change(self, f"Marked {mark}", lambda: self.review.set_mark(entry, Mark(mark)),
                    entry)

    def action_clear_mark(self: StoryView) -> None:
        entry = _entry_or_hint(self)
        if entry is not None:
            _change(self, "Verdict cleared", lambda: self.review.set_mark(entry, None), entry)

    def action_undo(self: StoryView) -> None:
        if not self.review.can_undo:
            self.notify("Nothing to undo.", markup=False)
            return
        _change(self, "Undone", self.review.undo)

    def action_edit_note(self: StoryView) -> None:
        entry = _entry_or_hint(self)
        if entry is None:
            return
        from tui.screens.note_screen import NoteScreen  # TextArea is costly: load on use

        review = self.review.entry_review(entry, with_history=False)
        mine = [note for note in review.notes if note.author == self.review.reviewer]
        latest = max(mine, key=lambda note: note.at) if mine else None

        def save(edit: NoteEdit | None) -> None:
            if edit is None:
                return
            if edit.note_id is None:
                _change(self, "Note saved", lambda: self.review.add_note(entry, edit.text))
            else:
                note_id = edit.note_id
                _change(self, "Note saved",
                        lambda: self.review.edit_note(entry, note_id, edit.text or None))

        screen = NoteScreen(entry.label, review.notes, latest, self.review.reviewer)
        self.app.push_screen(screen, save)

    def action_history(self: StoryView) -> None:
        entry = _entry_or_hint(self)
        if entry is None:
            return
        from tui.screens.history_screen import HistoryScreen

        review = self.review.entry_review(entry)
        self.app.push_screen(HistoryScreen(
            entry.label, review.history, self.review.fingerprint(entry), self.review.reviewer
        ))

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
        review_changed_on_disk(self, quiet=False)

    def export_report(self: StoryView, fmt: str) -> Path | None:
        """Write the review report beside the review file; returns its path."""
        from tui.review.report import render_report

        suffix = ".md" if fmt == "markdown" else ".json"
        name = self.review.path.name.removesuffix(".jsonl").removesuffix(".json")
        path = self.review.path.with_name(name + ".report" + suffix)
        try:
            atomic_write(path, render_report(self.index.bundle, self.review, fmt).encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not write the report: {error.strerror or error}",
                        severity="error", markup=False)
            return None
        self.notify(f"Review report written to {shown_path(path)}", markup=False, timeout=6)
        return path


def review_changed_on_disk(screen: StoryView, *, quiet: bool = True) -> None:
    """Read what other editors saved and say what changed, in one line. `quiet` (the file
    watch) says nothing when nothing changed; a reload (ctrl+r) says so."""
    warnings = screen.review.refresh()
    for warning in warnings:
        screen.notify(warning, severity="warning", timeout=8, markup=False)
    arrived = announce_arrivals(screen)
    if not arrived and not quiet:
        screen.notify("Review reloaded: nothing new from other editors.", markup=False,
                      timeout=2)
    if arrived or warnings or not quiet:  # nothing new: nothing to repaint (slow links)
        screen.refresh_review()


def announce_arrivals(screen: StoryView) -> bool:
    """Tell, in one line, what other editors' changes say; False when there were none."""
    arrived = screen.review.take_arrivals()
    if not arrived:
        return False
    entries = screen.index.entries
    state = screen.review.state

    def label_of(entry_id: str) -> str:
        entry = entries.get(entry_id)
        return entry.label if entry is not None else entry_id

    def first_note(change: Change) -> bool:
        entry_state = state.get(change.entry_id)
        known = entry_state.note_authors.get(change.note_id or "") if entry_state else None
        return known is None or known[1] == change.at

    line = describe_arrivals(arrived, label_of, screen.review.verdict_of, first_note)
    if line is not None:
        screen.notify(line, title="From other editors", timeout=8, markup=False)
    if screen.review_filter is not ReviewFilter.ALL:
        screen.apply_rows()
    return True


def _entry_or_hint(screen: StoryView) -> Entry | None:
    entry = screen.current_entry
    if entry is None:
        screen.notify(
            "Marks and notes go on an event, actor or quote: press 1, 2 or 3.", markup=False
        )
    return entry


def _change(
    screen: StoryView, change: str, apply: Callable[[], object], entry: Entry | None = None
) -> None:
    """Apply a review change, then report the outcome of the save it tried. `entry`: the
    one entry it changed, whose row alone is repainted (unless others' changes arrived)."""
    try:
        apply()
    except ReviewSaveError:
        pass  # recorded in review.last_error, shown below
    except ValueError as refused:  # a note too long, someone else's note
        screen.notify(f"{change.split()[0]} refused: {refused}.", severity="error", markup=False)
        return
    error = screen.review.last_error
    if isinstance(error, ReviewLocked):
        screen.notify(f"{change}; {error}.", severity="warning", timeout=6, markup=False)
    elif error is not None:
        screen.notify(
            f"{change}, but NOT saved: {error}. It is kept here and saved with the next "
            "change.",
            severity="error",
            timeout=8,
            markup=False,
        )
    arrived = announce_arrivals(screen)
    screen.refresh_review(None if arrived else entry)


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
        screen.notify("Everything in this list has your verdict.", markup=False)
        return
    entry_list.cursor = ids.index(target)
