"""Issue 18, items 4-12 and 16: a shared, world-writable story folder, a neighbour who plants
links, FIFOs, setuid files and crafted reviews, holds the lock forever, or makes the folder
read-only; and signals that must end the app within a second whatever it is doing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    bundle_path,
    isolated_review,
    open_app,
)
from ptyapp import PtyProcess, app_command, app_env, unique_marker, unrestored
from test_review_helpers import STORY_ID, make_bundle, many_events_bundle, saved_verdicts

from tui.review import log as review_log
from tui.review.errors import ReviewLocked, ReviewSaveError
from tui.review.marks import Mark
from tui.review.session import ReviewSession

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
GOOD_HEADER = json.dumps({"format": "baghouz-review/2", "story": STORY_ID}) + "\n"


def shared_folder(tmp_path: Path) -> Path:
    """A story folder as newsrooms share them: world-writable, sticky."""
    folder = tmp_path / "desk"
    folder.mkdir()
    folder.chmod(0o1777)
    return folder


def session_in(folder: Path, reviewer: str = "ed", **options: object) -> ReviewSession:
    return ReviewSession.open(folder / "story.review.jsonl", STORY_ID, reviewer=reviewer,
                              **options)  # type: ignore[arg-type]


def report(bundle_file: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "report", str(bundle_file), *args],
                          capture_output=True, text=True, cwd=REPO, check=False,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)})


def story_in(folder: Path) -> Path:
    bundle_file = folder / "second.toml"
    shutil.copyfile(TESTS / "app_fixtures" / "second.toml", bundle_file)
    return bundle_file


# -- 4: links planted as the lock or a temporary file ----------------------------------


def test_a_planted_lock_symlink_is_never_followed(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    target = tmp_path / "victim" / "created-through-the-link"
    target.parent.mkdir()
    (folder / "story.review.jsonl.lock").symlink_to(target)
    session = session_in(folder)
    with pytest.raises(ReviewSaveError, match="symbolic link"):
        session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert not target.exists()
    assert session.mark_of("e1") is Mark.VERIFIED  # kept in memory, retried later


def test_a_lock_file_of_another_owner_is_only_locked(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    lock = folder / "story.review.jsonl.lock"
    lock.write_bytes(b"their content")
    lock.chmod(0o444)
    session_in(folder).set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert lock.read_bytes() == b"their content"  # never written, never truncated
    assert stat.S_IMODE(lock.stat().st_mode) == 0o444


# -- 5: modes ----------------------------------------------------------------------------


def test_new_review_files_get_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        folder = tmp_path / "private-desk"
        folder.mkdir()
        session_in(folder).set_mark(make_bundle().events[0], Mark.VERIFIED)
    finally:
        os.umask(old)
    for name in ("story.review.jsonl", "story.review.jsonl.lock"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o640, name


def test_a_planted_setuid_review_keeps_at_most_its_read_write_bits(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    log = folder / "story.review.jsonl"
    log.write_text(GOOD_HEADER, encoding="utf-8")
    log.chmod(0o6777)
    session_in(folder).set_mark(make_bundle().events[0], Mark.VERIFIED)
    mode = stat.S_IMODE(log.stat().st_mode)
    assert mode & (stat.S_ISUID | stat.S_ISGID | 0o111) == 0, oct(mode)
    assert saved_verdicts(log) == {"e1": {"ed": "verified"}}


def test_an_upgrade_never_copies_a_planted_files_mode(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    old = folder / "story.review.json"
    old.write_text(json.dumps({"format": "baghouz-review/1", "story": STORY_ID,
                               "marks": {}}), encoding="utf-8")
    old.chmod(0o6777)
    umask = os.umask(0o022)
    try:
        session_in(folder)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((folder / "story.review.jsonl").stat().st_mode) == 0o644


# -- 6: a review that is a symbolic link -------------------------------------------------


@pytest.mark.parametrize("name", ["story.review.jsonl", "story.review.json"])
def test_a_review_that_is_a_symlink_is_never_read_and_is_set_aside(
    tmp_path: Path, name: str
) -> None:
    folder = shared_folder(tmp_path)
    private = tmp_path / "someone-elses" / "private.review.jsonl"
    private.parent.mkdir()
    session_in(private.parent).set_mark(make_bundle().events[0], Mark.DISPUTED)
    elsewhere = private.parent / "story.review.jsonl"
    elsewhere_session = ReviewSession.open(elsewhere, STORY_ID, reviewer="boss")
    elsewhere_session.set_note(make_bundle().events[0], "PRIVATE: do not share")
    (folder / name).symlink_to(elsewhere)
    session = session_in(folder)
    assert any("symbolic link" in w and "Moved it to" in w for w in session.warnings)
    assert session.state.entries == {}  # nothing read through it
    session.set_mark(make_bundle().events[1], Mark.VERIFIED)
    assert b"PRIVATE" not in (folder / "story.review.jsonl").read_bytes()
    assert not (folder / name).is_symlink()
    aside = [p for p in folder.iterdir() if p.name.startswith(name + ".unusable-")]
    assert len(aside) == 1 and aside[0].is_symlink()  # the link itself, not its target
    assert b"PRIVATE" in elsewhere.read_bytes()  # the target is untouched


def test_report_refuses_a_symlinked_review_and_leaves_it(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    bundle_file = story_in(folder)
    (folder / "second.review.jsonl").symlink_to(tmp_path / "anywhere.jsonl")
    result = report(bundle_file)
    assert result.returncode == 1
    assert "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert (folder / "second.review.jsonl").is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["second.review.jsonl", "second.toml"]


# -- 7: locks held by someone else -------------------------------------------------------

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


def hold_lock(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_held_lock_times_out_with_a_message_and_keeps_the_mark(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    session = session_in(folder, lock_timeout=0.2)
    holder = hold_lock(folder / "story.review.jsonl.lock")
    try:
        started = time.monotonic()
        with pytest.raises(ReviewLocked) as caught:
            session.set_mark(make_bundle().events[0], Mark.VERIFIED)
        assert time.monotonic() - started < 5  # bounded: the timeout, not forever
        assert "locked by another process; marks kept in memory, retrying" in str(caught.value)
        assert session.has_unsaved_changes and session.mark_of("e1") is Mark.VERIFIED
    finally:
        holder.kill()
        holder.wait()
    session.save()  # the holder is gone (killed): its lock went with it
    assert saved_verdicts(folder / "story.review.jsonl") == {"e1": {"ed": "verified"}}


def test_report_never_waits_for_a_lock(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    bundle_file = story_in(folder)
    holder = hold_lock(folder / "second.review.jsonl.lock")
    try:
        result = report(bundle_file, timeout=30)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Review:")


# A stand-in for an app whose event loop is blocked (a call that never returns to it):
# a handler that only posts to the loop never runs; tui.signals must still end it.
_BLOCKED_APP = """
import asyncio, os, sys, time, tty
sys.path.insert(0, {repo!r})
from tui import signals

