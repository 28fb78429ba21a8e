"""An exclusive lock on a sidecar file, taken with a timeout.

`flock` locks belong to the open file: the kernel drops them when their process dies, so a
lock left by a killed editor never blocks the next one. The lock file is only ever opened,
never written: a planted link is refused, and a file another user created is just as good
to lock (flock needs no write permission).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from pathlib import Path
from types import TracebackType

from tui.fileio.errors import LockTimeout, NotRegularFile, SymlinkRefused
from tui.fileio.kinds import kind_of

POLL_SECONDS = 0.02


def lock_beside(path: Path) -> Path:
    """The lock file that guards a read, change and write of `path`: `<file>.lock`."""
    return path.with_name(path.name + ".lock")


class FileLock:
    """`with FileLock(path, timeout=2.0):` holds an exclusive lock on `path` (created if
    missing, with the user's umask). Raises LockTimeout when another process keeps it
    longer than `timeout` seconds (0: try once), SymlinkRefused or NotRegularFile for a
    planted link, FIFO or device, or another OSError (a read-only folder, say)."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = _open_lock_file(self.path)
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(self.path, self.timeout) from None
                    time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _open_lock_file(path: str) -> int:
    # Non-blocking: a FIFO planted as the lock file must not hang the open. An existing lock
    # file is opened without O_CREAT: in a sticky world-writable folder the kernel refuses
    # O_CREAT on another user's file (fs.protected_regular), though locking it is harmless.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    while True:
        try:
            try:
                fd = os.open(path, flags)
            except FileNotFoundError:
                fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue  # created by another editor between the two opens: open theirs
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise SymlinkRefused(path) from None
            raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotRegularFile(path, kind_of(info.st_mode))
    return fd
