"""ReviewSession: verdicts of several reviewers, note threads, history, undo, staleness,
progress, navigation and filters, and saving that fails without losing anything."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_review_helpers import STORY_ID, link, log_lines, make_bundle, saved_verdicts

from tui.model.entities import Bundle, Entry
from tui.review import (
    Mark,
    ReviewFilter,
    ReviewSaveError,
    ReviewSession,
    Status,
    filter_entries,
    next_matching,
    predicate,
)
from tui.review.changes import Op
from tui.review.errors import ReviewerNameError
from tui.review.marks import parse_time
from tui.review.progress import Tally, bundle_entries


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "story.review.jsonl"


@pytest.fixture
def bundle() -> Bundle:
    return make_bundle()


def open_session(path: Path, reviewer: str = "ed") -> ReviewSession:
    return ReviewSession.open(path, STORY_ID, reviewer=reviewer)


def fail_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)


# -- the scenario of issue 15 ----------------------------------------------------------


def test_two_editors_both_verdicts_are_kept_and_shown(path: Path, bundle: Bundle) -> None:
    """A marks needs-fix, B marks disputed with a note: after A reloads, A's verdict is
    still there, beside B's, in memory, on disk and in what the screens are given."""
    a, b = open_session(path, "ana"), open_session(path, "bea")
    entry = bundle.events[0]
    a.set_mark(entry, Mark.NEEDS_FIX)
    b.set_mark(entry, Mark.DISPUTED)
    b.set_note(entry, "The date is the 24th")
    a.refresh()
    review = a.entry_review(entry)
    assert [(v.reviewer, v.mark) for v in review.verdicts] == [
        ("ana", Mark.NEEDS_FIX), ("bea", Mark.DISPUTED)
    ]
    assert review.status is Status.DISPUTED and review.disagreed
    assert a.mark_of(entry.id) is Mark.NEEDS_FIX  # what *you* said
    assert [(n.author, n.text) for n in review.notes] == [("bea", "The date is the 24th")]
    assert saved_verdicts(path) == {"e1": {"ana": "needs-fix", "bea": "disputed"}}
    arrived = a.take_arrivals()
    assert [(c.reviewer, c.op) for c in arrived] == [("bea", Op.MARK), ("bea", Op.NOTE)]
    assert a.take_arrivals() == []  # each arrival is handed over once


def test_a_second_note_never_replaces_the_first(path: Path, bundle: Bundle) -> None:
    a, b = open_session(path, "ana"), open_session(path, "bea")
    entry = bundle.events[0]
    a.set_note(entry, "check the date")
    b.set_note(entry, "checked: it is right")
    again = open_session(path, "cy")
    assert [(n.author, n.text) for n in again.entry_review(entry).notes] == [
        ("ana", "check the date"), ("bea", "checked: it is right")
    ]
    with pytest.raises(ValueError):
        b.edit_note(entry, a.entry_review(entry).notes[0].note_id, "overwritten")


def test_editing_your_note_keeps_the_earlier_text(path: Path, bundle: Bundle) -> None:
    session = open_session(path, "ana")
    entry = bundle.events[0]
    session.set_note(entry, "first thought")
    session.set_note(entry, "second thought")
    note_id = session.add_note(entry, "another point")
    assert note_id is not None
    review = open_session(path, "bea").entry_review(entry)
    assert [n.text for n in review.notes] == ["second thought", "another point"]
    texts = [c.text for c in review.history if c.op is Op.NOTE]
    assert texts == ["first thought", "second thought", "another point"]
    session.set_note(entry, None)  # withdraws the latest: "another point"
    assert [n.text for n in session.entry_review(entry).notes] == ["second thought"]


def test_each_change_is_one_line_with_reviewer_time_and_fingerprint(
    path: Path, bundle: Bundle
) -> None:
    session = open_session(path, "alice")
    e1 = bundle.events[0]
    before = datetime.now(UTC)
    assert session.set_mark(e1, Mark.VERIFIED) is True
    header, line = log_lines(path)
    assert header["format"] == "baghouz-review/2" and header["story"] == STORY_ID
    assert (line["entry"], line["op"], line["mark"], line["reviewer"]) == (
        "e1", "mark", "verified", "alice"
    )
    assert line["fingerprint"] == e1.fingerprint()
    assert before <= parse_time(line["at"]) <= datetime.now(UTC)
    assert session.set_mark(e1, Mark.VERIFIED) is False  # unchanged: no new line
    assert len(log_lines(path)) == 2


