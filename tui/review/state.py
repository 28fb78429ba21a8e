"""The review as it stands: every change folded, in any order, into each entry's state.

For each entry: every reviewer's current verdict (their latest mark or clear), the thread
of current notes (each note's latest text, by its author only), and the whole history.
"Latest" is by the change's time, then by the order changes arrived in, so the same set
of changes gives the same state whichever order files (or a git merge) list them in.
Folding one change costs the same however long the history is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tui.model.entities import EntryType
from tui.review.changes import Change, Op
from tui.review.marks import Mark
from tui.review.renames import Renames

MAX_UNKNOWN_ENTRIES = 10_000  # entries not in the story whose changes are kept in memory


class Verdict(NamedTuple):
    reviewer: str
    mark: Mark
    at: str
    fingerprint: str | None
    change_id: str


class Note(NamedTuple):
    note_id: str
    author: str
    text: str
    created: str  # when it was first written
    at: str  # when its current text was written
    fingerprint: str | None
    edits: int  # how many times it was rewritten after the first text


# The latest change in one slot (a reviewer's verdict, one note): (at, arrival, change).
# Plain tuples: they compare in that order, and tens of thousands are made at start-up.
_Latest = tuple[str, int, Change]

# Bits of a tally code (see `EntryState.tally_code`).
VERIFIED_BIT, DISPUTED_BIT, NEEDS_FIX_BIT, NOTED_BIT, STALE_BIT = 1, 2, 4, 8, 16
_MARK_BITS = {Mark.VERIFIED: VERIFIED_BIT, Mark.DISPUTED: DISPUTED_BIT,
              Mark.NEEDS_FIX: NEEDS_FIX_BIT}


class EntryState:
    """Everything known about one entry's review."""

    __slots__ = ("_notes", "_verdicts", "entry_id", "entry_type", "history", "note_authors")

    def __init__(self, entry_id: str, entry_type: EntryType) -> None:
        self.entry_id = entry_id
        self.entry_type = entry_type
        self.history: list[Change] = []  # in arrival order; see `sorted_history`
        self._verdicts: dict[str, _Latest] = {}  # reviewer -> latest mark or clear
        self._notes: dict[str, _Latest] = {}  # note id -> latest text
        self.note_authors: dict[str, tuple[str, str, int]] = {}  # id -> author, created, n

    def verdicts(self) -> list[Verdict]:
        """Current verdicts, oldest first (then by reviewer, whatever the order read)."""
        found = [
            Verdict(change.reviewer, change.mark, change.at, change.fingerprint,
                    change.change_id)
            for _at, _seq, change in self._verdicts.values()
            if change.op is Op.MARK and change.mark is not None
        ]
        found.sort(key=lambda verdict: (verdict.at, verdict.reviewer))
        return found

    def verdict_of(self, reviewer: str) -> Verdict | None:
        latest = self._verdicts.get(reviewer)
        change = latest[2] if latest else None
        if change is None or change.op is not Op.MARK or change.mark is None:
            return None
        return Verdict(change.reviewer, change.mark, change.at, change.fingerprint,
                       change.change_id)

    def tally_code(self, fingerprint: str | None) -> int:
        """The entry's state as the bits progress counts: the current marks, any current
        note, stale. Cheap, as it runs for every reviewed entry at start-up."""
        code = 0
        stale = False
        for _at, _seq, change in self._verdicts.values():
            if change.mark is not None and change.op is Op.MARK:
                code |= _MARK_BITS[change.mark]
                stale = stale or change.fingerprint != fingerprint
        for _at, _seq, change in self._notes.values():
            if change.text is not None:
                code |= NOTED_BIT
                stale = stale or (not code & 7 and change.fingerprint != fingerprint)
        if stale and fingerprint is not None:
            code |= STALE_BIT
        return code

    def last_verdict_change(self, reviewer: str) -> Change | None:
        latest = self._verdicts.get(reviewer)
        return latest[2] if latest else None

    def notes(self) -> list[Note]:
        """Current notes (withdrawn ones left out), in the order they were first written."""
        found = []
        for note_id, (_at, _seq, change) in self._notes.items():
            if change.text is None:
                continue
            author, created, count = self.note_authors[note_id]
            found.append(
                Note(note_id, author, change.text, created, change.at, change.fingerprint,
                     count - 1)
            )
        found.sort(key=lambda note: (note.created, note.note_id))
        return found

    def last_note_change(self, note_id: str) -> Change | None:
        latest = self._notes.get(note_id)
        return latest[2] if latest else None

    def sorted_history(self) -> list[Change]:
        return sorted(self.history, key=lambda change: change.at)

    @property
    def is_empty(self) -> bool:
        """No current verdict and no current note (there may be history)."""
        return not any(
            latest[2].op is Op.MARK for latest in self._verdicts.values()
        ) and all(latest[2].text is None for latest in self._notes.values())

    def apply(self, change: Change, seq: int) -> str | None:
        """Fold `change` in; returns why it was refused, or None."""
        if change.op is Op.NOTE:
            note_id = change.note_id or ""
            known = self.note_authors.get(note_id)
            if known is None:
                self.note_authors[note_id] = (change.reviewer, change.at, 1)
            elif known[0] != change.reviewer:
                return f"{change.reviewer!r} tried to rewrite a note by {known[0]!r}"
            else:
                self.note_authors[note_id] = (known[0], min(known[1], change.at), known[2] + 1)
            slots, key = self._notes, note_id
        elif change.op is Op.RENAME:  # in the history, and no one's verdict
            self.history.append(change)
            return None
        else:
            slots, key = self._verdicts, change.reviewer
        candidate = (change.at, seq, change)
        current = slots.get(key)
        if current is None or candidate[:2] > current[:2]:
            slots[key] = candidate
        self.history.append(change)
        return None


