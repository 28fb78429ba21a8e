"""The review log on disk: paths, format, incremental reads, torn lines, full disks, the
upgrade of first-format files, unusable and crafted files, read-only folders, git merges."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from test_review_helpers import (
    STORY_ID,
    log_lines,
    make_bundle,
    many_events_bundle,
    saved_verdicts,
)

from tui.review import log as review_log
from tui.review.changes import Op
from tui.review.marks import Mark
from tui.review.paths import review_path_for, review_paths
from tui.review.session import ReviewSession

V1_RECORDS = {
    "e1": {"type": "event", "mark": "verified", "note": "Matches the wire", "reviewer": "ana",
           "at": "2025-03-01T09:30:00.000001Z", "fingerprint": "f1"},
    "e2": {"type": "event", "mark": None, "note": None, "reviewer": "bea",
           "at": "2025-03-01T09:31:00.000000Z", "fingerprint": None},
    "q1": {"type": "quote", "mark": "disputed", "note": None, "reviewer": "bea",
           "at": "2025-03-01T11:32:00+02:00", "fingerprint": "f3"},
}


def v1_file(path: Path, records: dict[str, object] | None = None) -> Path:
    doc = {"format": "baghouz-review/1", "story": STORY_ID, "marks": records or V1_RECORDS}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def open_session(path: Path, reviewer: str = "ed", **options: object) -> ReviewSession:
    return ReviewSession.open(path, STORY_ID, reviewer=reviewer, **options)  # type: ignore[arg-type]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- paths -----------------------------------------------------------------------------


def test_the_review_is_beside_a_writable_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "story.toml"
    assert review_path_for(bundle) == tmp_path / "story.review.jsonl"


def test_the_review_is_in_xdg_data_when_not_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = review_path_for(tmp_path / "story.toml", prefer_beside=False, story_id="My story!")
    assert path.parent == tmp_path / "data" / "baghouz-tui" / "reviews"
    assert re.fullmatch(r"My_story-[0-9a-f]{12}\.review\.jsonl", path.name), path.name
    other = review_path_for(tmp_path / "b" / "story.toml", prefer_beside=False, story_id="x")
    assert other.name != path.name.replace("My_story", "x")  # the bundle's path is hashed


def test_xdg_folders_the_app_creates_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        (tmp_path / "data" / "baghouz-tui").mkdir(parents=True, mode=0o755)  # an old one
        os.chmod(tmp_path / "data" / "baghouz-tui", 0o755)
        bundle = make_bundle(tmp_path / "story.toml")
        session = ReviewSession.for_bundle(bundle, prefer_beside=False, reviewer="ed")
        session.set_mark(bundle.events[0], Mark.VERIFIED)
    finally:
        os.umask(old)
    for folder in (tmp_path / "data" / "baghouz-tui", session.path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


# -- the log ---------------------------------------------------------------------------


def test_a_reload_reads_only_the_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving and reloading must not cost time in proportion to the whole history."""
    path = tmp_path / "story.review.jsonl"
    bundle = many_events_bundle(2000)
    writer = open_session(path, "ana")
    for entry in bundle.events:
        writer.set_mark(entry, Mark.VERIFIED)
    reader = open_session(path, "bea")
    read: list[int] = []
    real = review_log.read_at

    def counting(fd: int, offset: int, *, limit: int, name: str) -> bytes:
        data = real(fd, offset, limit=limit, name=name)
        read.append(len(data))
        return data

    monkeypatch.setattr(review_log, "read_at", counting)
    writer.set_mark(bundle.events[0], Mark.DISPUTED)
    reader.refresh()
    reader.set_mark(bundle.events[1], Mark.NEEDS_FIX)  # its save reads what came before
    assert reader.mark_of("e1") is Mark.NEEDS_FIX
    assert reader.verdict_of("e0", "ana").mark is Mark.DISPUTED
    assert path.stat().st_size > 300_000
    assert sum(read) < 2_000, read  # two or three lines, not the 2,000 before them


def test_an_unfinished_last_line_is_ignored_then_moved_aside(tmp_path: Path) -> None:
    """A writer killed in the middle of its write leaves a line without its end: readers
    skip it (it may still be coming), the next writer keeps it aside and starts clean."""
    path = tmp_path / "story.review.jsonl"
    bundle = make_bundle()
    open_session(path, "ana").set_mark(bundle.events[0], Mark.VERIFIED)
    with open(path, "ab") as log:
        log.write(b'{"change":"dead","entry":"e2","ty')
    reader = open_session(path, "bea")
    assert reader.warnings == []
    assert reader.mark_of("e1") is None and reader.verdict_of("e1", "ana") is not None
    reader.set_mark(bundle.events[1], Mark.DISPUTED)
    assert any("unfinished last line" in w for w in reader.warnings)
    torn = [n for n in names(tmp_path) if ".torn-" in n]
    assert len(torn) == 1 and (tmp_path / torn[0]).read_bytes().startswith(b'{"change":"dead"')
    assert path.read_bytes().endswith(b"\n")
    assert saved_verdicts(path) == {"e1": {"ana": "verified"}, "e2": {"bea": "disputed"}}


