"""Filters over entries by review state, for lists that show only some entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TypeVar

from tui.model.entities import Entry
from tui.review.entry_review import EntryReview
from tui.review.marks import Mark, Status
from tui.review.session import ReviewSession

EntryPredicate = Callable[[Entry], bool]
_T = TypeVar("_T", bound=Entry)


class ReviewFilter(StrEnum):
    ALL = "all"
    UNREVIEWED = "unreviewed"
    DISPUTED = "disputed"
    NEEDS_FIX = "needs-fix"
    DISAGREED = "disagreed"
    NOTED = "noted"
    STALE = "stale"


def _anyone(mark: Mark) -> Callable[[EntryReview], bool]:
    return lambda review: any(verdict.mark is mark for verdict in review.verdicts)


_CHECKS: dict[ReviewFilter, Callable[[EntryReview], bool]] = {
    ReviewFilter.ALL: lambda _review: True,
    # Nobody's verdict yet (an entry with only a note is still unreviewed).
    ReviewFilter.UNREVIEWED: lambda review: review.status is Status.UNREVIEWED,
    # Someone's current verdict says so (the status may be the other of the two).
    ReviewFilter.DISPUTED: _anyone(Mark.DISPUTED),
    ReviewFilter.NEEDS_FIX: _anyone(Mark.NEEDS_FIX),
    ReviewFilter.DISAGREED: lambda review: review.disagreed,
    ReviewFilter.NOTED: lambda review: bool(review.notes),
    ReviewFilter.STALE: lambda review: review.stale,
}


def is_open(review: EntryReview) -> bool:
    """Needs action: disputed, needs-fix, a disagreement, or stale."""
    return review.status in (Status.DISPUTED, Status.NEEDS_FIX) or review.disagreed or (
        review.stale
    )


def review_predicate(kind: ReviewFilter | str) -> Callable[[EntryReview], bool]:
    return _CHECKS[ReviewFilter(kind)]


def predicate(kind: ReviewFilter | str, session: ReviewSession) -> EntryPredicate:
    """A one-argument predicate for `kind` ("unreviewed", "disputed", ...)."""
    check = _CHECKS[ReviewFilter(kind)]
    return lambda entry: check(session.entry_review(entry, with_history=False))


def filter_entries(
    entries: Iterable[_T], kind: ReviewFilter | str, session: ReviewSession
) -> list[_T]:
    keep = predicate(kind, session)
    return [entry for entry in entries if keep(entry)]
