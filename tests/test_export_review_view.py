"""The one view of review state exports read (tui/export/review_view.py): what today's
review session gives it, the status filters, and that nothing else in the exports reads
the review store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from test_export_helpers import REPO
from test_review_helpers import STORY_ID, make_bundle

from tui.export.review_view import (
    STATUS_FILTERS,
    EntryStatus,
    Note,
    StatusFilter,
    Verdict,
    every_entry,
    kept,
    statuses_for,
)
from tui.review.marks import Mark, time_of
from tui.review.session import ReviewSession


@pytest.fixture
def session(tmp_path: Path) -> ReviewSession:
    return ReviewSession.open(tmp_path / "story.review.jsonl", STORY_ID, reviewer="alice")


def test_statuses_from_todays_review(session: ReviewSession) -> None:
    bundle = make_bundle()
    e1, e2, e3 = bundle.events
    session.set_mark(e1, Mark.VERIFIED)
    session.set_note(e2, "Which day?")
    session.set_mark(bundle.quotes[0], Mark.NEEDS_FIX)
    status_of = statuses_for(bundle, session)

    first = status_of(e1)
    marked = time_of(session.entry_review(e1).verdicts[0].at)
    assert first == EntryStatus("verified", (Verdict("alice", "verified", marked),), (), False)
    second = status_of(e2)
    assert second.status == "unreviewed" and second.verdicts == ()
    noted = time_of(session.entry_review(e2).notes[0].at)
    assert second.notes == (Note("alice", noted, "Which day?"),)
    assert status_of(e3) == EntryStatus("unreviewed")
    assert status_of(bundle.quotes[0]).status == "needs-fix"
    # Changed since it was verified: still verified, and stale.
    changed = e1._replace(title="Surrender at Baghouz, 23 March")
    assert status_of(changed).status == "verified" and status_of(changed).stale
    assert all(s.status in STATUS_FILTERS for s in map(status_of, every_entry(bundle)))


def test_several_reviewers_each_verdict_and_note_and_a_disagreement(
    session: ReviewSession, tmp_path: Path
) -> None:
    bundle = make_bundle()
    e1 = bundle.events[0]
    session.set_mark(e1, Mark.VERIFIED)
    bob = ReviewSession.open(tmp_path / "story.review.jsonl", STORY_ID, reviewer="bob")
    bob.set_mark(e1, Mark.DISPUTED)
    bob.set_note(e1, "Wrong day")
    session.set_note(e1, "Checked twice")
    session.refresh()
    found = statuses_for(bundle, session)(e1)
    assert found.status == "disagreed"
    assert [(v.reviewer, v.mark) for v in found.verdicts] == [
        ("alice", "verified"), ("bob", "disputed")
    ]
    assert [(n.author, n.text) for n in found.notes] == [
        ("bob", "Wrong day"), ("alice", "Checked twice")
    ]
    bob.set_mark(e1, Mark.VERIFIED)
    session.refresh()
    assert statuses_for(bundle, session)(e1).status == "verified"


def test_the_view_follows_later_changes(session: ReviewSession) -> None:
    """The view reads the session when asked, not when made: a palette export after a
    mark includes it."""
    bundle = make_bundle()
    status_of = statuses_for(bundle, session)
    session.set_mark(bundle.events[0], Mark.DISPUTED)
    assert status_of(bundle.events[0]).status == "disputed"


def status(name: str, stale: bool = False) -> EntryStatus:
    return EntryStatus(name, stale=stale)


@pytest.mark.parametrize(
    ("keep", "kept_", "left_out"),
    [
        (StatusFilter(), [status("unreviewed"), status("verified", True)], []),
        (StatusFilter.verified_only(), [status("verified")],
         [status("verified", True), status("disputed"), status("disagreed")]),
        (StatusFilter.of(["verified"]), [status("verified"), status("verified", True)],
         [status("needs-fix")]),
        (StatusFilter.of(["stale"]), [status("disputed", True), status("verified", True)],
         [status("verified"), status("unreviewed")]),
        (StatusFilter.of(["disputed", "disagreed"]), [status("disputed"), status("disagreed")],
         [status("verified"), status("needs-fix")]),
        (StatusFilter.of(["unreviewed"]), [status("unreviewed")], [status("verified")]),
    ],
)
def test_status_filters(
    keep: StatusFilter, kept_: list[EntryStatus], left_out: list[EntryStatus]
) -> None:
    assert all(keep.keeps(s) for s in kept_)
    assert not any(keep.keeps(s) for s in left_out)


def test_filters_describe_themselves_and_refuse_unknown_statuses() -> None:
    assert StatusFilter().describe() == "" and StatusFilter().keeps_all
    assert StatusFilter.verified_only().describe() == "verified and unchanged since"
    assert StatusFilter.of(["stale", "disputed"]).describe() == "disputed or stale"
    with pytest.raises(ValueError, match="unknown status 'verifed'"):
        StatusFilter.of(["verifed"])


def test_kept_keeps_order_and_type(session: ReviewSession) -> None:
    bundle = make_bundle()
    session.set_mark(bundle.events[2], Mark.VERIFIED)
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    status_of = statuses_for(bundle, session)
    assert kept(bundle.events, status_of, StatusFilter.of(["verified"])) == [
        bundle.events[0], bundle.events[2],
    ]
    assert [e.id for e in every_entry(bundle)] == ["e1", "e2", "e3", "a1", "a2", "q1"]


def _runtime_imports(path: Path) -> set[str]:
    """Modules `path` imports when it runs (not those only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_review_view_reads_the_review() -> None:
    """When the review store changes, `statuses_for` is the one thing to rewrite."""
    readers = {
        path.name
        for path in (REPO / "tui" / "export").glob("*.py")
        if any(name.startswith("tui.review") for name in _runtime_imports(path))
    }
    assert readers == {"review_view.py"}