def test_history_keeps_every_change_and_undo_adds_one(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e1, Mark.DISPUTED)
    session.set_mark(e1, None)
    assert session.mark_of("e1") is None
    assert session.undo() and session.mark_of("e1") is Mark.DISPUTED
    assert session.undo() and session.mark_of("e1") is Mark.VERIFIED
    assert session.undo() and session.mark_of("e1") is None
    assert not session.undo()
    history = open_session(path).entry_review(e1).history
    assert [(c.op.value, c.mark.value if c.mark else None) for c in history] == [
        ("mark", "verified"), ("mark", "disputed"), ("clear", None),
        ("mark", "disputed"), ("mark", "verified"), ("clear", None),
    ]
    assert [bool(c.undoes) for c in history] == [False] * 3 + [True] * 3


def test_undo_restores_the_old_fingerprint(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    edited = e1._replace(title="Changed")
    session.set_mark(edited, Mark.VERIFIED)  # confirms the new version
    assert not session.is_stale(edited)
    session.undo()
    assert session.is_stale(edited)  # back to the verdict on the old version


def test_undo_of_a_note(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_note(e1, "one")
    session.set_note(e1, "two")
    session.undo()
    assert session.note_of("e1") == "one"
    session.undo()
    assert session.note_of("e1") is None


def test_clear_withdraws_your_verdict_and_notes_only(path: Path, bundle: Bundle) -> None:
    a, b = open_session(path, "ana"), open_session(path, "bea")
    e1 = bundle.events[0]
    a.set_mark(e1, Mark.VERIFIED)
    a.set_note(e1, "mine")
    b.set_mark(e1, Mark.DISPUTED)
    b.set_note(e1, "theirs")
    a.refresh()
    assert a.clear(e1)
    review = open_session(path, "cy").entry_review(e1)
    assert [(v.reviewer, v.mark) for v in review.verdicts] == [("bea", Mark.DISPUTED)]
    assert [n.author for n in review.notes] == ["bea"]


def test_change_times_always_increase_for_each_reviewer(path: Path, bundle: Bundle) -> None:
    """A clock that is behind (or two machines merged by git) must not make a later change
    lose to the earlier one."""
    session = open_session(path)
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    first = session.entry_review(e1).history[-1].at
    from tui.review import marks

    real = marks.utc_now
    try:
        marks.utc_now = lambda: parse_time("2000-01-01T00:00:00Z")  # type: ignore[assignment]
        session.set_mark(e1, Mark.DISPUTED)
    finally:
        marks.utc_now = real  # type: ignore[assignment]
    assert session.entry_review(e1).history[-1].at > first
    assert open_session(path, "other").verdict_of("e1", "ed").mark is Mark.DISPUTED


# -- names -----------------------------------------------------------------------------


def test_a_reviewer_name_that_cannot_be_saved_is_refused_before_any_mark(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ReviewerNameError, match="not valid UTF-8"):
        open_session(path, "caf\udce9")
    monkeypatch.setenv("USER", "bad\udcff")
    with pytest.raises(ReviewerNameError, match=r"\$USER"):
        ReviewSession.open(path, STORY_ID)
    assert not path.exists()


def test_a_refused_name_is_shown_as_one_escape_a_character_and_says_where_from(
    bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    """It showed 'Ana\\xe2\\x80\\xaeXY' (UTF-8 bytes, each backslash doubled), and a name
    from settings.toml as if from --reviewer."""
    from tui.app import EXIT_USAGE, run_app
    from tui.review.reviewer import checked_reviewer
    from tui.settings.file import Settings

    with pytest.raises(ReviewerNameError) as refused:
        checked_reviewer("Ana\u202eXY [b]é")
    message = str(refused.value)
    assert "the reviewer name 'Ana\\u202eXY [b]é' (from --reviewer)" in message
    assert "\u202e" not in message and "\\\\" not in message
    code = run_app(bundle, shipped=False, reviewer=None, theme=None,
                   settings=Settings(reviewer="bad\u0007name"))
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "'bad\\x07name' (from `reviewer` in settings.toml)" in err, err
    assert "\x07" not in err


def test_reviewer_defaults_to_user(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "carol")
    assert ReviewSession.open(path, STORY_ID).reviewer == "carol"


# -- stale and orphaned ----------------------------------------------------------------


def test_a_verdict_goes_stale_when_the_entry_changes(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    e1, e2 = bundle.events[:2]
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.VERIFIED)
    edited = make_bundle(events=(e1._replace(title="Surrender at Baghouz camp"), e2,
                                 bundle.events[2]))
    assert session.is_stale(edited.events[0]) and not session.is_stale(edited.events[1])
    assert session.stale_ids(edited) == ["e1"]
    assert session.progress(edited).stale == 1
    relinked = e2._replace(sources=(link("p1"),))
    assert session.is_stale(relinked)  # a changed source is a change too
    session.set_note(edited.events[0], "still fine?")
    assert session.is_stale(edited.events[0])  # a note does not refresh a verdict
    session.set_mark(edited.events[0], Mark.VERIFIED)  # re-marking confirms
    assert not session.is_stale(edited.events[0])


def test_reviews_of_removed_entries_are_kept_and_reported(path: Path, bundle: Bundle) -> None:
    session = open_session(path)
    session.set_mark(bundle.events[2], Mark.DISPUTED)
    smaller = make_bundle(events=bundle.events[:2])
    assert session.orphaned_ids(smaller) == ["e3"]
    assert session.progress(smaller).orphaned == 1
    assert session.progress(smaller).total == 5
    again = open_session(path)
    assert again.mark_of("e3") is Mark.DISPUTED
    assert again.orphaned_ids(bundle) == []


# -- progress, navigation, filters -----------------------------------------------------


def test_progress_counts_and_summary(path: Path, bundle: Bundle) -> None:
    session, other = open_session(path), open_session(path, "bo")
    e1, e2, e3 = bundle.events
    a1, a2 = bundle.actors
    assert session.progress(bundle).summary() == "0/6 reviewed"
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.DISPUTED)
    session.set_note(e2, "Which date?")
    session.set_mark(a1, Mark.NEEDS_FIX)
    session.set_note(a2, "Spelling")  # noted, not reviewed
    other.set_mark(e1, Mark.NEEDS_FIX)  # arrives on refresh: e1 becomes needs-fix
    assert session.progress(bundle).summary() == "3/6 reviewed, 1 disputed, 1 needs-fix"
    session.refresh()
    progress = session.progress(bundle)
    assert (progress.reviewed, progress.total) == (3, 6)
    assert (progress.verified, progress.disputed, progress.needs_fix) == (0, 1, 2)
    assert (progress.noted, progress.stale, progress.orphaned, progress.disagreed) == (
        2, 0, 0, 1
    )
    assert progress.summary() == "3/6 reviewed, 1 disputed, 2 needs-fix, 1 disagreed"
    assert str(progress) == progress.summary()
    edited = make_bundle(events=(e1._replace(when="2019-03-24"), e2, e3))
    assert session.progress(edited).stale == 1


def _recount(session: ReviewSession, bundle: Bundle) -> tuple[int, ...]:
    reviews = [session.entry_review(e, with_history=False) for e in bundle_entries(bundle)]
    return (
        sum(r.status is not Status.UNREVIEWED for r in reviews),
        sum(r.status is Status.VERIFIED for r in reviews),
        sum(r.status is Status.DISPUTED for r in reviews),
        sum(r.status is Status.NEEDS_FIX for r in reviews),
        sum(bool(r.notes) for r in reviews),
        sum(r.disagreed for r in reviews),
    )


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["ana", "bo"]), st.integers(0, 5),
                          st.sampled_from(["v", "x", "f", "clear", "note", "undo"])),
                max_size=30))
