"""Review files: paths, atomic writes, full disks, locking, merging, bad files, crashes."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_review_helpers import STORY_ID, make_bundle, many_events_bundle, read_json

from tui.model.entities import EntryType
from tui.review import storage
from tui.review.marks import Mark, MarkRecord
from tui.review.session import ReviewSession
from tui.review.storage import (
    REVIEW_FORMAT,
    ReviewSaveError,
    ReviewStore,
    merge,
    parse_review,
    review_path_for,
)

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
ASIDE = re.compile(r"^story\.review\.json\.corrupt-\d{8}T\d{6}Z(-\d+)?$")


def record(mark: Mark | None, at: datetime, reviewer: str = "ed") -> MarkRecord:
    return MarkRecord(EntryType.EVENT, mark, None, reviewer, at, "fp")


T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@contextmanager
def disk_full(directory: Path) -> Iterator[None]:
    """os.write into files under `directory` writes half, then fails with ENOSPC."""
    real_write = os.write

    def write(fd: int, data: bytes | memoryview) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(directory)):
            real_write(fd, bytes(data)[: max(1, len(data) // 2)])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "write", write)
        yield


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- paths -----------------------------------------------------------------------------


def test_review_path_beside_a_writable_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "baghouz.toml"
    assert review_path_for(bundle) == tmp_path / "baghouz.review.json"


def test_review_path_in_xdg_data_home_when_not_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    bundle = tmp_path / "site-packages" / "baghouz.toml"
    path = review_path_for(bundle, prefer_beside=False, story_id="baghouz")
    assert path.parent == tmp_path / "xdg" / "baghouz-tui" / "reviews"
    assert re.fullmatch(r"baghouz-[0-9a-f]{12}\.review\.json", path.name)
    # The hash is of the absolute path: same bundle same file, other bundle other file.
    assert review_path_for(bundle, prefer_beside=False, story_id="baghouz") == path
    other = review_path_for(
        tmp_path / "b" / "baghouz.toml", prefer_beside=False, story_id="baghouz"
    )
    assert other != path and other.parent == path.parent
    monkeypatch.chdir(tmp_path)
    relative = review_path_for(Path("site-packages/baghouz.toml"), prefer_beside=False)
    assert relative == path  # story id defaults to the stem, hash to the absolute path


def test_review_path_falls_back_to_home_and_sanitises_story_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = review_path_for(tmp_path / "x.toml", prefer_beside=False, story_id="../a b/c")
    assert path.parent == tmp_path / "home" / ".local" / "share" / "baghouz-tui" / "reviews"
    assert "/" not in path.name and " " not in path.name and not path.name.startswith(".")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")  # not absolute: ignored per XDG spec
    assert review_path_for(tmp_path / "x.toml", prefer_beside=False).parent == path.parent


def test_review_path_avoids_an_unwritable_bundle_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # Tests may run as root, for whom chmod does not make a directory unwritable.
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    path = review_path_for(tmp_path / "baghouz.toml", story_id="baghouz")
    assert path.parent == tmp_path / "xdg" / "baghouz-tui" / "reviews"


def test_session_for_bundle_creates_the_xdg_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    bundle = make_bundle(tmp_path / "pkg" / "baghouz.toml")
    session = ReviewSession.for_bundle(bundle, prefer_beside=False, reviewer="ed")
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    assert session.path.is_relative_to(tmp_path / "xdg")
    assert read_json(session.path)["marks"]["e1"]["mark"] == "verified"
    assert not (tmp_path / "pkg").exists()


# -- format and merge ------------------------------------------------------------------


def test_file_format(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    bundle = make_bundle()
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    session.set_mark(bundle.events[0], "verified")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("{\n  ")  # pretty-printed
    doc = json.loads(text)
    assert doc["format"] == REVIEW_FORMAT == "baghouz-review/1"
    assert doc["story"] == STORY_ID
    assert set(doc["marks"]["e1"]) == {"type", "mark", "note", "reviewer", "at", "fingerprint"}


def test_merge_newest_change_wins_only_for_changed_entries() -> None:
    disk = {"e1": record(Mark.VERIFIED, T0 + timedelta(seconds=5)), "e2": record(None, T0)}
    memory = {
        "e1": record(Mark.DISPUTED, T0),  # older than disk's: loses
        "e2": record(Mark.NEEDS_FIX, T0 + timedelta(seconds=1)),  # newer: wins
        "e3": record(Mark.VERIFIED, T0 + timedelta(seconds=9)),  # not changed: not written
    }
    merged = merge(disk, memory, {"e1", "e2"})
    assert merged == {"e1": disk["e1"], "e2": memory["e2"]}


def test_merge_tombstone_beats_an_older_mark() -> None:
    tombstone = record(None, T0 + timedelta(seconds=2), reviewer="other")
    merged = merge({"e1": tombstone}, {"e1": record(Mark.VERIFIED, T0)}, {"e1"})
    assert merged["e1"] == tombstone and merged["e1"].is_empty


def test_save_takes_the_lock(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "story.review.json", STORY_ID)
    rec = {"e1": record(Mark.VERIFIED, T0)}
    fd = os.open(store.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    saver = threading.Thread(target=store.save, args=(rec, {"e1"}))
    saver.start()
    saver.join(timeout=0.5)
    try:
        assert saver.is_alive(), "save did not wait for the lock"
        assert not store.path.exists()
    finally:
        os.close(fd)
    saver.join(timeout=10)
    assert not saver.is_alive()
    assert read_json(store.path)["marks"]["e1"]["mark"] == "verified"


def test_save_removes_temp_files_left_by_a_killed_writer(tmp_path: Path) -> None:
    leftover = tmp_path / ".story.review.json.0123456789ab.tmp"
    leftover.write_text('{"half": ')
    unrelated = tmp_path / ".other.json.0123456789ab.tmp"
    unrelated.write_text("keep")
    store = ReviewStore(tmp_path / "story.review.json", STORY_ID)
    store.save({"e1": record(Mark.VERIFIED, T0)}, {"e1"})
    assert not leftover.exists()
    assert unrelated.exists()


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "story.review.json", STORY_ID)
    store.save({"e1": record(Mark.VERIFIED, T0)}, {"e1"})
    store.path.chmod(0o640)
    store.save({"e2": record(Mark.VERIFIED, T0)}, {"e2"})
    assert store.path.stat().st_mode & 0o777 == 0o640


# -- failures --------------------------------------------------------------------------


def test_full_disk_keeps_old_file_and_memory_then_retries(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    bundle = make_bundle()
    e1, e2, e3 = bundle.events
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    session.set_mark(e1, Mark.VERIFIED)
    old = path.read_bytes()

    with disk_full(tmp_path), pytest.raises(ReviewSaveError, match="disk is full"):
        session.set_mark(e2, Mark.DISPUTED)

    assert path.read_bytes() == old  # untouched
    assert parse_review(old, STORY_ID).keys() == {"e1"}
    assert files_in(tmp_path) == ["story.review.json", "story.review.json.lock"]  # no temp
    assert session.mark_of("e2") is Mark.DISPUTED  # kept in memory
    assert isinstance(session.last_error, ReviewSaveError)
    assert session.has_unsaved_changes
    assert ReviewSession.open(path, STORY_ID).warnings == []  # still loadable

    session.set_mark(e3, Mark.NEEDS_FIX)  # the next change retries the earlier one too
    marks = read_json(path)["marks"]
    assert {k: v["mark"] for k, v in marks.items()} == {
        "e1": "verified",
        "e2": "disputed",
        "e3": "needs-fix",
    }
    assert session.last_error is None and not session.has_unsaved_changes


def test_full_disk_on_first_save_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    with disk_full(tmp_path), pytest.raises(ReviewSaveError):
        session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert files_in(tmp_path) == ["story.review.json.lock"]
    session.save()  # explicit retry
    assert read_json(path)["marks"]["e1"]["mark"] == "verified"


def test_fsync_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "story.review.json"
    bundle = make_bundle()
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    old = path.read_bytes()

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ReviewSaveError, match="Input/output error"):
        session.set_mark(bundle.events[1], Mark.VERIFIED)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert files_in(tmp_path) == ["story.review.json", "story.review.json.lock"]


# -- corrupt and foreign files ---------------------------------------------------------

GOOD_RECORD = {
    "type": "event",
    "mark": "verified",
    "note": None,
    "reviewer": "ed",
    "at": "2025-03-01T09:00:00.000000Z",
    "fingerprint": "abc",
}


def doc(**overrides: object) -> bytes:
    base: dict[str, object] = {
        "format": REVIEW_FORMAT,
        "story": STORY_ID,
        "marks": {"e1": GOOD_RECORD},
    }
    base.update(overrides)
    return json.dumps(base).encode()


BAD_FILES = {
    "not json": b'{"format": "baghouz-review/1", "marks": {',
    "not utf-8": b'{"format": "\xff\xfe"}',
    "empty": b"",
    "array": b"[]",
    "other format": doc(format="baghouz-review/2"),
    "no format": json.dumps({"story": STORY_ID, "marks": {}}).encode(),
    "other story": doc(story="some-other-story"),
    "marks is a list": doc(marks=[GOOD_RECORD]),
    "unknown mark": doc(marks={"e1": {**GOOD_RECORD, "mark": "maybe"}}),
    "unknown type": doc(marks={"e1": {**GOOD_RECORD, "type": "paragraph"}}),
    "bad time": doc(marks={"e1": {**GOOD_RECORD, "at": "yesterday"}}),
    "naive time": doc(marks={"e1": {**GOOD_RECORD, "at": "2025-03-01T09:00:00"}}),
    "note not text": doc(marks={"e1": {**GOOD_RECORD, "note": 5}}),
    "record not object": doc(marks={"e1": "verified"}),
    "missing reviewer": doc(
        marks={"e1": {k: v for k, v in GOOD_RECORD.items() if k != "reviewer"}}
    ),
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_set_aside_and_review_starts_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "story.review.json"
    path.write_bytes(content)
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")

    assert len(session.warnings) == 1
    assert str(path) in session.warnings[0] and "Moved it to" in session.warnings[0]
    assert dict(session.records) == {}
    assert not path.exists()
    asides = [p for p in tmp_path.iterdir() if ASIDE.match(p.name)]
    assert len(asides) == 1
    assert asides[0].name in session.warnings[0]
    assert asides[0].read_bytes() == content  # original bytes preserved

    session.set_mark(make_bundle().events[0], Mark.DISPUTED)
    assert read_json(path)["marks"]["e1"]["mark"] == "disputed"
    assert asides[0].read_bytes() == content


def test_valid_file_is_read_not_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    path.write_bytes(doc())
    session = ReviewSession.open(path, STORY_ID)
    assert session.warnings == []
    assert session.mark_of("e1") is Mark.VERIFIED
    assert files_in(tmp_path) == ["story.review.json", "story.review.json.lock"]


def test_set_aside_never_overwrites_an_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "utc_now", lambda: T0)  # same timestamp both times
    path = tmp_path / "story.review.json"
    path.write_bytes(b"first")
    ReviewSession.open(path, STORY_ID)
    path.write_bytes(b"second")
    ReviewSession.open(path, STORY_ID)
    asides = sorted(p for p in tmp_path.iterdir() if ASIDE.match(p.name))
    assert [p.name for p in asides] == [
        "story.review.json.corrupt-20250301T090000Z",
        "story.review.json.corrupt-20250301T090000Z-2",
    ]
    assert [p.read_bytes() for p in asides] == [b"first", b"second"]


def test_file_corrupted_during_a_session_is_set_aside_on_save(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    bundle = make_bundle()
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    session.set_mark(bundle.events[0], Mark.VERIFIED)
    path.write_bytes(b"\x00garbage")
    session.set_mark(bundle.events[1], Mark.DISPUTED)

    assert any("Moved it to" in w for w in session.warnings)
    asides = [p for p in tmp_path.iterdir() if ASIDE.match(p.name)]
    assert [p.read_bytes() for p in asides] == [b"\x00garbage"]
    # The memory state (including the earlier, already-synced mark) is written anew.
    assert set(read_json(path)["marks"]) == {"e1", "e2"}


# -- processes -------------------------------------------------------------------------

KILL_WORKER = """
import sys
from pathlib import Path
from test_review_helpers import STORY_ID, many_events_bundle
from tui.review import Mark, ReviewSession

