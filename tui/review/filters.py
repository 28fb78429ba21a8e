"""Filters over entries by review state, for lists that show only some entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TypeVar

from tui.model.entities import Entry
from tui.review.marks import Mark
from tui.review.session import ReviewSession

EntryPredicate = Callable[[Entry], bool]
_T = TypeVar("_T", bound=Entry)


class ReviewFilter(StrEnum):
    ALL = "all"
    UNREVIEWED = "unreviewed"
    DISPUTED = "disputed"
    NEEDS_FIX = "needs-fix"
    NOTED = "noted"
    STALE = "stale"


def is_unreviewed(session: ReviewSession, entry: Entry) -> bool:
    """No mark (an entry with only a note is still unreviewed)."""
    return session.mark_of(entry.id) is None


def is_disputed(session: ReviewSession, entry: Entry) -> bool:
    return session.mark_of(entry.id) is Mark.DISPUTED


def is_needs_fix(session: ReviewSession, entry: Entry) -> bool:
    return session.mark_of(entry.id) is Mark.NEEDS_FIX


def is_noted(session: ReviewSession, entry: Entry) -> bool:
    return session.note_of(entry.id) is not None


def is_stale(session: ReviewSession, entry: Entry) -> bool:
    return session.is_stale(entry)


_CHECKS: dict[ReviewFilter, Callable[[ReviewSession, Entry], bool]] = {
    ReviewFilter.ALL: lambda _session, _entry: True,
    ReviewFilter.UNREVIEWED: is_unreviewed,
    ReviewFilter.DISPUTED: is_disputed,
    ReviewFilter.NEEDS_FIX: is_needs_fix,
    ReviewFilter.NOTED: is_noted,
    ReviewFilter.STALE: is_stale,
}


def predicate(kind: ReviewFilter | str, session: ReviewSession) -> EntryPredicate:
    """A one-argument predicate for `kind` ("unreviewed", "disputed", ...)."""
    check = _CHECKS[ReviewFilter(kind)]
    return lambda entry: check(session, entry)


def filter_entries(
    entries: Iterable[_T], kind: ReviewFilter | str, session: ReviewSession
) -> list[_T]:
    keep = predicate(kind, session)
    return [entry for entry in entries if keep(entry)]
