"""ReviewSession: marks, notes, undo, reload, staleness, progress, navigation, filters."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_review_helpers import STORY_ID, link, make_bundle, read_json

from tui.model.entities import Bundle, Entry
from tui.review import (
    Mark,
    ReviewFilter,
    ReviewSaveError,
    ReviewSession,
    filter_entries,
    next_matching,
    predicate,
)
from tui.review.marks import parse_time
from tui.review.session import bundle_entries


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "story.review.json"


@pytest.fixture
def bundle() -> Bundle:
    return make_bundle()


def open_session(path: Path, reviewer: str = "ed") -> ReviewSession:
    return ReviewSession.open(path, STORY_ID, reviewer=reviewer)


def on_disk(path: Path) -> dict[str, tuple[object, object]]:
    return {k: (v["mark"], v["note"]) for k, v in read_json(path)["marks"].items()}


def fail_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)


# -- marks and notes -------------------------------------------------------------------


def test_mark_is_saved_with_reviewer_time_and_fingerprint(path: Path, bundle: Bundle) -> None:
    session = open_session(path, reviewer="alice")
    e1 = bundle.events[0]
    before = datetime.now(UTC)
    assert session.set_mark(e1, Mark.VERIFIED) is True

    stored = read_json(path)["marks"]["e1"]
    assert stored["type"] == "event"
    assert stored["mark"] == "verified"
    assert stored["note"] is None
    assert stored["reviewer"] == "alice"
    assert stored["fingerprint"] == e1.fingerprint()
    assert stored["at"].endswith("Z")
    at = parse_time(stored["at"])
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC) + timedelta(seconds=1)

    record = session.get("e1")
    assert record is not None and record.mark is Mark.VERIFIED and record.reviewer == "alice"
    assert session.get("e2") is None


def test_every_entry_type_and_string_marks(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    session.set_mark(bundle.actors[0], "disputed")
    session.set_mark(bundle.quotes[0], "needs-fix")
    marks = read_json(path)["marks"]
    assert (marks["a1"]["type"], marks["a1"]["mark"]) == ("actor", "disputed")
    assert (marks["q1"]["type"], marks["q1"]["mark"]) == ("quote", "needs-fix")
    with pytest.raises(ValueError):
        session.set_mark(bundle.events[0], "maybe")


def test_reviewer_defaults_to_user(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "carol")
    session = ReviewSession.open(path, STORY_ID)
    assert session.reviewer == "carol"
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    assert read_json(path)["marks"]["e1"]["reviewer"] == "carol"


def test_notes_marks_and_clear(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_note(e1, "Check the date against the AP wire.")
    assert on_disk(path) == {"e1": (None, "Check the date against the AP wire.")}
    assert session.get("e1") is not None and not session.is_reviewed("e1")

    session.set_mark(e1, Mark.NEEDS_FIX)
    assert on_disk(path)["e1"] == ("needs-fix", "Check the date against the AP wire.")
    session.set_mark(e1, None)  # removes the mark, keeps the note
    assert on_disk(path)["e1"] == (None, "Check the date against the AP wire.")
    session.set_mark(e1, Mark.VERIFIED)
    session.set_note(e1, "   ")  # blank removes the note, keeps the mark
    assert on_disk(path)["e1"] == ("verified", None)

    session.clear(e1)
    assert session.get("e1") is None
    stored = read_json(path)["marks"]["e1"]  # a dated tombstone, not a deleted key
    assert stored["mark"] is None and stored["note"] is None and stored["at"]


def test_unchanged_mark_is_not_a_change(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    at = read_json(path)["marks"]["e1"]["at"]
    assert session.set_mark(e1, Mark.VERIFIED) is False
    assert session.clear(bundle.events[1]) is False  # nothing to clear
    assert read_json(path)["marks"]["e1"]["at"] == at
    assert "e2" not in read_json(path)["marks"]
    session.undo()
    assert not session.can_undo  # only one real change was recorded


def test_marks_are_loaded_by_a_new_session(path: Path, bundle: Bundle) -> None:
    first = open_session(path)
    first.set_mark(bundle.events[0], Mark.DISPUTED)
    first.set_note(bundle.events[0], "Two sources disagree")
    again = open_session(path)
    assert again.warnings == []
    assert again.mark_of("e1") is Mark.DISPUTED
    assert again.note_of("e1") == "Two sources disagree"


def test_change_times_always_increase(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    first = session.records["e1"].at
    frozen = first - timedelta(hours=1)  # the clock went backwards
    monkeypatch.setattr("tui.review.marks.utc_now", lambda: frozen)
    session.set_mark(e1, Mark.DISPUTED)
    assert session.records["e1"].at > first


# -- undo ------------------------------------------------------------------------------


def test_undo_restores_previous_states_and_saves(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1, e2 = bundle.events[:2]
    assert session.undo() is None
    session.set_mark(e1, Mark.VERIFIED)
    session.set_note(e1, "ok")
    session.set_mark(e1, Mark.DISPUTED)
    session.set_mark(e2, Mark.NEEDS_FIX)

    assert session.undo() == "e2"
    assert on_disk(path)["e2"] == (None, None)
    assert session.undo() == "e1"
    assert on_disk(path)["e1"] == ("verified", "ok")
    assert session.mark_of("e1") is Mark.VERIFIED
    assert session.undo() == "e1"
    assert on_disk(path)["e1"] == ("verified", None)
    assert session.undo() == "e1"
    assert session.get("e1") is None and on_disk(path)["e1"] == (None, None)
    assert session.undo() is None and not session.can_undo


def test_undo_is_a_new_change_that_merges(path: Path, bundle: Bundle) -> None:
    alice, bob = open_session(path, "alice"), open_session(path, "bob")
    e1, e2 = bundle.events[:2]
    alice.set_mark(e1, Mark.VERIFIED)
    alice.set_mark(e1, Mark.DISPUTED)
    bob.set_mark(e2, Mark.VERIFIED)
    at_before = read_json(path)["marks"]["e1"]["at"]
    assert alice.undo() == "e1"
    marks = read_json(path)["marks"]
    assert marks["e1"]["mark"] == "verified"
    assert parse_time(marks["e1"]["at"]) > parse_time(at_before)
    assert marks["e2"]["mark"] == "verified"  # bob's mark survives alice's undo
    assert alice.mark_of("e2") is Mark.VERIFIED


def test_undo_restores_the_old_fingerprint(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    changed = e1._replace(title="Surrender at Baghouz camp")
    session.set_mark(changed, Mark.DISPUTED)  # marked against the new text
    session.undo()
    assert session.mark_of("e1") is Mark.VERIFIED
    assert session.is_stale(changed) and not session.is_stale(e1)


# -- two editors -----------------------------------------------------------------------


def test_two_sessions_see_each_others_marks(path: Path, bundle: Bundle) -> None:
    alice, bob = open_session(path, "alice"), open_session(path, "bob")
    e1, e2, e3 = bundle.events
    alice.set_mark(e1, Mark.VERIFIED)
    bob.set_mark(e2, Mark.DISPUTED)  # bob had never seen e1: it must survive his save
    assert on_disk(path) == {"e1": ("verified", None), "e2": ("disputed", None)}
    assert bob.mark_of("e1") is Mark.VERIFIED  # a save also brings in others' marks
    assert alice.mark_of("e2") is None
    assert alice.reload() == []
    assert alice.mark_of("e2") is Mark.DISPUTED
    alice.set_mark(e3, Mark.NEEDS_FIX)
    assert set(on_disk(path)) == {"e1", "e2", "e3"}


def test_clear_survives_a_merge(path: Path, bundle: Bundle) -> None:
    alice, bob = open_session(path, "alice"), open_session(path, "bob")
    e1, e2 = bundle.events[:2]
    alice.set_mark(e1, Mark.VERIFIED)
    bob.reload()
    assert bob.mark_of("e1") is Mark.VERIFIED
    alice.clear(e1)
    bob.set_mark(e2, Mark.DISPUTED)  # bob still holds e1 as verified in memory
    assert on_disk(path)["e1"] == (None, None)
    assert bob.get("e1") is None


def test_newer_clear_beats_an_older_unsaved_change(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = open_session(path, "alice"), open_session(path, "bob")
    e1, e2 = bundle.events[:2]
    alice.set_mark(e1, Mark.VERIFIED)
    bob.reload()
    with monkeypatch.context() as mp:
        fail_writes(mp)
        with pytest.raises(ReviewSaveError):
            bob.set_mark(e1, Mark.DISPUTED)  # older change, stuck in bob's memory
    alice.clear(e1)  # newer
    bob.set_mark(e2, Mark.VERIFIED)  # bob's retry merges e1: the newer clear wins
    assert on_disk(path) == {"e1": (None, None), "e2": ("verified", None)}
    assert bob.get("e1") is None


def test_newer_unsaved_change_beats_an_older_one_on_disk(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = open_session(path, "alice"), open_session(path, "bob")
    e1 = bundle.events[0]
    alice.set_mark(e1, Mark.VERIFIED)
    bob.reload()
    alice.set_mark(e1, Mark.NEEDS_FIX)
    with monkeypatch.context() as mp:
        fail_writes(mp)
        with pytest.raises(ReviewSaveError):
            bob.set_mark(e1, Mark.DISPUTED)  # newest, but not yet saved
    bob.reload()  # reload keeps bob's newer unsaved change...
    assert bob.mark_of("e1") is Mark.DISPUTED and bob.has_unsaved_changes
    bob.save()  # ...and saving writes it
    assert on_disk(path)["e1"] == ("disputed", None)
    alice.reload()
    assert alice.mark_of("e1") is Mark.DISPUTED


# -- stale and orphaned ----------------------------------------------------------------


def test_mark_goes_stale_when_the_entry_changes(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1, e2 = bundle.events[:2]
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.VERIFIED)
    assert not session.is_stale(e1)

    edited = make_bundle(
        events=(
            e1._replace(title="Surrender at Baghouz camp"),
            e2,
            bundle.events[2],
        )
    )
    assert session.is_stale(edited.events[0]) and not session.is_stale(edited.events[1])
    assert session.stale_ids(edited) == ["e1"]
    assert session.progress(edited).stale == 1
    assert session.mark_of("e1") is Mark.VERIFIED  # shown stale, not dropped

    relinked = make_bundle(events=(e1, e2._replace(sources=(link("p1"),)), e1))
    assert session.is_stale(relinked.events[1])  # a changed source is a change too

    session.set_note(edited.events[0], "still fine?")
    assert session.is_stale(edited.events[0])  # a note does not refresh the mark
    session.set_mark(edited.events[0], Mark.VERIFIED)  # re-marking confirms
    assert not session.is_stale(edited.events[0])
    assert session.is_stale(e1)


def test_marks_for_removed_entries_are_kept_and_reported(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    session.set_mark(bundle.events[2], Mark.DISPUTED)
    smaller = make_bundle(events=bundle.events[:2])
    session.set_mark(smaller.events[0], Mark.VERIFIED)
    assert session.orphaned_ids(smaller) == ["e3"]
    assert session.progress(smaller).orphaned == 1
    assert session.progress(smaller).total == 5
    assert "e3" in read_json(path)["marks"]
    again = open_session(path)
    assert again.mark_of("e3") is Mark.DISPUTED
    assert again.orphaned_ids(bundle) == []


# -- progress, navigation, filters -----------------------------------------------------


def test_progress_counts_and_summary(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1, e2, e3 = bundle.events
    a1, a2 = bundle.actors
    assert session.progress(bundle).summary() == "0/6 reviewed"
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.DISPUTED)
    session.set_note(e2, "Which date?")
    session.set_mark(a1, Mark.NEEDS_FIX)
    session.set_note(a2, "Spelling")  # noted, not reviewed
    progress = session.progress(bundle)
    assert (progress.reviewed, progress.total) == (3, 6)
    assert (progress.verified, progress.disputed, progress.needs_fix) == (1, 1, 1)
    assert (progress.noted, progress.stale, progress.orphaned) == (2, 0, 0)
    assert progress.summary() == "3/6 reviewed, 1 disputed, 1 needs-fix"
    assert str(progress) == progress.summary()
    edited = make_bundle(events=(e1._replace(when="2019-03-24"), e2, e3))
    assert session.progress(edited).summary() == "3/6 reviewed, 1 disputed, 1 needs-fix, 1 stale"


def test_next_and_previous_unreviewed_wrap(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    ids = ["e1", "e2", "e3", "a1", "a2", "q1"]
    by_id: dict[str, Entry] = {e.id: e for e in bundle_entries(bundle)}
    for entry_id in ("e2", "a1", "a2"):
        session.set_mark(by_id[entry_id], Mark.VERIFIED)
    session.set_note(by_id["e3"], "noted but not marked")
    # unreviewed: e1, e3, q1
    assert session.next_unreviewed(ids, "e1") == "e3"
    assert session.next_unreviewed(ids, "e3") == "q1"
    assert session.next_unreviewed(ids, "q1") == "e1"  # wraps
    assert session.prev_unreviewed(ids, "e3") == "e1"
    assert session.prev_unreviewed(ids, "e1") == "q1"  # wraps
    assert session.next_unreviewed(ids, None) == "e1"
    assert session.prev_unreviewed(ids, None) == "q1"
    assert session.next_unreviewed(ids, "gone") == "e1"
    for entry_id in ("e1", "e3"):
        session.set_mark(by_id[entry_id], Mark.VERIFIED)
    assert session.next_unreviewed(ids, "q1") == "q1"  # only the current one is left
    session.set_mark(by_id["q1"], Mark.VERIFIED)
    assert session.next_unreviewed(ids, "q1") is None
    assert session.prev_unreviewed(ids, "e1") is None
    assert session.next_unreviewed([], None) is None


def test_next_matching_with_any_predicate() -> None:
    ids = ["a", "b", "c", "d"]
    assert next_matching(ids, "b", lambda i: i in {"a", "d"}) == "d"
    assert next_matching(ids, "d", lambda i: i in {"a", "d"}) == "a"
    assert next_matching(ids, "b", lambda i: i in {"c", "d"}, backwards=True) == "d"


def test_filters(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1, e2, e3 = bundle.events
    a1, a2 = bundle.actors
    (q1,) = bundle.quotes
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.DISPUTED)
    session.set_mark(e3, Mark.NEEDS_FIX)
    session.set_note(e2, "why?")
    session.set_note(a1, "spelling")
    edited = make_bundle(events=(e1._replace(title="Changed"), e2, e3))
    entries: list[Entry] = [*edited.events, a1, a2, q1]

    def ids(kind: ReviewFilter | str) -> list[str]:
        return [entry.id for entry in filter_entries(entries, kind, session)]

    assert ids(ReviewFilter.ALL) == ["e1", "e2", "e3", "a1", "a2", "q1"]
    assert ids("unreviewed") == ["a1", "a2", "q1"]
    assert ids(ReviewFilter.DISPUTED) == ["e2"]
    assert ids("needs-fix") == ["e3"]
    assert ids("noted") == ["e2", "a1"]
    assert ids("stale") == ["e1"]
    keep = predicate("disputed", session)
    assert keep(e2) and not keep(e1)
    with pytest.raises(ValueError):
        predicate("bogus", session)


# -- errors ----------------------------------------------------------------------------


def test_failed_save_keeps_working_in_memory(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(path)
    fail_writes(monkeypatch)
    with pytest.raises(ReviewSaveError) as caught:
        session.set_mark(bundle.events[0], Mark.VERIFIED)
    assert session.last_error is caught.value
    assert str(path) in str(caught.value) and "kept in memory" in str(caught.value)
    with pytest.raises(ReviewSaveError):
        session.set_note(bundle.events[1], "still recorded")
    assert session.mark_of("e1") is Mark.VERIFIED
    assert session.note_of("e2") == "still recorded"
    assert session.progress(bundle).reviewed == 1
    monkeypatch.undo()
    session.save()
    assert on_disk(path) == {"e1": ("verified", None), "e2": (None, "still recorded")}
    assert session.last_error is None
