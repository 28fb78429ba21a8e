"""What to show about one entry's review: its status, every verdict, the note thread.

`EntryReview` is the one answer the screens, the reports and the exports take, so they
agree on what "disputed", "verified" and "2 reviewers disagree" mean:

- disputed if anyone's current verdict is disputed, else needs-fix if anyone's is;
- verified only when every current verdict is verified;
- a disagreement (its own visible state) when current verdicts differ;
- stale when a current verdict (or, with no verdict, a note) was given to an earlier
  version of the entry.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.review.changes import Change
from tui.review.marks import Mark, Status
from tui.review.state import EntryState, Note, Verdict


class EntryReview(NamedTuple):
    entry_id: str
    status: Status
    verdicts: tuple[Verdict, ...]  # every reviewer's current verdict, oldest first
    mine: Verdict | None  # what this session's reviewer said
    notes: tuple[Note, ...]  # the thread, oldest first
    stale: bool
    stale_reviewers: tuple[str, ...]  # whose verdict was given to an earlier version
    history: tuple[Change, ...]  # every change, oldest first

    @property
    def disagreed(self) -> bool:
        return len({verdict.mark for verdict in self.verdicts}) > 1

    @property
    def reviewers(self) -> int:
        return len(self.verdicts)

    def headline(self) -> str:
        """e.g. "disputed · 2 reviewers disagree · stale"."""
        parts = [self.status.value]
        if self.disagreed:
            parts.append(f"{self.reviewers} reviewers disagree")
        if self.stale:
            parts.append("stale")
        return " · ".join(parts)



def derive_status(marks: set[Mark]) -> Status:
    if not marks:
        return Status.UNREVIEWED
    if Mark.DISPUTED in marks:
        return Status.DISPUTED
    if Mark.NEEDS_FIX in marks:
        return Status.NEEDS_FIX
    return Status.VERIFIED


def build_entry_review(
    entry_id: str,
    state: EntryState | None,
    reviewer: str,
    fingerprint: str | None,
    *,
    with_history: bool = True,
) -> EntryReview:
    """The review of one entry. `fingerprint` is the entry's current one (None for an
    entry no longer in the story: nothing is stale then)."""
    if state is None:
        return EntryReview(entry_id, Status.UNREVIEWED, (), None, (), False, (), ())
    verdicts = tuple(state.verdicts())
    notes = tuple(state.notes())
    mine = next((v for v in verdicts if v.reviewer == reviewer), None)
    stale_reviewers: tuple[str, ...] = ()
    stale = False
    if fingerprint is not None:
        stale_reviewers = tuple(v.reviewer for v in verdicts if v.fingerprint != fingerprint)
        stale = bool(stale_reviewers) or (
            not verdicts and any(note.fingerprint != fingerprint for note in notes)
        )
    history = tuple(state.sorted_history()) if with_history else ()
    status = derive_status({v.mark for v in verdicts})
    return EntryReview(entry_id, status, verdicts, mine, notes, stale, stale_reviewers, history)