def test_the_kept_tally_agrees_with_a_recount(
    tmp_path: Path, steps: list[tuple[str, int, str]]
) -> None:
    """Progress is kept up to date one entry at a time, never recounted: whatever the
    changes, it must say what counting every entry again says."""
    bundle = make_bundle()
    entries = list(bundle_entries(bundle))
    path = tmp_path / f"p{os.urandom(4).hex()}.review.jsonl"
    sessions = {name: open_session(path, name) for name in ("ana", "bo")}
    for session in sessions.values():
        session.progress(bundle)  # the tally exists from here on
    for who, index, what in steps:
        session, entry = sessions[who], entries[index]
        if what == "undo":
            session.undo()
        elif what == "note":
            session.set_note(entry, f"note {index}")
        elif what == "clear":
            session.set_mark(entry, None)
        else:
            session.set_mark(entry, {"v": Mark.VERIFIED, "x": Mark.DISPUTED,
                                     "f": Mark.NEEDS_FIX}[what])
        for other in sessions.values():
            other.refresh()
    for session in sessions.values():
        p = session.progress(bundle)
        kept = (p.reviewed, p.verified, p.disputed, p.needs_fix, p.noted, p.disagreed)
        assert kept == _recount(session, bundle)
        assert Tally(bundle, session.state, session.fingerprint).progress() == p


