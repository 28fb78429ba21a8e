"""ReviewSession: one reviewer's view of a story's review, saved with every change.

Each change (a mark, a clear, a note written or withdrawn, an undo) is folded into memory
first, then appended to the store; a save that fails (the disk is full, another process
holds the lock) keeps the change in memory, raises ReviewSaveError (also kept in
`last_error`) and is tried again with the next change or `save()`. Other editors' changes
arrive with every save and `refresh()`; `take_arrivals()` hands them to whoever tells
the user.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from tui.model.entities import Bundle, Entry
from tui.review.changes import Change, Op, new_id
from tui.review.errors import ReviewFormatError, ReviewSaveError
from tui.review.jumps import next_matching
from tui.review.marks import MAX_NOTE_CHARS, Mark, clean_note, next_time
from tui.review.paths import review_paths
from tui.review.progress import Progress, Tally, bundle_entries
from tui.review.reviewer import checked_reviewer, default_reviewer
from tui.review.state import ReviewState
from tui.review.storage import LOCK_TIMEOUT, ReviewStore, StoreRead
from tui.review.undo import UndoStack
from tui.review.view import ReviewView

__all__ = ["Progress", "ReviewSession", "bundle_entries", "default_reviewer", "next_matching"]


class ReviewSession(ReviewView):
    """The review state of one story as this reviewer sees and changes it."""

    def __init__(
        self,
        store: ReviewStore,
        *,
        reviewer: str | None = None,
        known_ids: Collection[str] | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        load: bool = True,
    ) -> None:
        """`load=False` leaves reading the files to `load()` (the app draws its first frame
        first); anything that changes the review loads it first."""
        self.store = store
        self.read_only = store.read_only
        self.reviewer = checked_reviewer(reviewer) if not store.read_only else (
            reviewer or default_reviewer()
        )
        self.lock_timeout = lock_timeout
        self.last_error: ReviewSaveError | None = None
        self.warnings: list[str] = []  # what the user should be told (kept for the session)
        self.errors: list[ReviewFormatError] = []  # unusable files a read-only store left
        self.state = ReviewState(known_ids.__contains__ if known_ids is not None else None)
        self.undo_stack = UndoStack()
        self._pending: list[Change] = []
        self._mine: set[str] = set()  # ids of changes this session made
        self._arrived: list[Change] = []
        self._tally: Tally | None = None
        self._fingerprints: dict[str, tuple[Entry, str]] = {}
        self.busy = False  # inside a change or a save: a signal handler must not save now
        self.loaded = False
        if load:
            self.load()

    def load(self) -> None:
        """Read every file of the review and fold it in (once; later reads are `refresh`).
        Carries first-format files and private changes over where they belong."""
        if self.loaded:
            return
        self.loaded = True
        self._absorb(self.store.read_new(), initial=True)
        elsewhere = self.store.elsewhere_note()
        if elsewhere is not None:
            self.warnings.append(elsewhere)
        if not self.read_only and self.store.has_carry:
            self._try_save(min(self.lock_timeout, 0.2))

    @classmethod
    def open(
        cls, path: Path, story_id: str, *, reviewer: str | None = None, read_only: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> ReviewSession:
        """The review kept in the log at `path` (and a first-format file beside it)."""
        store = ReviewStore.at(path, story_id, read_only=read_only)
        return cls(store, reviewer=reviewer, lock_timeout=lock_timeout)

    @classmethod
    def for_bundle(
        cls,
        bundle: Bundle,
        *,
        prefer_beside: bool = True,
        reviewer: str | None = None,
        read_only: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
        load: bool = True,
    ) -> ReviewSession:
        """The review of `bundle`: beside it (`prefer_beside`) and in the data folder; see
        tui.review.storage. `read_only` sessions (reports, exports) never write, rename or
        create anything. `load=False`: see `__init__`."""
        paths = review_paths(Path(bundle.path), prefer_beside=prefer_beside,
                             story_id=bundle.story.id)
        store = ReviewStore.for_paths(paths, bundle.story.id, read_only=read_only)
        known = frozenset(entry.id for entry in bundle_entries(bundle))
        return cls(store, reviewer=reviewer, known_ids=known, lock_timeout=lock_timeout,
                   load=load)

    @property
    def path(self) -> Path:
        """The file this session's changes are written to."""
        return self.store.path

    @property
    def has_unsaved_changes(self) -> bool:
        return bool(self._pending)

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    # -- changing ----------------------------------------------------------------------

    def set_mark(self, entry: Entry, mark: Mark | str | None) -> bool:
        """Give (or, with None, withdraw) your verdict, recording the entry's current
        fingerprint: re-marking a stale entry confirms it. False when nothing changed."""
        mark = Mark(mark) if mark is not None else None
        self.load()
        before = self._my_verdict_change(entry.id)
        current = before.mark if before is not None and before.op is Op.MARK else None
        fingerprint = self.fingerprint(entry)
        if mark is None and current is None:
            return False
        if mark is not None and mark is current and before and before.fingerprint == fingerprint:
            return False
        op = Op.MARK if mark is not None else Op.CLEAR
        self._record(entry, self._change(entry, op, fingerprint, mark=mark), before)
        return True

    def rename(self, old_id: str, entry: Entry) -> None:
        """The entry `old_id` is now `entry` (an edit gave it a new id): its review goes
        along, for every reviewer (and a change another editor makes under the old id
        before they see the new one follows too). Written even when there is no review yet."""
        self.load()
        state = self.state.get(old_id)
        # Later than all it moves (an earlier rename among them): renames resolve in time order.
        previous = max((c.at for c in state.history), default=None) if state else None
        change = Change(new_id(), old_id, entry.entry_type, Op.RENAME, self.reviewer,
                        next_time(previous), None, to=entry.id)
        self._tally = None  # every count may move: made again at the next look
        self._record(entry, change, None, undoable=False)

    def add_note(self, entry: Entry, text: str) -> str | None:
        """Start a new note of yours in the entry's thread; its id (None if blank)."""
        cleaned = self._checked_note(text)
        if cleaned is None:
            return None
        self.load()
        note_id = new_id()
        self._record(entry, self._note_change(entry, note_id, cleaned), None)
        return note_id

    def edit_note(self, entry: Entry, note_id: str, text: str | None) -> bool:
        """Rewrite (or, with blank text, withdraw) one of your notes; the earlier text stays
        in the history. ValueError for someone else's note."""
        self.load()
        state = self.state.get(entry.id)
        author = state.note_authors.get(note_id) if state else None
        if author is None or author[0] != self.reviewer:
            raise ValueError("only its author can change a note")
        assert state is not None
        before = state.last_note_change(note_id)
        cleaned = self._checked_note(text)
        if before is not None and before.text == cleaned:
            return False
        self._record(entry, self._note_change(entry, note_id, cleaned), before)
        return True

    def set_note(self, entry: Entry, text: str | None) -> bool:
        """Rewrite your latest note on the entry, or start one; blank withdraws it."""
        self.load()
        mine = self._my_latest_note(entry.id)
        if mine is not None:
            return self.edit_note(entry, mine.note_id, text)
        return self.add_note(entry, text or "") is not None

    def clear(self, entry: Entry) -> bool:
        """Withdraw your verdict and every note of yours on the entry."""
        changed = self.set_mark(entry, None)
        for note in self.entry_review(entry, with_history=False).notes:
            if note.author == self.reviewer:
                changed = self.edit_note(entry, note.note_id, None) or changed
        return changed

    def undo(self) -> bool:
        """Undo this session's latest change that is not undone yet, as a new change."""
        step = self.undo_stack.pop()
        if step is None:
            return False
        entry, done, before = step
        if done.op is Op.NOTE:
            text = before.text if before is not None else None
            change = self._note_change(entry, done.note_id or "", text, undoes=done.change_id)
            if before is not None:
                change = change._replace(fingerprint=before.fingerprint)
        elif before is not None and before.op is Op.MARK:
            change = self._change(entry, Op.MARK, before.fingerprint, mark=before.mark,
                                  undoes=done.change_id)
        else:
            change = self._change(entry, Op.CLEAR, self.fingerprint(entry),
                                  undoes=done.change_id)
        self._record(entry, change, None, undoable=False)
        return True

    # -- saving and reading others' changes ----------------------------------------------

    def save(self, timeout: float | None = None) -> None:
        """Write pending changes. Raises ReviewSaveError (then `last_error`)."""
        self.load()
        if self.read_only or (not self._pending and not self.store.has_carry):
            return
        self.busy = True
        try:
            pending = list(self._pending)
            try:
                read = self.store.append(pending, timeout=self._timeout(timeout))
            except ReviewSaveError as error:
                self.last_error = error
                raise
            self.last_error = None
            del self._pending[: len(pending)]
            self._absorb(read)
        finally:
            self.busy = False

    def refresh(self) -> list[str]:
        """Read what other editors saved since the last read; returns new warnings.
        Their changes wait in `take_arrivals()`."""
        if not self.loaded:
            before = len(self.warnings)
            self.load()
            return self.warnings[before:]
        read = self.store.read_new()
        warnings = self._absorb(read)
        if not self.read_only and self.store.has_carry:
            self._try_save(self._timeout(None))
        return warnings

    reload = refresh  # the name the app's ctrl+r used

    def take_arrivals(self) -> list[Change]:
        """Changes made by others that arrived since the last call (oldest first)."""
        arrived, self._arrived = self._arrived, []
        return arrived

    # -- internals ---------------------------------------------------------------------

    def _timeout(self, timeout: float | None) -> float:
        return self.lock_timeout if timeout is None else timeout

    def _try_save(self, timeout: float) -> None:
        try:
            self.save(timeout)
        except ReviewSaveError as error:
            self.warnings.append(str(error))

    def _absorb(self, read: StoreRead, *, initial: bool = False) -> list[str]:
        warnings = list(read.problems)
        for error in read.unusable:
            if self.read_only:
                self.errors.append(error)
                warnings.append(f"{error.described()}.")
            else:
                warnings.append(self.store.set_aside(error, timeout=self._timeout(None)))
        touched: set[str] = set()
        for change in read.changes:
            if change.change_id in self.state.seen:
                continue
            problem = self.state.apply(change)
            if problem is not None:
                warnings.append(f"A change to {change.entry_id!r} was skipped: {problem}.")
                continue
            if change.op is Op.RENAME:
                self._tally = None  # reviews moved between ids: counted again
            touched.add(self.state.resolve(change.entry_id))
            if not initial and change.change_id not in self._mine:
                self._arrived.append(change)
        if self.state.skipped_unknown and initial:
            warnings.append(
                f"{self.state.skipped_unknown:,} review changes are for more entries not in "
                f"this story than the {self.state.unknown_entries:,} kept; they stay in the "
                "file, unread."
            )
        if self._tally is not None:
            for entry_id in touched:
                self._tally.update(entry_id)
        self.warnings.extend(warnings)
        return warnings

    def _change(
        self, entry: Entry, op: Op, fingerprint: str | None, *, mark: Mark | None = None,
        undoes: str | None = None,
    ) -> Change:
        previous = self._my_verdict_change(entry.id)
        return Change(
            new_id(), entry.id, entry.entry_type, op, self.reviewer,
            next_time(previous.at if previous else None), fingerprint, mark=mark, undoes=undoes,
        )

    def _note_change(
        self, entry: Entry, note_id: str, text: str | None, *, undoes: str | None = None
    ) -> Change:
        state = self.state.get(entry.id)
        previous = state.last_note_change(note_id) if state else None
        return Change(
            new_id(), entry.id, entry.entry_type, Op.NOTE, self.reviewer,
            next_time(previous.at if previous else None), self.fingerprint(entry),
            note_id=note_id, text=text, undoes=undoes,
        )

    def _record(
        self, entry: Entry, change: Change, before: Change | None, *, undoable: bool = True
    ) -> None:
        if self.read_only:
            raise ReviewSaveError("This review was opened read-only.")
        self.load()
        self.busy = True
        try:
            problem = self.state.apply(change)
            assert problem is None, problem
            self._mine.add(change.change_id)
            self._pending.append(change)
            if undoable:
                self.undo_stack.push(entry, change, before)
            if self._tally is not None:
                self._tally.update(self.state.resolve(change.entry_id))
        finally:
            self.busy = False
        self.save()

    def _my_verdict_change(self, entry_id: str) -> Change | None:
        state = self.state.get(entry_id)
        return state.last_verdict_change(self.reviewer) if state else None

    @staticmethod
    def _checked_note(text: str | None) -> str | None:
        cleaned = clean_note(text)
        if cleaned is not None and len(cleaned) > MAX_NOTE_CHARS:
            raise ValueError(f"a note may be at most {MAX_NOTE_CHARS:,} characters")
        return cleaned
