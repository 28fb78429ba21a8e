"""The one view of review state that exports read: a status, verdicts and notes per entry.

Exports never touch the review store itself. When the store changes (several reviewers'
verdicts, derived statuses, note threads), only `statuses_for` is rewritten; everything that
writes a file reads `EntryStatus`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import NamedTuple, TypeVar

from tui.model.entities import Bundle, Entry
from tui.review.marks import time_of
from tui.review.session import ReviewSession

_E = TypeVar("_E", bound=Entry)

VERIFIED = "verified"
DISPUTED = "disputed"
NEEDS_FIX = "needs-fix"
DISAGREED = "disagreed"  # reviewers' verdicts differ
UNREVIEWED = "unreviewed"
STATUSES = (VERIFIED, DISPUTED, NEEDS_FIX, DISAGREED, UNREVIEWED)
STALE = "stale"  # not a status: an entry of any status that changed after it was reviewed
STATUS_FILTERS = (*STATUSES, STALE)


class Verdict(NamedTuple):
    reviewer: str
    mark: str  # "verified", "disputed" or "needs-fix"
    at: datetime  # timezone-aware


class Note(NamedTuple):
    author: str
    at: datetime  # timezone-aware
    text: str


class EntryStatus(NamedTuple):
    """What the review says about one entry."""

    status: str  # one of STATUSES
    verdicts: tuple[Verdict, ...] = ()
    notes: tuple[Note, ...] = ()
    stale: bool = False  # the entry changed after its verdicts or notes were given


StatusOf = Callable[[Entry], EntryStatus]
NOT_REVIEWED = EntryStatus(UNREVIEWED)


def statuses_for(bundle: Bundle, review: ReviewSession) -> StatusOf:
    """The status of each entry of `bundle` in `review`.

    Every reviewer's current verdict and the whole note thread, from the review's own
    `entry_review`; the status is what the review derives (disputed if anyone's verdict
    is, needs-fix if anyone's is, verified only when all are), except that an entry whose
    reviewers disagree is "disagreed".
    """
    del bundle  # the session finds each entry's review by the entry itself

    def status_of(entry: Entry) -> EntryStatus:
        found = review.entry_review(entry, with_history=False)
        if not found.verdicts and not found.notes:
            return NOT_REVIEWED
        return EntryStatus(
            DISAGREED if found.disagreed else found.status.value,
            tuple(Verdict(v.reviewer, v.mark.value, time_of(v.at)) for v in found.verdicts),
            tuple(Note(n.author, time_of(n.at), n.text) for n in found.notes),
            found.stale,
        )

    return status_of


def all_unreviewed(entry: Entry) -> EntryStatus:
    """A StatusOf for a story without a review (every entry unreviewed)."""
    del entry
    return NOT_REVIEWED


class StatusFilter(NamedTuple):
    """Which entries an export keeps, by review status; the empty filter keeps all."""

    statuses: frozenset[str] = frozenset()  # any of STATUS_FILTERS; empty: no condition
    fresh_only: bool = False  # leave out stale entries

    @classmethod
    def verified_only(cls) -> StatusFilter:
        """Verified, and unchanged since: what is safe to publish."""
        return cls(frozenset({VERIFIED}), fresh_only=True)

    @classmethod
    def of(cls, names: Iterable[str]) -> StatusFilter:
        """Entries whose status is one of `names` (or, for "stale", that are stale).
        Raises ValueError naming an unknown status."""
        wanted = frozenset(names)
        unknown = sorted(wanted - set(STATUS_FILTERS))
        if unknown:
            raise ValueError(
                f"unknown status {', '.join(map(repr, unknown))}: "
                f"use {', '.join(STATUS_FILTERS)}"
            )
        return cls(wanted)

    @property
    def keeps_all(self) -> bool:
        return not self.statuses and not self.fresh_only

    def keeps(self, status: EntryStatus) -> bool:
        if self.fresh_only and status.stale:
            return False
        if not self.statuses:
            return True
        return status.status in self.statuses or (STALE in self.statuses and status.stale)

    def describe(self) -> str:
        """e.g. "verified and unchanged since" or "disputed or stale"; "" for all."""
        if self.keeps_all:
            return ""
        names = " or ".join(sorted(self.statuses, key=STATUS_FILTERS.index))
        return f"{names} and unchanged since" if self.fresh_only else names


def every_entry(bundle: Bundle) -> Iterator[Entry]:
    """Every reviewable entry in the order exports list them: events, actors, quotes."""
    yield from bundle.events
    yield from bundle.actors
    yield from bundle.quotes


def kept(entries: Iterable[_E], status_of: StatusOf, keep: StatusFilter) -> list[_E]:
    """The entries `keep` keeps, in their order."""
    return [entry for entry in entries if keep.keeps(status_of(entry))]


def at_text(at: datetime) -> str:
    """A review time for people: ISO 8601 in UTC to the second, e.g. 2019-02-13T09:30:00Z."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
