"""Read a file that may have been swapped for a FIFO, a device, a link or something huge."""

from __future__ import annotations

import errno
import os
import stat

from tui.fileio.errors import FileTooLarge, NotRegularFile, SymlinkRefused
from tui.fileio.kinds import kind_of

CHUNK = 1 << 20


def open_regular(
    path: str | os.PathLike[str],
    *,
    append: bool = False,
    limit: int | None = None,
    follow_symlinks: bool = False,
) -> tuple[int, os.stat_result]:
    """Open the regular file at `path`: a descriptor and its `fstat`.

    Without blocking (a FIFO planted in its place cannot hang us), judged by the descriptor
    rather than the path (a swap between a check and the open changes nothing), never
    through a symbolic link unless `follow_symlinks`. `append` opens it for reading and
    appending (O_APPEND: every write goes to the end, whoever else writes). Raises
    FileNotFoundError, PermissionError, SymlinkRefused, NotRegularFile, FileTooLarge (over
    `limit` bytes) or another OSError; the caller closes the descriptor.
    """
    name = os.fspath(path)
    flags = os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    flags |= (os.O_RDWR | os.O_APPEND) if append else os.O_RDONLY
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(name, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise SymlinkRefused(name) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(name, kind_of(info.st_mode))
        if limit is not None and info.st_size > limit:
            raise FileTooLarge(name, info.st_size, limit)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(
    path: str | os.PathLike[str], *, limit: int, follow_symlinks: bool = False
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Opened as `open_regular` does. Raises FileNotFoundError, PermissionError,
    SymlinkRefused (a link, unless `follow_symlinks`), NotRegularFile, FileTooLarge, or
    another OSError.
    """
    fd, _info = open_regular(path, limit=limit, follow_symlinks=follow_symlinks)
    try:
        return read_at(fd, 0, limit=limit, name=os.fspath(path))
    finally:
        os.close(fd)


def read_at(fd: int, offset: int, *, limit: int, name: str) -> bytes:
    """Everything from `offset` to the end of the open file `fd`, never more than
    `limit` bytes in all (the file may grow while it is read): FileTooLarge past it."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.pread(fd, min(CHUNK, limit + 1 - size), offset + size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(name, offset + size, offset + limit)
    return b"".join(chunks)
