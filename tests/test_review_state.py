"""Folding changes into the review's state: every verdict kept, threads, any order."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model.entities import EntryType
from tui.review.changes import Change, Op
from tui.review.entry_review import build_entry_review, derive_status
from tui.review.marks import Mark, Status
from tui.review.state import MAX_UNKNOWN_ENTRIES, ReviewState

REVIEWERS = ["ada", "bo", "maria"]


def mark(cid: str, who: str, at: str, value: Mark | None, entry: str = "e1") -> Change:
    op = Op.MARK if value is not None else Op.CLEAR
    return Change(cid, entry, EntryType.EVENT, op, who, f"2025-03-01T09:00:{at}.000000Z",
                  "fp", value)


def note(cid: str, who: str, at: str, note_id: str, text: str | None) -> Change:
    return Change(cid, "e1", EntryType.EVENT, Op.NOTE, who, f"2025-03-01T09:00:{at}.000000Z",
                  "fp", None, note_id, text)


def test_every_reviewers_current_verdict_is_kept() -> None:
    state = ReviewState()
    for c in (mark("1", "ada", "01", Mark.NEEDS_FIX), mark("2", "maria", "02", Mark.DISPUTED),
              mark("3", "ada", "03", Mark.VERIFIED), mark("4", "bo", "04", Mark.VERIFIED),
              mark("5", "bo", "05", None)):
        assert state.apply(c) is None
    entry = state.entries["e1"]
    assert [(v.reviewer, v.mark) for v in entry.verdicts()] == [
        ("maria", Mark.DISPUTED), ("ada", Mark.VERIFIED)
    ]
    assert len(entry.history) == 5  # the clear and the replaced verdict stay in history


def test_a_change_counts_once_however_often_it_is_read() -> None:
    state = ReviewState()
    c = mark("1", "ada", "01", Mark.VERIFIED)
    state.apply(c)
    state.apply(c)
    assert len(state.entries["e1"].history) == 1


def test_nobody_rewrites_another_reviewers_note() -> None:
    state = ReviewState()
    state.apply(note("1", "maria", "01", "n1", "the date is wrong"))
    problem = state.apply(note("2", "ada", "02", "n1", "no it is not"))
    assert problem is not None and "maria" in problem
    assert [n.text for n in state.entries["e1"].notes()] == ["the date is wrong"]


def test_editing_a_note_keeps_the_earlier_text_in_history() -> None:
    state = ReviewState()
    state.apply(note("1", "maria", "01", "n1", "first"))
    state.apply(note("2", "maria", "02", "n1", "second"))
    state.apply(note("3", "ada", "03", "n2", "reply"))
    entry = state.entries["e1"]
    assert [(n.author, n.text, n.edits) for n in entry.notes()] == [
        ("maria", "second", 1), ("ada", "reply", 0)
    ]
    assert [c.text for c in entry.sorted_history()] == ["first", "second", "reply"]


def test_status_is_derived_from_every_current_verdict() -> None:
    assert derive_status(set()) is Status.UNREVIEWED
    assert derive_status({Mark.VERIFIED}) is Status.VERIFIED
    assert derive_status({Mark.VERIFIED, Mark.NEEDS_FIX}) is Status.NEEDS_FIX
    assert derive_status({Mark.NEEDS_FIX, Mark.DISPUTED}) is Status.DISPUTED
    assert derive_status({Mark.VERIFIED, Mark.DISPUTED}) is Status.DISPUTED


def test_entry_review_says_who_disagrees_and_what_you_said() -> None:
    state = ReviewState()
    state.apply(mark("1", "ada", "01", Mark.VERIFIED))
    state.apply(mark("2", "maria", "02", Mark.DISPUTED)._replace(fingerprint="old"))
    review = build_entry_review("e1", state.get("e1"), "ada", "fp")
    assert review.status is Status.DISPUTED and review.disagreed
    assert review.mine is not None and review.mine.mark is Mark.VERIFIED
    assert review.stale and review.stale_reviewers == ("maria",)
    assert review.headline() == "disputed · 2 reviewers disagree · stale"


def test_unknown_entries_beyond_the_cap_are_counted_not_kept() -> None:
    state = ReviewState(known=lambda entry_id: entry_id == "e1")
    for i in range(MAX_UNKNOWN_ENTRIES + 5):
        state.apply(mark(f"c{i}", "ada", "01", Mark.VERIFIED, entry=f"gone{i}"))
    state.apply(mark("mine", "ada", "01", Mark.VERIFIED, entry="e1"))
    assert state.skipped_unknown == 5
    assert "e1" in state.entries


def _summary(state: ReviewState) -> dict[str, object]:
    return {
        entry_id: (
            [(v.reviewer, v.mark, v.change_id) for v in entry.verdicts()],
            [(n.note_id, n.author, n.text) for n in entry.notes()],
            sorted(c.change_id for c in entry.history),
        )
        for entry_id, entry in state.entries.items()
    }


@st.composite
def histories(draw: st.DrawFn) -> list[Change]:
    changes = []
    count = draw(st.integers(1, 25))
    for i in range(count):
        who = draw(st.sampled_from(REVIEWERS))
        at = f"{draw(st.integers(0, 59)):02d}"
        entry = draw(st.sampled_from(["e1", "e2"]))
        kind = draw(st.sampled_from(["mark", "clear", "note"]))
        if kind == "note":
            c = note(str(i), who, at, f"{who}-{draw(st.integers(0, 1))}",
                     draw(st.one_of(st.none(), st.text(max_size=5))))
            changes.append(c._replace(entry_id=entry))
        else:
            value = draw(st.sampled_from(list(Mark))) if kind == "mark" else None
            changes.append(mark(str(i), who, at, value, entry=entry))
    return changes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.randoms(use_true_random=False))
def test_any_order_of_the_same_changes_gives_the_same_review(
    changes: list[Change], rnd: random.Random
) -> None:
    """A git union merge, or two files read in either order, lists the same changes in
    another order: the review must not depend on it (ties on time aside, which a
    reviewer's own changes never have: each is later than the one before)."""
    def slot(c: Change) -> tuple[str, str]:
        return (c.entry_id, c.note_id if c.op is Op.NOTE else f"verdict of {c.reviewer}")

    times: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        times.setdefault(slot(c), []).append(c.at)
    distinct = [c for c in changes if len(set(times[slot(c)])) == len(times[slot(c)])]
    first, second = ReviewState(), ReviewState()
    shuffled = list(distinct)
    rnd.shuffle(shuffled)
    for c in distinct:
        first.apply(c)
    for c in shuffled:
        second.apply(c)
    assert _summary(first) == _summary(second)


def rename(cid: str, old: str, new: str, at: str) -> Change:
    return Change(cid, old, EntryType.EVENT, Op.RENAME, "ada", f"2025-03-01T09:00:{at}.000000Z",
                  None, to=new)


@st.composite
def renamed_histories(draw: st.DrawFn) -> list[Change]:
    """Marks and notes on e1 and e2, and renames among e1, e2 and e3 (back and forth: an
    undo of a rename is a rename back), every change at a time of its own."""
    changes = draw(histories())
    pairs = st.tuples(*[st.sampled_from(["e1", "e2", "e3"])] * 2).filter(lambda p: p[0] != p[1])
    for n, (old, new) in enumerate(draw(st.lists(pairs, max_size=4))):
        changes.append(rename(f"r{n}", old, new, f"{draw(st.integers(0, 59)):02d}"))
    by_time = {c.at: c for c in changes}  # one change a time: no ties to break
    return list(by_time.values())


def _resolved(changes: list[Change], entry_id: str) -> str:
    """Where a review recorded under `entry_id` lives, by the rule written out plainly: the
    latest rename of the id, then the latest rename of that one made after it, and so on
    (ReviewState gets there incrementally, whatever order the changes come in)."""
    renames = [c for c in changes if c.op is Op.RENAME]
    since = ""
    while True:
        later = [c for c in renames if c.entry_id == entry_id and c.at > since]
        latest = max((c for c in renames if c.entry_id == entry_id), key=lambda c: c.at,
                     default=None)
        if latest is None or latest not in later or latest.to is None:
            return entry_id
        since, entry_id = latest.at, latest.to


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(renamed_histories(), st.randoms(use_true_random=False))
def test_renames_move_reviews_in_any_order_as_if_made_in_time_order(
    changes: list[Change], rnd: random.Random
) -> None:
    """A rename moves the whole review (undone, back); a change made under an id that was
    renamed before it (by an editor who had not seen it yet) follows too. However the
    changes arrive, the review is the one of the changes moved to where they end up."""
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    state = ReviewState()
    for c in shuffled:
        assert state.apply(c) is None or c.op is Op.NOTE
    expected = ReviewState()
    for c in changes:
        if c.op is not Op.RENAME:
            expected.apply(c._replace(entry_id=_resolved(changes, c.entry_id)))

    def current(s: ReviewState) -> dict[str, tuple[list[object], list[object]]]:
        return {
            entry_id: (
                [(v.reviewer, v.mark, v.change_id) for v in entry.verdicts()],
                [(n.note_id, n.author, n.text) for n in entry.notes()],
            )
            for entry_id, entry in s.entries.items()
            if not entry.is_empty
        }

    assert current(state) == current(expected)
    # Nothing is lost from the history: every change folded is in the review it moved to.
    kept = {c.change_id for e in state.entries.values() for c in e.history}
    assert kept == state.seen
    assert {c.change_id for c in changes if c.op is not Op.NOTE} <= kept


def test_a_rename_and_its_undo_leave_the_review_where_it_was() -> None:
    state = ReviewState()
    state.apply(mark("1", "ada", "01", Mark.VERIFIED))
    state.apply(rename("r1", "e1", "e9", "02"))
    assert state.get("e1") is None and state.get("e9") is not None
    assert state.get("e9").verdict_of("ada").mark is Mark.VERIFIED  # type: ignore[union-attr]
    state.apply(mark("2", "bo", "03", Mark.DISPUTED))  # bo had not seen it: under e1
    assert state.get("e9").verdict_of("bo").mark is Mark.DISPUTED  # type: ignore[union-attr]
    state.apply(rename("r2", "e9", "e1", "04"))  # undone
    back = state.get("e1")
    assert state.get("e9") is None and back is not None
    assert {v.reviewer for v in back.verdicts()} == {"ada", "bo"}
    assert [c.change_id for c in back.history] == ["1", "r1", "2", "r2"]
    assert state.apply(rename("r3", "e1", "e1", "05")) is not None  # to itself: refused
