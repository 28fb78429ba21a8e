"""ReviewView: what a review says, for one reviewer (the reading half of ReviewSession).

Everything here reads the folded state; nothing writes. Exports and reports take a
read-only ReviewSession, which is one of these.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.model.entities import Bundle, Entry
from tui.review.entry_review import EntryReview, build_entry_review
from tui.review.jumps import next_matching
from tui.review.marks import Mark, Status
from tui.review.progress import Progress, Tally, bundle_entries
from tui.review.state import EntryState, Note, ReviewState, Verdict


class ReviewView:
    """The reading half of a review session: `state` folded from the store's changes."""

    reviewer: str
    state: ReviewState
    loaded: bool
    _tally: Tally | None
    _fingerprints: dict[str, tuple[Entry, str]]

    # -- reading -----------------------------------------------------------------------

    def get(self, entry_id: str) -> EntryState | None:
        """Everything kept about the entry, or None when there is nothing current."""
        state = self.state.get(entry_id)
        return None if state is None or state.is_empty else state

    def entry_review(self, entry: Entry, *, with_history: bool = True) -> EntryReview:
        """The entry's status, every verdict, the note thread and (`with_history`) every
        change: what the screens, reports and exports show."""
        state = self.state.get(entry.id)
        fingerprint = self.fingerprint(entry) if state is not None else None
        return build_entry_review(
            entry.id, state, self.reviewer, fingerprint, with_history=with_history
        )

    def review_of_id(self, entry_id: str) -> EntryReview:
        """As `entry_review`, for an id that may no longer be in the story (never stale)."""
        return build_entry_review(entry_id, self.state.get(entry_id), self.reviewer, None)

    def verdict_of(self, entry_id: str, reviewer: str | None = None) -> Verdict | None:
        state = self.state.get(entry_id)
        return state.verdict_of(reviewer or self.reviewer) if state else None

    def mark_of(self, entry_id: str) -> Mark | None:
        """What *this* reviewer currently says of the entry (see `status_of` for all)."""
        verdict = self.verdict_of(entry_id)
        return verdict.mark if verdict else None

    def status_of(self, entry: Entry) -> Status:
        return self.entry_review(entry, with_history=False).status

    def note_of(self, entry_id: str) -> str | None:
        """The text of this reviewer's latest current note on the entry."""
        note = self._my_latest_note(entry_id)
        return note.text if note else None

    def is_reviewed(self, entry_id: str) -> bool:
        """Someone has a current verdict on it."""
        state = self.state.get(entry_id)
        return bool(state and state.verdicts())

    def is_stale(self, entry: Entry) -> bool:
        """A current verdict (or, with none, a note) was given to an earlier version."""
        return self.entry_review(entry, with_history=False).stale

    def fingerprint(self, entry: Entry) -> str:
        cached = self._fingerprints.get(entry.id)
        if cached is not None and cached[0] is entry:
            return cached[1]
        value = entry.fingerprint()
        self._fingerprints[entry.id] = (entry, value)
        return value

    def progress(self, bundle: Bundle) -> Progress:
        if not self.loaded:
            total = len(bundle.events) + len(bundle.actors) + len(bundle.quotes)
            return Progress(0, total, 0, 0, 0, 0, 0, 0, loading=True)
        return self._tally_for(bundle).progress()

    def orphaned_ids(self, bundle: Bundle) -> list[str]:
        """Ids with a current verdict or note that are no longer in the bundle."""
        return self._tally_for(bundle).orphaned_ids()

    def stale_ids(self, bundle: Bundle) -> list[str]:
        return [e.id for e in bundle_entries(bundle) if e.id in self.state.entries
                and self.is_stale(e)]

    def next_unreviewed(self, ids: Sequence[str], current: str | None) -> str | None:
        """The next id after `current` without *your* verdict, wrapping."""
        return next_matching(ids, current, lambda i: self.mark_of(i) is None)

    def prev_unreviewed(self, ids: Sequence[str], current: str | None) -> str | None:
        return next_matching(ids, current, lambda i: self.mark_of(i) is None, backwards=True)

    def _tally_for(self, bundle: Bundle) -> Tally:
        if self._tally is None or self._tally.bundle is not bundle:
            self._tally = Tally(bundle, self.state, self.fingerprint)
        return self._tally

    def _my_latest_note(self, entry_id: str) -> Note | None:
        state = self.state.get(entry_id)
        if state is None:
            return None
        mine = [note for note in state.notes() if note.author == self.reviewer]
        return max(mine, key=lambda note: note.at) if mine else None
