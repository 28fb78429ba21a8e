"""tui.fileio: files on a shared server are read and written without being tricked.

Each test plants what a hostile or careless neighbour could: a link, a FIFO, a device, a
setuid file, a lock held forever, a huge file.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.fileio import (
    FileLock,
    FileTooLarge,
    LockTimeout,
    NotRegularFile,
    SymlinkRefused,
    atomic_create,
    atomic_write,
    read_regular,
    shown_path,
)


@pytest.fixture
def umask_027() -> object:
    old = os.umask(0o027)
    yield
    os.umask(old)


# --- atomic_write ---------------------------------------------------------------------


def test_a_new_file_gets_the_umask(tmp_path: Path, umask_027: object) -> None:
    target = tmp_path / "new.json"
    atomic_write(target, b"data")
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_planted_setuid_file_keeps_only_its_read_write_bits(tmp_path: Path) -> None:
    target = tmp_path / "story.review.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o6777)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666


def test_an_existing_private_file_stays_private(tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"precious")
    link = tmp_path / "story.review.json"
    link.symlink_to(elsewhere)
    with pytest.raises(SymlinkRefused):
        atomic_write(link, b"overwritten")
    assert elsewhere.read_bytes() == b"precious"
    assert link.is_symlink()
    assert _temps(tmp_path) == []


def test_a_dangling_symlink_does_not_create_its_target(tmp_path: Path) -> None:
    link = tmp_path / "state.json"
    link.symlink_to(tmp_path / "created-by-the-link")
    with pytest.raises(SymlinkRefused):
        atomic_write(link, b"x")
    assert not (tmp_path / "created-by-the-link").exists()


def test_a_fifo_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "story.review.json"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="FIFO"):
        atomic_write(fifo, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "story.toml"
    target.write_bytes(b"old")

    def full_disk(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, b"new" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []


def test_a_kill_during_a_write_leaves_a_whole_file(tmp_path: Path) -> None:
    """kill -9 a writer in a loop: whenever it dies, the file is one of the whole versions."""
    target = tmp_path / "big.json"
    versions = {bytes([65 + n]) * 2_000_000 for n in range(3)}
    atomic_write(target, min(versions))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from tui.fileio import atomic_write
        n = 0
        while True:
            atomic_write({str(target)!r}, bytes([65 + n % 3]) * 2_000_000)
            n += 1
        """
    )
    for _ in range(5):
        child = subprocess.Popen([sys.executable, "-c", script])
        time.sleep(0.3)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert target.read_bytes() in versions


# --- atomic_create --------------------------------------------------------------------


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "story.toml"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        atomic_create(target, b"theirs")
    assert target.read_bytes() == b"mine"
    assert _temps(tmp_path) == []


def test_create_refuses_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "story.toml"
    link.symlink_to(tmp_path / "target")
    with pytest.raises(FileExistsError):
        atomic_create(link, b"x")
    assert not (tmp_path / "target").exists()


def test_create_makes_a_whole_file(tmp_path: Path, umask_027: object) -> None:
    target = tmp_path / "story.toml"
    atomic_create(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --- read_regular ---------------------------------------------------------------------


def test_read_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a"
    path.write_bytes(b"abc")
    assert read_regular(path, limit=10) == b"abc"


def test_a_fifo_does_not_hang_a_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotRegularFile, match="FIFO"):
        read_regular(fifo, limit=10)
    assert time.monotonic() - started < 5


def test_a_device_is_refused() -> None:
    with pytest.raises(NotRegularFile, match="character device"):
        read_regular("/dev/zero", limit=10, follow_symlinks=True)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="directory"):
        read_regular(tmp_path, limit=10)


def test_a_link_is_refused_unless_asked_to_follow(tmp_path: Path) -> None:
    target = tmp_path / "private-notes"
    target.write_bytes(b"secret")
    link = tmp_path / "story.review.json"
    link.symlink_to(target)
    with pytest.raises(SymlinkRefused):
        read_regular(link, limit=100)
    assert read_regular(link, limit=100, follow_symlinks=True) == b"secret"


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge) as caught:
        read_regular(path, limit=100)
    assert caught.value.size == 101
    assert read_regular(path, limit=101) == b"x" * 101


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nothing", limit=10)


# --- FileLock -------------------------------------------------------------------------


def _hold_lock(path: Path) -> subprocess.Popen[bytes]:
    script = textwrap.dedent(
        f"""
        import fcntl, os, sys, time
        fd = os.open({str(path)!r}, os.O_RDONLY | os.O_CREAT, 0o666)
        fcntl.flock(fd, fcntl.LOCK_EX)
        sys.stdout.write("held\\n"); sys.stdout.flush()
        time.sleep(600)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline() == b"held\n"
    return child


def test_a_lock_held_by_another_process_times_out(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json.lock"
    holder = _hold_lock(path)
    try:
        started = time.monotonic()
        with pytest.raises(LockTimeout, match="locked by another process"):
            FileLock(path, timeout=0.3).acquire()
        assert 0.25 < time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_never_blocks_the_next_editor(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json.lock"
    holder = _hold_lock(path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with FileLock(path, timeout=0) as lock:
        assert lock.held
    assert not lock.held


def test_a_planted_lock_symlink_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json.lock"
    path.symlink_to(tmp_path / "where-root-would-create-a-file")
    with pytest.raises(SymlinkRefused):
        FileLock(path, timeout=0).acquire()
    assert not (tmp_path / "where-root-would-create-a-file").exists()


def test_a_planted_lock_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json.lock"
    os.mkfifo(path)
    with pytest.raises(NotRegularFile):
        FileLock(path, timeout=0).acquire()


def test_a_read_only_lock_file_of_another_editor_still_locks(tmp_path: Path) -> None:
    path = tmp_path / "story.review.json.lock"
    path.write_bytes(b"")
    os.chmod(path, 0o444)
    with FileLock(path, timeout=0), pytest.raises(LockTimeout):
        FileLock(path, timeout=0).acquire()


def test_the_lock_file_gets_the_umask(tmp_path: Path, umask_027: object) -> None:
    path = tmp_path / "x.lock"
    with FileLock(path, timeout=0):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# --- shown_path -----------------------------------------------------------------------


def test_a_name_with_terminal_controls_is_shown_inert() -> None:
    shown = shown_path("/tmp/story\x1b]0;pwned\x07\x9b2J\u202e.toml")
    assert shown == "/tmp/story\\x1b]0;pwned\\x07\\x9b2J\\u202e.toml"
    assert shown.isprintable()


def test_an_undecodable_byte_in_a_name_is_shown_as_that_byte() -> None:
    name = os.fsdecode(b"/tmp/caf\xe9.toml")
    assert shown_path(name) == "/tmp/caf\\xe9.toml"


def test_an_ordinary_name_is_unchanged() -> None:
    assert shown_path("/home/maría/Baghouz story.toml") == "/home/maría/Baghouz story.toml"


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_short_path_is_relative_inside_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.fileio.shown import short_path

    monkeypatch.chdir(tmp_path)
    assert short_path(tmp_path / "stories" / "a.toml") == "stories/a.toml"
    assert short_path("/etc/x\x1b.toml") == "/etc/x\\x1b.toml"  # outside: as given, inert