class ReviewState:
    """All entries' states, folded from changes; each change id counts once. `entries` is
    keyed by the id each review lives under now (`renames`): a change recorded under an id
    since renamed is folded into the review of the new one."""

    def __init__(self, known: Callable[[str], bool] | None = None) -> None:
        self.entries: dict[str, EntryState] = {}
        self.seen: set[str] = set()
        self.known = known  # entry ids of the story; others are capped
        self.unknown_entries = 0
        self.skipped_unknown = 0  # changes not kept: too many entries not in the story
        self.renames = Renames()
        self._seq = 0

    def apply(self, change: Change) -> str | None:
        """Fold in one change. Returns why it was refused (a problem to report), or None;
        a change already folded in is ignored silently."""
        if change.change_id in self.seen:
            return None
        target = self.resolve(change.entry_id)
        state = self.entries.get(target)
        if state is None and self.known is not None and not self.known(change.entry_id):
            if self.unknown_entries >= MAX_UNKNOWN_ENTRIES:
                self.skipped_unknown += 1
                return None
            self.unknown_entries += 1
        if change.op is Op.RENAME:
            if not change.to or change.to == change.entry_id:
                return "a rename must name another id"
            self.seen.add(change.change_id)
            self._rename(change)
            return None
        if state is None:
            state = self.entries[target] = EntryState(target, change.entry_type)
        self._seq += 1
        problem = state.apply(change, self._seq)
        if problem is None:
            self.seen.add(change.change_id)
        elif not state.history:
            del self.entries[target]
        return problem

    def resolve(self, entry_id: str) -> str:
        """The id the review recorded under `entry_id` lives under now."""
        return self.renames.resolve(entry_id) if self.renames else entry_id

    def _rename(self, change: Change) -> None:
        """Add the rename, and fold again the reviews whose id it changes: each change of
        theirs goes to the review its recorded id now resolves to (each history is in
        arrival order; merged, they are in time order, the earlier history first)."""
        assert change.to is not None
        reaching = self.renames.reaching(change.entry_id)
        before = {self.renames.resolve(old) for old in reaching}
        self._seq += 1
        self.renames.add(change.entry_id, change.to, change.at, self._seq)
        after = {self.renames.resolve(old) for old in reaching}
        moved = [c for t in sorted(before | after) if t in self.entries
                 for c in self.entries.pop(t).history]
        moved.append(change)  # the rename itself: in the history of the review it moved
        regrouped: dict[str, list[Change]] = {}
        for each in sorted(moved, key=lambda c: c.at):
            regrouped.setdefault(self.renames.resolve(each.entry_id), []).append(each)
        for target, changes in regrouped.items():
            state = self.entries[target] = EntryState(target, changes[0].entry_type)
            for each in changes:
                self._seq += 1
                state.apply(each, self._seq)

    def get(self, entry_id: str) -> EntryState | None:
        return self.entries.get(entry_id)