def test_a_full_disk_leaves_the_log_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "story.review.jsonl"
    bundle = make_bundle()
    session = open_session(path)
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    before = path.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if os.readlink(f"/proc/self/fd/{fd}") == str(path):
            return real_write(fd, bytes(data)[: len(data) // 2])
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(Exception, match="disk is full"):
        session.set_mark(bundle.events[1], Mark.DISPUTED)
    assert path.read_bytes() == before  # the half line was cut off again
    monkeypatch.undo()
    session.save()
    assert saved_verdicts(path) == {"e1": {"ed": "verified"}, "e2": {"ed": "disputed"}}


def test_an_fsync_failure_is_a_failed_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "story.review.jsonl"
    session = open_session(path)
    session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    before = path.read_bytes()

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(Exception, match="Input/output error"):
        session.set_mark(make_bundle().events[1], Mark.VERIFIED)
    assert path.read_bytes() == before
    assert session.has_unsaved_changes


def test_a_file_replaced_under_us_gets_our_changes_back(tmp_path: Path) -> None:
    """Another editor set the log aside (or git checked out another version): what it
    held, that this editor saw saved, is written again."""
    path = tmp_path / "story.review.jsonl"
    bundle = make_bundle()
    ana, bea = open_session(path, "ana"), open_session(path, "bea")
    ana.set_mark(bundle.events[0], Mark.VERIFIED)
    bea.refresh()
    path.rename(tmp_path / "elsewhere.jsonl")
    bea.set_mark(bundle.events[1], Mark.DISPUTED)
    assert saved_verdicts(path) == {"e1": {"ana": "verified"}, "e2": {"bea": "disputed"}}


def test_git_union_merge_of_two_branches_keeps_every_change(tmp_path: Path) -> None:
    """Two copies of the log changed on two branches: `merge=union` keeps both sides'
    lines; reading the result gives every verdict of both."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path / "base.review.jsonl"
    bundle = make_bundle()
    open_session(base, "ana").set_mark(bundle.events[0], Mark.VERIFIED)
    ours, theirs = tmp_path / "ours.review.jsonl", tmp_path / "theirs.review.jsonl"
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    open_session(ours, "ana").set_mark(bundle.events[1], Mark.DISPUTED)
    open_session(theirs, "bea").set_mark(bundle.events[0], Mark.NEEDS_FIX)
    open_session(theirs, "bea").set_note(bundle.events[0], "which date?")
    subprocess.run(["git", "merge-file", "--union", str(ours), str(base), str(theirs)],
                   check=True)
    merged = open_session(ours, "cy")
    assert merged.warnings == []
    assert saved_verdicts(ours) == {
        "e1": {"ana": "verified", "bea": "needs-fix"}, "e2": {"ana": "disputed"}
    }
    assert [n.text for n in merged.entry_review(bundle.events[0]).notes] == ["which date?"]


# -- the first format ------------------------------------------------------------------


def test_a_first_format_file_is_upgraded_and_kept_aside(tmp_path: Path) -> None:
    old = v1_file(tmp_path / "story.review.json")
    original = old.read_bytes()
    session = open_session(tmp_path / "story.review.jsonl", "cy")
    assert any("Upgraded" in w and "kept as" in w for w in session.warnings), session.warnings
    aside = [n for n in names(tmp_path) if n.startswith("story.review.json.v1-upgraded-")]
    assert len(aside) == 1 and (tmp_path / aside[0]).read_bytes() == original
    assert not old.exists()
    header = log_lines(tmp_path / "story.review.jsonl")[0]
    assert header["upgraded_from"] == "baghouz-review/1"
    again = open_session(tmp_path / "story.review.jsonl", "cy")
    e1 = again.state.entries["e1"]
    assert [(v.reviewer, v.mark, v.at) for v in e1.verdicts()] == [
        ("ana", Mark.VERIFIED, "2025-03-01T09:30:00.000001Z")
    ]
    assert [(n.author, n.text) for n in e1.notes()] == [("ana", "Matches the wire")]
    assert [c.op for c in again.state.entries["e2"].history] == [Op.CLEAR]  # the tombstone
    assert again.state.entries["q1"].verdicts()[0].at == "2025-03-01T09:32:00.000000Z"
    assert len(again.state.seen) == 4  # nothing counted twice


def test_a_first_format_file_is_only_read_by_a_read_only_session(tmp_path: Path) -> None:
    old = v1_file(tmp_path / "story.review.json")
    session = open_session(tmp_path / "story.review.jsonl", read_only=True)
    assert session.verdict_of("e1", "ana").mark is Mark.VERIFIED
    assert names(tmp_path) == ["story.review.json"]
    assert old.exists()


def test_an_old_editor_saving_after_the_upgrade_loses_nothing(tmp_path: Path) -> None:
    v1_file(tmp_path / "story.review.json")
    session = open_session(tmp_path / "story.review.jsonl", "cy")
    late = {"e3": {"type": "event", "mark": "needs-fix", "note": None, "reviewer": "old",
                   "at": "2025-03-02T09:00:00.000000Z", "fingerprint": "f"}}
    v1_file(tmp_path / "story.review.json", late)  # an editor still on the old version
    session.refresh()
    assert saved_verdicts(tmp_path / "story.review.jsonl")["e3"] == {"old": "needs-fix"}
    assert not (tmp_path / "story.review.json").exists()


# -- unusable and crafted files --------------------------------------------------------

UNUSABLE = {
    "not-json": b"not json at all\n",
    "empty-object": b"{}\n",
    "foreign-story": b'{"format": "baghouz-review/2", "story": "other"}\n',
    "future-format": b'{"format": "baghouz-review/9", "story": "baghouz-test"}\n',
    "binary": b"\x00\xff\xfe garbage\n",
    "v1-in-a-log": json.dumps({"format": "baghouz-review/1", "story": STORY_ID,
                               "marks": {}}, indent=2).encode(),
}


@pytest.mark.parametrize("content", list(UNUSABLE.values()), ids=list(UNUSABLE))
def test_an_unusable_log_is_set_aside_by_a_writer_and_reported(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "story.review.jsonl"
    path.write_bytes(content)
    reader = open_session(path, read_only=True)
    assert reader.errors and path.read_bytes() == content  # a reader leaves it alone
    session = open_session(path)
    assert any("not usable" in w and "Moved it to" in w for w in session.warnings)
    aside = [n for n in names(tmp_path) if n.startswith("story.review.jsonl.unusable-")]
    assert len(aside) == 1 and (tmp_path / aside[0]).read_bytes() == content
    session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert saved_verdicts(path) == {"e1": {"ed": "verified"}}


def test_crafted_lines_are_reported_and_skipped_never_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "story.review.jsonl"
    good = open_session(path, "ana")
    good.set_mark(make_bundle().events[0], Mark.VERIFIED)
    base = {"change": "x", "entry": "e2", "type": "event", "op": "mark", "reviewer": "eve",
            "at": "2025-03-01T09:30:00.000000Z", "fingerprint": None, "mark": "disputed"}
    crafted = [
        {**base, "change": "c1", "at": "0001-01-01T00:00:00+05:00"},
        {**base, "change": "c2", "at": "9999-12-31T23:59:59.999999+00:00"},
        {**base, "change": "c3", "mark": ["verified"]},
        {**base, "change": "c4", "reviewer": "r" * 10_000},
        {**base, "change": "c5", "op": "note", "note": "n", "text": "t" * 30_000},
        {**base, "change": "c6", "entry": {"nested": [1, 2]}},
        [1, 2, 3],
        "just a string",
    ]
    with open(path, "ab") as log:
        for item in crafted:
            log.write(json.dumps(item).encode() + b"\n")
        log.write(b"{not json\n")
        log.write(b'{"change": "big", "text": "' + b"y" * 300_000 + b'"}\n')
        log.write(json.dumps({**base, "change": "fine", "reviewer": "bea"}).encode() + b"\n")
    session = open_session(path, "cy")
    assert saved_verdicts(path) == {"e1": {"ana": "verified"}, "e2": {"bea": "disputed"}}
    skipped = [w for w in session.warnings if "skipped" in w]
    assert len(skipped) == len(crafted) + 2
    assert all(re.search(r"line \d+", w) for w in skipped)
    session.set_mark(make_bundle().events[2], Mark.NEEDS_FIX)  # and marking still works


def test_changes_for_far_too_many_unknown_entries_are_left_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.review import state

    monkeypatch.setattr(state, "MAX_UNKNOWN_ENTRIES", 50)
    path = tmp_path / "story.toml"
    bundle = make_bundle(path)
    log = review_paths(path).shared
    assert log is not None
    flood = open_session(log, "eve")
    orphans = many_events_bundle(120)
    for entry in orphans.events:
        flood.set_mark(entry._replace(id=f"gone-{entry.id}"), Mark.VERIFIED)
    session = ReviewSession.for_bundle(bundle, reviewer="ed")
    assert any("70 review changes" in w and "stay in the file" in w for w in session.warnings)
    assert session.progress(bundle).orphaned == 50
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    assert "e1" in saved_verdicts(log)