def test_next_and_previous_go_to_entries_without_your_verdict(
    path: Path, bundle: Bundle
) -> None:
    session, other = open_session(path), open_session(path, "bo")
    ids = ["e1", "e2", "e3", "a1", "a2", "q1"]
    by_id: dict[str, Entry] = {e.id: e for e in bundle_entries(bundle)}
    for entry_id in ("e2", "a1", "a2"):
        session.set_mark(by_id[entry_id], Mark.VERIFIED)
    other.set_mark(by_id["e3"], Mark.VERIFIED)  # someone else's verdict is not yours
    session.refresh()
    session.set_note(by_id["q1"], "noted but not marked")
    assert session.next_unreviewed(ids, "e1") == "e3"
    assert session.next_unreviewed(ids, "e3") == "q1"
    assert session.next_unreviewed(ids, "q1") == "e1"  # wraps
    assert session.prev_unreviewed(ids, "e1") == "q1"
    assert session.next_unreviewed(ids, None) == "e1"
    assert session.next_unreviewed([], None) is None


def test_next_matching_with_any_predicate() -> None:
    ids = ["a", "b", "c", "d"]
    assert next_matching(ids, "b", lambda i: i in {"a", "d"}) == "d"
    assert next_matching(ids, "d", lambda i: i in {"a", "d"}) == "a"
    assert next_matching(ids, "b", lambda i: i in {"c", "d"}, backwards=True) == "d"


def test_filters(path: Path, bundle: Bundle) -> None:
    session, other = open_session(path), open_session(path, "bo")
    e1, e2, e3 = bundle.events
    a1, a2 = bundle.actors
    (q1,) = bundle.quotes
    session.set_mark(e1, Mark.VERIFIED)
    session.set_mark(e2, Mark.DISPUTED)
    session.set_mark(e3, Mark.NEEDS_FIX)
    other.set_mark(e3, Mark.DISPUTED)  # e3: disputed by bo, needs-fix by ed
    session.set_note(e2, "why?")
    session.set_note(a1, "spelling")
    session.refresh()
    edited = make_bundle(events=(e1._replace(title="Changed"), e2, e3))
    entries: list[Entry] = [*edited.events, a1, a2, q1]

    def ids(kind: ReviewFilter | str) -> list[str]:
        return [entry.id for entry in filter_entries(entries, kind, session)]

    assert ids(ReviewFilter.ALL) == ["e1", "e2", "e3", "a1", "a2", "q1"]
    assert ids("unreviewed") == ["a1", "a2", "q1"]
    assert ids(ReviewFilter.DISPUTED) == ["e2", "e3"]
    assert ids("needs-fix") == ["e3"]  # someone says needs-fix, though e3 is disputed
    assert ids("disagreed") == ["e3"]
    assert ids("noted") == ["e2", "a1"]
    assert ids("stale") == ["e1"]
    keep = predicate("disputed", session)
    assert keep(e2) and not keep(e1)
    with pytest.raises(ValueError):
        predicate("bogus", session)


# -- errors ----------------------------------------------------------------------------


def test_a_failed_save_keeps_working_in_memory(
    path: Path, bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(path)
    fail_writes(monkeypatch)
    with pytest.raises(ReviewSaveError) as caught:
        session.set_mark(bundle.events[0], Mark.VERIFIED)
    assert session.last_error is caught.value
    assert "disk is full" in str(caught.value)
    with pytest.raises(ReviewSaveError):
        session.set_note(bundle.events[1], "still recorded")
    assert session.mark_of("e1") is Mark.VERIFIED
    assert session.note_of("e2") == "still recorded"
    assert session.has_unsaved_changes
    assert session.progress(bundle).reviewed == 1
    monkeypatch.undo()
    session.save()
    assert not session.has_unsaved_changes and session.last_error is None
    fresh = open_session(path, "other")
    assert fresh.verdict_of("e1", "ed").mark is Mark.VERIFIED
    assert fresh.entry_review(bundle.events[1]).notes[0].text == "still recorded"


def test_a_read_only_session_never_writes(path: Path, bundle: Bundle) -> None:
    open_session(path).set_mark(bundle.events[0], Mark.VERIFIED)
    before = path.read_bytes()
    reader = ReviewSession.open(path, STORY_ID, read_only=True)
    with pytest.raises(ReviewSaveError):
        reader.set_mark(bundle.events[1], Mark.VERIFIED)
    assert path.read_bytes() == before