class App:
    def exit(self, result=None, return_code=0):
        pass

async def main():
    signals.install_exit_signals(App())
    tty.setraw(0)
    os.write(1, b"\\x1b[?1049h\\x1b[?1000h\\x1b[?2004h\\x1b[?2048h\\x1b[?25l")
    os.write(1, b"READY")
    time.sleep(30)  # blocks the loop itself

asyncio.run(main())
"""


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT],
                         ids=["SIGHUP", "SIGTERM", "SIGINT"])
def test_a_signal_ends_a_blocked_loop_within_a_second(tmp_path: Path, number: int) -> None:
    marker = unique_marker("pty-blocked")
    argv = [sys.executable, "-c", _BLOCKED_APP.format(repo=str(REPO)), marker]
    with PtyProcess(argv, env=app_env(tmp_path)) as app:
        assert app.wait_for_text("READY", 15), app.describe()
        sent = time.monotonic()
        app.signal(number)
        status = app.wait(3)
        took = time.monotonic() - sent
        assert status == 128 + number, f"exit status {status}: {app.describe()}"
        assert took <= 1.0, f"took {took:.2f}s"
        app.drained()
        assert unrestored(app.output) == []
        assert app.output.rfind(b"\x1b[?2048l") > app.output.rfind(b"\x1b[?2048h")


def huge_paragraph_bundle(folder: Path, megabytes: int = 5) -> Path:
    text = (TESTS / "app_fixtures" / "second.toml").read_text(encoding="utf-8")
    start = text.index('[[paragraphs]]\nid = "p5"')
    end = text.index("[[paragraphs]]", start + 5)
    words = "lorem ipsum dolor sit amet " * (megabytes * 40_000)
    path = folder / "huge.toml"
    path.write_text(text[:start] + f'[[paragraphs]]\nid = "p5"\ntext = "{words}"\n\n'
                    + text[end:], encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_ends_the_app_within_a_second_while_it_is_busy(
    tmp_path: Path, number: int
) -> None:
    """The app busy for seconds drawing a huge paragraph (50 MB took 70 s; 5 MB about 6):
    the signal still ends it within a second, with 128+N and the terminal restored."""
    bundle_file = huge_paragraph_bundle(tmp_path)
    marker = unique_marker("pty-busy")
    with PtyProcess(app_command(marker, str(bundle_file)), env=app_env(tmp_path),
                    cols=100, rows=30) as app:
        assert app.wait_for_text("Kestrel", 30), app.describe()
        app.wait_for_quiet(0.3, 5)
        app.send("4")
        app.wait_for_quiet(0.3, 5)
        app.send("jjjj")  # to the huge paragraph: the loop is busy drawing it
        time.sleep(1.0)
        sent = time.monotonic()
        app.signal(number)
        status = app.wait(5)
        took = time.monotonic() - sent
        assert status == 128 + number, f"exit status {status}: {app.describe()}"
        assert took <= 1.0, f"took {took:.2f}s"
        app.drained()
        assert unrestored(app.output) == []


# -- 16: SIGINT ------------------------------------------------------------------------


@pytest.mark.slow
def test_sigint_during_a_marking_flood_exits_130(tmp_path: Path) -> None:
    marker = unique_marker("pty-int")
    with PtyProcess(app_command(marker), env=app_env(tmp_path), cols=100, rows=30) as app:
        assert app.wait_for_text("Isis", 30), app.describe()
        app.wait_for_quiet(0.3, 5)
        app.send("vjxjfj" * 50)
        time.sleep(0.2)
        app.signal(signal.SIGINT)
        status = app.wait(5)
        assert status == 130, f"exit status {status}: {app.describe()}"
        app.drained()
        assert unrestored(app.output) == []


# -- 8: FIFOs and devices ----------------------------------------------------------------

OPEN_AND_MARK = """
import sys
from pathlib import Path
from test_review_helpers import STORY_ID, make_bundle
from tui.review import Mark, ReviewSession
session = ReviewSession.open(Path(sys.argv[1]), STORY_ID, reviewer="ed")
print("\\n".join(session.warnings))
session.set_mark(make_bundle().events[0], Mark.VERIFIED)
print("marked", flush=True)
"""


@pytest.mark.parametrize("name", ["story.review.jsonl", "story.review.json"])
def test_a_fifo_planted_as_the_review_never_hangs(tmp_path: Path, name: str) -> None:
    folder = shared_folder(tmp_path)
    os.mkfifo(folder / name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)])}
    result = subprocess.run([sys.executable, "-c", OPEN_AND_MARK, str(folder /
                             "story.review.jsonl")], capture_output=True, text=True,
                            timeout=30, env=env, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    assert "a FIFO, not a regular file" in result.stdout and "marked" in result.stdout
    assert saved_verdicts(folder / "story.review.jsonl") == {"e1": {"ed": "verified"}}


def test_report_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    bundle_file = story_in(folder)
    os.mkfifo(folder / "second.review.jsonl")
    result = report(bundle_file, timeout=30)
    assert result.returncode == 1 and "FIFO" in result.stderr
    assert stat.S_ISFIFO(os.lstat(folder / "second.review.jsonl").st_mode)  # left alone


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_planted_as_the_review_is_refused(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    os.mknod(folder / "story.review.jsonl", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # zero
    session = session_in(folder)
    assert any("character device" in w for w in session.warnings), session.warnings
    session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert saved_verdicts(folder / "story.review.jsonl") == {"e1": {"ed": "verified"}}


def test_a_review_over_the_size_limit_is_refused_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path)
    log = folder / "story.review.jsonl"
    log.write_bytes(GOOD_HEADER.encode() + b" " * 5000 + b"\n")
    monkeypatch.setattr(review_log, "MAX_FILE_BYTES", 4096)
    reader = session_in(folder, read_only=True)
    assert reader.errors and "more than the 4,096" in reader.errors[0].reason


# -- 9: a read-only story folder ----------------------------------------------------------

READ_ONLY_SCENARIO = """
import sys
from pathlib import Path
from test_review_helpers import make_bundle
from tui.review import Mark, ReviewSession
bundle = make_bundle(Path(sys.argv[1]) / "story.toml")
session = ReviewSession.for_bundle(bundle, reviewer="ed")
print("ANA", session.verdict_of("e1", "ana").mark.value)
print("WARN", " | ".join(session.warnings))
session.set_mark(bundle.events[1], Mark.DISPUTED)
print("PATH", session.path)
again = ReviewSession.for_bundle(bundle, reviewer="ed")
print("AGAIN", again.mark_of("e2").value, again.verdict_of("e1", "ana").mark.value)
"""


def run_with_folder_read_only(folder: Path, data: Path) -> str:
    """The scenario with `folder` read-only for it: chmod for an ordinary user; for root
    (who writes anywhere), a read-only bind mount in a mount namespace of its own."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)]),
           "XDG_DATA_HOME": str(data)}
    argv = [sys.executable, "-c", READ_ONLY_SCENARIO, str(folder)]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: cannot make a read-only folder")
        argv = ["unshare", "--mount", "sh", "-c",
                'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder), *argv]
        result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO,
                                timeout=60, check=False)
        if "mount" in result.stderr and result.returncode != 0:
            pytest.skip(f"cannot bind-mount here: {result.stderr.strip()}")
    else:
        folder.chmod(0o555)
        try:
            result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO,
                                    timeout=60, check=False)
        finally:
            folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("kind", ["log", "first-format"])
