"""ReviewSession: the review state the app works with, saved on every change."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from tui.model.entities import Bundle, Entry
from tui.review.marks import Mark, MarkRecord, clean_note, next_time
from tui.review.storage import DiskState, ReviewSaveError, ReviewStore, merge, review_path_for


def default_reviewer() -> str:
    """$USER, else the login name, else "unknown"."""
    user = os.environ.get("USER", "").strip()
    if user:
        return user
    import getpass  # rarely needed: $USER is nearly always set

    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no passwd entry, no environment: still let people review
        return "unknown"


def bundle_entries(bundle: Bundle) -> Iterator[Entry]:
    """Every reviewable entry in report order: events, then actors, then quotes."""
    yield from bundle.events
    yield from bundle.actors
    yield from bundle.quotes


class Progress(NamedTuple):
    """Review counts over the entries of one bundle."""

    reviewed: int  # entries with a mark
    total: int
    verified: int
    disputed: int
    needs_fix: int
    noted: int  # entries with a note
    stale: int  # marked or noted entries that changed since
    orphaned: int  # marks for ids no longer in the bundle

    def summary(self) -> str:
        """e.g. "27/41 reviewed, 2 disputed, 1 needs-fix, 3 stale"."""
        parts = [f"{self.reviewed}/{self.total} reviewed"]
        for count, name in (
            (self.disputed, "disputed"),
            (self.needs_fix, "needs-fix"),
            (self.stale, "stale"),
            (self.orphaned, "orphaned"),
        ):
            if count:
                parts.append(f"{count} {name}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.summary()


class _UndoStep(NamedTuple):
    entry_id: str
    before: MarkRecord | None
    after: MarkRecord


class ReviewSession:
    """In-memory review state of one story, saved to its review file on every change.

    Changing methods update memory first, then save; if the save fails they raise
    ReviewSaveError (also kept in `last_error`), the change stays in memory and is
    saved with the next change or `save()`.
    """

    def __init__(self, store: ReviewStore, *, reviewer: str | None = None) -> None:
        self.store = store
        self.reviewer = reviewer or default_reviewer()
        self.last_error: ReviewSaveError | None = None
        self.warnings: list[str] = []
        self._records: dict[str, MarkRecord] = {}
        self._dirty: set[str] = set()
        self._undo: list[_UndoStep] = []
        self._absorb(store.load())

    @classmethod
    def open(cls, path: Path, story_id: str, *, reviewer: str | None = None) -> ReviewSession:
        """Open (or start) the review file at `path`. Never raises for a bad file:
        see `warnings`."""
        return cls(ReviewStore(path, story_id), reviewer=reviewer)

    @classmethod
    def for_bundle(
        cls, bundle: Bundle, *, prefer_beside: bool = True, reviewer: str | None = None
    ) -> ReviewSession:
        path = review_path_for(
            Path(bundle.path), prefer_beside=prefer_beside, story_id=bundle.story.id
        )
        return cls.open(path, bundle.story.id, reviewer=reviewer)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def records(self) -> Mapping[str, MarkRecord]:
        """Every stored record by entry id, tombstones (cleared entries) included."""
        return MappingProxyType(self._records)

    @property
    def has_unsaved_changes(self) -> bool:
        return bool(self._dirty)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- reading -----------------------------------------------------------------------

    def get(self, entry_id: str) -> MarkRecord | None:
        """The entry's record, or None when it has neither mark nor note."""
        record = self._records.get(entry_id)
        return None if record is None or record.is_empty else record

    def mark_of(self, entry_id: str) -> Mark | None:
        record = self._records.get(entry_id)
        return record.mark if record else None

    def note_of(self, entry_id: str) -> str | None:
        record = self._records.get(entry_id)
        return record.note if record else None

    def is_reviewed(self, entry_id: str) -> bool:
        return self.mark_of(entry_id) is not None

    def is_stale(self, entry: Entry) -> bool:
        """The entry was marked (or noted) but has changed since."""
        record = self.get(entry.id)
        return record is not None and record.fingerprint != entry.fingerprint()

    def stale_ids(self, bundle: Bundle) -> list[str]:
        return [entry.id for entry in bundle_entries(bundle) if self.is_stale(entry)]

    def orphaned_ids(self, bundle: Bundle) -> list[str]:
        """Ids with a mark or note that are no longer in the bundle (kept in the file)."""
        present = {entry.id for entry in bundle_entries(bundle)}
        return sorted(
            key for key, rec in self._records.items() if not rec.is_empty and key not in present
        )

    def progress(self, bundle: Bundle) -> Progress:
        entries = list(bundle_entries(bundle))
        marks = [self.mark_of(entry.id) for entry in entries]
        return Progress(
            reviewed=sum(mark is not None for mark in marks),
            total=len(entries),
            verified=marks.count(Mark.VERIFIED),
            disputed=marks.count(Mark.DISPUTED),
            needs_fix=marks.count(Mark.NEEDS_FIX),
            noted=sum(self.note_of(entry.id) is not None for entry in entries),
            stale=sum(self.is_stale(entry) for entry in entries),
            orphaned=len(self.orphaned_ids(bundle)),
        )

    def next_unreviewed(self, ids: Sequence[str], current: str | None) -> str | None:
        """The next id after `current` without a mark, wrapping; see `next_matching`."""
        return next_matching(ids, current, lambda i: not self.is_reviewed(i))

    def prev_unreviewed(self, ids: Sequence[str], current: str | None) -> str | None:
        return next_matching(ids, current, lambda i: not self.is_reviewed(i), backwards=True)

    # -- changing ----------------------------------------------------------------------

    def set_mark(self, entry: Entry, mark: Mark | str | None) -> bool:
        """Mark the entry (None removes the mark, keeping any note). Records the entry's
        current fingerprint, so re-marking a stale entry confirms it. Returns False
        when nothing changed."""
        mark = Mark(mark) if mark is not None else None
        before = self._records.get(entry.id)
        note = before.note if before else None
        return self._change(entry, mark, note, entry.fingerprint())

    def set_note(self, entry: Entry, text: str | None) -> bool:
        """Set (or, with None or blank text, remove) the entry's note; keeps the mark."""
        before = self._records.get(entry.id)
        mark = before.mark if before else None
        # The fingerprint belongs to the mark: a note must not make a stale mark fresh.
        if before is not None and before.mark is not None:
            fingerprint = before.fingerprint
        else:
            fingerprint = entry.fingerprint()
        return self._change(entry, mark, clean_note(text), fingerprint)

    def clear(self, entry: Entry) -> bool:
        """Remove mark and note (stored as a dated tombstone so the clear merges)."""
        return self._change(entry, None, None, entry.fingerprint())

    def undo(self) -> str | None:
        """Restore the last changed entry's previous state, saved as a new change.
        Returns that entry's id, or None when there is nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        before = step.before
        current = self._records.get(step.entry_id)
        record = MarkRecord(
            entry_type=step.after.entry_type,
            mark=before.mark if before else None,
            note=before.note if before else None,
            reviewer=self.reviewer,
            at=next_time(current),
            fingerprint=before.fingerprint if before else step.after.fingerprint,
        )
        self._records[step.entry_id] = record
        self._dirty.add(step.entry_id)
        self.save()
        return step.entry_id

    def save(self) -> None:
        """Write pending changes (merging with the file). Raises ReviewSaveError."""
        if not self._dirty:
            return
        try:
            state = self.store.save(self._records, self._dirty)
        except ReviewSaveError as exc:
            self.last_error = exc
            raise
        self.last_error = None
        self._dirty.clear()
        assert state.records is not None
        self._records = state.records
        self.warnings.extend(state.warnings)

    def reload(self) -> list[str]:
        """Merge the file into memory (another editor's marks appear; this session's
        unsaved changes win where newer). Returns new warnings."""
        state = self.store.load()
        self._absorb(state)
        return state.warnings

    # -- internals ---------------------------------------------------------------------

    def _change(
        self, entry: Entry, mark: Mark | None, note: str | None, fingerprint: str | None
    ) -> bool:
        before = self._records.get(entry.id)
        if before is not None and (before.mark, before.note, before.fingerprint) == (
            mark,
            note,
            fingerprint,
        ):
            return False
        if before is None and mark is None and note is None:
            return False
        after = MarkRecord(
            entry_type=entry.entry_type,
            mark=mark,
            note=note,
            reviewer=self.reviewer,
            at=next_time(before),
            fingerprint=fingerprint,
        )
        self._records[entry.id] = after
        self._dirty.add(entry.id)
        self._undo.append(_UndoStep(entry.id, before, after))
        self.save()
        return True

    def _absorb(self, state: DiskState) -> None:
        self.warnings.extend(state.warnings)
        if state.records is None:
            return  # no usable file: keep memory; the next save writes all of it
        self._records = merge(state.records, self._records, self._dirty)


def next_matching(
    ids: Sequence[str],
    current: str | None,
    wanted: Callable[[str], bool],
    *,
    backwards: bool = False,
) -> str | None:
    """The first id after (or before) `current` in `ids` for which `wanted` is true,
    wrapping around; `current` itself is considered last. When `current` is None or
    not in `ids`, the search starts at the first (or last) id. None if nothing matches."""
    if not ids:
        return None
    order = list(reversed(ids)) if backwards else list(ids)
    try:
        start = order.index(current) + 1 if current is not None else 0
    except ValueError:
        start = 0
    for offset in range(len(order)):
        candidate = order[(start + offset) % len(order)]
        if wanted(candidate):
            return candidate
    return None