bundle = many_events_bundle(30000)
session = ReviewSession.open(Path(sys.argv[1]), STORY_ID, reviewer="worker")
marks = list(Mark)
for i, entry in enumerate(bundle.events[int(sys.argv[2]):]):
    mark = marks[i % 3]
    session.set_mark(entry, mark)
    if i % 2:
        session.set_note(entry, "note " + str(i) + " " * 200)
    print(entry.id, mark.value, flush=True)
"""

WRITER = """
import sys, time
from pathlib import Path
from test_review_helpers import STORY_ID, many_events_bundle
from tui.review import Mark, ReviewSession

path, name, ids, final, rounds, go = sys.argv[1:7]
by_id = {e.id: e for e in many_events_bundle(40).events}
final = Mark(final)
others = [m for m in Mark if m is not final]
while not Path(go).exists():
    time.sleep(0.005)
session = ReviewSession.open(Path(path), STORY_ID, reviewer=name)
for r in range(int(rounds)):
    for entry_id in ids.split(","):
        last = r == int(rounds) - 1
        session.set_mark(by_id[entry_id], final if last else others[r % 2])
print("done", flush=True)
"""


def spawn(code: str, *args: str | Path | int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)])}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def test_kill_9_during_rapid_marking_loses_nothing_saved(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    saved: dict[str, str] = {}  # every id a worker printed, over all rounds
    for round_, delay in enumerate([0.0, 0.05, 0.137, 0.21, 0.31]):
        worker = spawn(KILL_WORKER, path, round_ * 5000)
        assert worker.stdout is not None
        printed = 0
        try:
            while printed < 20:
                line = worker.stdout.readline()
                if not line:
                    break
                entry_id, mark = line.split()
                saved[entry_id] = mark
                printed += 1
            time.sleep(delay)
        finally:
            worker.send_signal(signal.SIGKILL)
            out, err = worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL, err
        assert printed == 20, err
        for line in out.splitlines(keepends=True):
            if line.endswith("\n"):  # a line cut short by the kill was not a report
                entry_id, mark = line.split()
                saved[entry_id] = mark

        records = parse_review(path.read_bytes(), STORY_ID)  # complete and well-formed
        missing = [i for i in saved if i not in records]
        assert missing == [], f"reported saved but missing after kill -9: {missing[:5]}"
        assert all(records[i].mark == Mark(mark) for i, mark in saved.items())

    # A later session opens it cleanly and tidies any temp file a kill left behind.
    session = ReviewSession.open(path, STORY_ID, reviewer="ed")
    assert session.warnings == []
    session.set_mark(many_events_bundle(1).events[0], Mark.DISPUTED)
    assert [n for n in files_in(tmp_path) if n.endswith(".tmp")] == []


def test_two_concurrent_writers_keep_each_others_marks(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json"
    go = tmp_path / "go"
    a_ids = [f"e{i}" for i in range(0, 15)] + ["e30"]
    b_ids = [f"e{i}" for i in range(15, 30)] + ["e30"]
    a = spawn(WRITER, path, "alice", ",".join(a_ids), "verified", 8, go)
    b = spawn(WRITER, path, "bob", ",".join(b_ids), "disputed", 8, go)
    go.touch()
    results = [p.communicate(timeout=120) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, results
    assert [out for out, _ in results] == ["done\n", "done\n"]

    marks = read_json(path)["marks"]
    assert set(marks) == set(a_ids) | set(b_ids)
    for entry_id in a_ids[:-1]:
        assert (marks[entry_id]["mark"], marks[entry_id]["reviewer"]) == ("verified", "alice")
    for entry_id in b_ids[:-1]:
        assert (marks[entry_id]["mark"], marks[entry_id]["reviewer"]) == ("disputed", "bob")
    overlap = marks["e30"]
    assert (overlap["mark"], overlap["reviewer"]) in {("verified", "alice"), ("disputed", "bob")}