def test_a_read_only_story_folder_with_a_review_is_read_and_written_elsewhere(
    tmp_path: Path, kind: str
) -> None:
    """Item 9: the review there is read (not 0/72 shown); only what cannot be written there
    goes to the data folder, the app says so; once writable, it is carried back."""
    folder = tmp_path / "story"
    folder.mkdir()
    data = tmp_path / "data"
    bundle = make_bundle(folder / "story.toml")
    if kind == "log":
        session_in(folder, "ana").set_mark(bundle.events[0], Mark.VERIFIED)
    else:
        (folder / "story.review.json").write_text(json.dumps({
            "format": "baghouz-review/1", "story": STORY_ID,
            "marks": {"e1": {"type": "event", "mark": "verified", "note": None,
                             "reviewer": "ana", "at": "2025-03-01T09:30:00Z",
                             "fingerprint": None}},
        }), encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    out = run_with_folder_read_only(folder, data)
    assert "ANA verified" in out
    assert "cannot be written" in out and "is read, and your changes are saved to" in out
    assert f"PATH {data}" in out
    assert "AGAIN disputed verified" in out
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there
    private = next((data / "baghouz-tui" / "reviews").iterdir())
    assert stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    shared = ReviewSession.for_bundle(bundle, reviewer="ed")  # writable again (XDG unset)
    assert shared.path == folder / "story.review.jsonl"


# -- 10, 11, 12: crafted review content ----------------------------------------------------


def crafted_dates(log: Path, story_id: str, entry_id: str) -> None:
    base = {"entry": entry_id, "type": "event", "op": "mark", "reviewer": "eve",
            "fingerprint": None, "mark": "disputed"}
    lines = [{"format": "baghouz-review/2", "story": story_id},
             {**base, "change": "old", "at": "0001-01-01T00:00:00+05:00"},
             {**base, "change": "late", "at": "9999-12-31T23:59:59.999999+00:00"},
             {**base, "change": "typed", "at": ["2025"], "reviewer": 12}]
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


async def test_out_of_range_dates_never_crash_the_app(tmp_path: Path) -> None:
    """Item 10: the year-1 time exited with a traceback at start, the year-9999 one when
    anyone marked that entry; both are reported and set aside."""
    path = bundle_path("second", tmp_path)
    app = open_app("second", tmp_path, reviewer="ana")
    first = app.bundle.events[0]
    crafted_dates(path.with_suffix(".review.jsonl"), app.bundle.story.id, first.id)
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert sum("skipped" in m for m in messages) == 3, messages
        await pilot.press("v", "x", "u")  # marking that very entry, and undoing
        assert app.review.mark_of(first.id) is Mark.VERIFIED
    result = report(path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.count("skipped") == 3


def test_a_huge_review_of_unknown_entries_does_not_slow_each_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 11 (scaled down from 500,000 marks): the unknown entries beyond a sane number
    are reported and left in the file, and a save costs what it writes, not the file."""
    from tui.review import state

    monkeypatch.setattr(state, "MAX_UNKNOWN_ENTRIES", 1000)
    folder = tmp_path
    bundle = make_bundle(folder / "story.toml")
    log = folder / "story.review.jsonl"
    lines = [GOOD_HEADER]
    for i in range(20_000):
        lines.append(json.dumps({"change": f"c{i}", "entry": f"ghost{i}", "type": "event",
                                 "op": "mark", "reviewer": "flood", "fingerprint": None,
                                 "at": "2025-03-01T09:30:00.000000Z", "mark": "verified"})
                     + "\n")
    log.write_text("".join(lines), encoding="utf-8")
    session = ReviewSession.for_bundle(bundle, reviewer="ed")
    assert any("19,000 review changes" in w for w in session.warnings), session.warnings
    moved: list[int] = []
    real_read, real_write = review_log.read_at, os.write

    def reading(fd: int, offset: int, *, limit: int, name: str) -> bytes:
        data = real_read(fd, offset, limit=limit, name=name)
        moved.append(len(data))
        return data

    def writing(fd: int, data: bytes) -> int:
        moved.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr(review_log, "read_at", reading)
    monkeypatch.setattr(os, "write", writing)
    for entry in bundle.events:
        session.set_mark(entry, Mark.VERIFIED)
    assert log.stat().st_size > 2_000_000
    assert sum(moved) < 3 * 1000, moved  # three short lines, not the 2 MB before them


def test_report_on_a_corrupt_review_says_so_exits_1_and_renames_nothing(
    tmp_path: Path,
) -> None:
    """Item 12: `report` is a read command: only the app, which writes, sets files aside."""
    folder = shared_folder(tmp_path)
    bundle_file = story_in(folder)
    (folder / "second.review.jsonl").write_bytes(b"{not a review\n")
    result = report(bundle_file)
    assert result.returncode == 1
    assert "is not usable" in result.stderr and "first line is not a review header" in (
        result.stderr
    )
    assert sorted(p.name for p in folder.iterdir()) == ["second.review.jsonl", "second.toml"]


def test_eight_editors_in_a_shared_sticky_folder(tmp_path: Path) -> None:
    """Item 4 with fs.protected_regular in mind: the lock file someone else created in a
    sticky world-writable folder is opened, not re-created, by the next editor."""
    folder = shared_folder(tmp_path)
    events = many_events_bundle(8).events
    for index, entry in enumerate(events):
        session_in(folder, f"ed{index}").set_mark(entry, Mark.VERIFIED)
    assert len(saved_verdicts(folder / "story.review.jsonl")) == 8


def test_a_lock_held_by_a_killed_editor_never_blocks(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    holder = hold_lock(folder / "story.review.jsonl.lock")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    session = session_in(folder, lock_timeout=0.5)
    session.set_mark(make_bundle().events[0], Mark.VERIFIED)
    assert not session.has_unsaved_changes

