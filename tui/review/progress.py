"""Review progress over one bundle: counts kept up to date one entry at a time.

Counting every entry after every mark would cost time in proportion to the story (27,000
entries in the benchmark bundle); the tally counts once, then each change moves only the
entry it touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from tui.model.entities import Bundle, Entry
from tui.review.marks import Status
from tui.review.state import (
    DISPUTED_BIT,
    NEEDS_FIX_BIT,
    NOTED_BIT,
    STALE_BIT,
    VERIFIED_BIT,
    ReviewState,
)


def bundle_entries(bundle: Bundle) -> Iterator[Entry]:
    """Every reviewable entry in report order: events, then actors, then quotes."""
    yield from bundle.events
    yield from bundle.actors
    yield from bundle.quotes


class Progress(NamedTuple):
    """Review counts over the entries of one bundle."""

    reviewed: int  # entries with at least one current verdict
    total: int
    verified: int  # status verified: every current verdict is
    disputed: int  # status disputed: someone's current verdict is
    needs_fix: int  # status needs-fix
    noted: int  # entries with a current note
    stale: int  # reviewed or noted entries that changed since
    orphaned: int  # entries with a review that are no longer in the bundle
    disagreed: int = 0  # entries whose reviewers' current verdicts differ
    loading: bool = False  # the review is not read yet: the counts are not known

    def summary(self) -> str:
        """e.g. "27/41 reviewed, 2 disputed, 1 needs-fix, 1 disagreed, 3 stale"."""
        if self.loading:
            return "reading the review…"
        parts = [f"{self.reviewed}/{self.total} reviewed"]
        for count, name in (
            (self.disputed, "disputed"),
            (self.needs_fix, "needs-fix"),
            (self.disagreed, "disagreed"),
            (self.stale, "stale"),
            (self.orphaned, "orphaned"),
        ):
            if count:
                parts.append(f"{count} {name}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.summary()


def _counts(code: int) -> tuple[int, ...]:
    """What one entry adds to each count, from its tally code."""
    marks = code & (VERIFIED_BIT | DISPUTED_BIT | NEEDS_FIX_BIT)
    status = (
        Status.UNREVIEWED if not marks
        else Status.DISPUTED if marks & DISPUTED_BIT
        else Status.NEEDS_FIX if marks & NEEDS_FIX_BIT
        else Status.VERIFIED
    )
    return (
        int(status is not Status.UNREVIEWED),
        int(status is Status.VERIFIED),
        int(status is Status.DISPUTED),
        int(status is Status.NEEDS_FIX),
        int(bool(code & NOTED_BIT)),
        int(bool(code & STALE_BIT)),
        int(marks not in (0, VERIFIED_BIT, DISPUTED_BIT, NEEDS_FIX_BIT)),  # two or more
    )


_BY_CODE = [_counts(code) for code in range(32)]


class Tally:
    """Counts for one bundle; `update(entry_id)` after each change to that entry.

    Each reviewed entry is reduced to a small code (its marks, noted, stale), and the tally
    keeps how many entries have each code: a change moves one entry from one code to
    another, and the counts are read off the 32 codes.
    """

    def __init__(
        self, bundle: Bundle, state: ReviewState, fingerprint: Callable[[Entry], str]
    ) -> None:
        self.bundle = bundle
        self._state = state
        self._fingerprint = fingerprint
        self._entries = {entry.id: entry for entry in bundle_entries(bundle)}
        self._codes: dict[str, int] = {}
        self._histogram = [0] * 32
        self._orphans: set[str] = set()
        for entry_id in list(state.entries):
            self.update(entry_id)

    def update(self, entry_id: str) -> None:
        state = self._state.get(entry_id)
        entry = self._entries.get(entry_id)
        if entry is None:
            if state is None or state.is_empty:
                self._orphans.discard(entry_id)
            else:
                self._orphans.add(entry_id)
            return
        code = state.tally_code(self._fingerprint(entry)) if state is not None else 0
        histogram = self._histogram
        histogram[self._codes.get(entry_id, 0)] -= 1
        histogram[code] += 1
        self._codes[entry_id] = code

    def progress(self) -> Progress:
        counts = [0] * 7
        for code, entries in enumerate(self._histogram):
            if entries and code:
                for index, value in enumerate(_BY_CODE[code]):
                    counts[index] += value * entries
        reviewed, verified, disputed, needs_fix, noted, stale, disagreed = counts
        return Progress(reviewed, len(self._entries), verified, disputed, needs_fix, noted,
                        stale, len(self._orphans), disagreed)

    def orphaned_ids(self) -> list[str]:
        return sorted(self._orphans)
