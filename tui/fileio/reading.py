"""Read a file that may have been swapped for a FIFO, a device, a link or something huge."""

from __future__ import annotations

import errno
import os
import stat

from tui.fileio.errors import FileTooLarge, NotRegularFile, SymlinkRefused
from tui.fileio.kinds import kind_of

CHUNK = 1 << 20


def read_regular(
    path: str | os.PathLike[str], *, limit: int, follow_symlinks: bool = False
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    The file is opened without blocking (a FIFO planted in its place cannot hang us) and
    judged by the descriptor, not the path, so a swap between a check and the open changes
    nothing. Raises FileNotFoundError, PermissionError, SymlinkRefused (a link, unless
    `follow_symlinks`), NotRegularFile, FileTooLarge, or another OSError.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
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
        if info.st_size > limit:
            raise FileTooLarge(name, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while True:  # the file may grow while it is read: never past the limit
            chunk = os.read(fd, min(CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(name, size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
