"""Why a file was refused. Each is an OSError, so callers that report OSErrors keep working."""

from __future__ import annotations

import errno


class UnsafeFileError(OSError):
    """A file that is not safe to read or replace here."""


class SymlinkRefused(UnsafeFileError):
    def __init__(self, path: str) -> None:
        super().__init__(errno.ELOOP, "is a symbolic link, which is not followed here", path)


class NotRegularFile(UnsafeFileError):
    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EINVAL, f"is {what}, not a regular file", path)


class FileTooLarge(UnsafeFileError):
    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"is {size:,} bytes, more than the {limit:,} read here", path)
        self.size = size
        self.limit = limit


class LockTimeout(OSError):
    """Another process holds the lock; it was not given up within the time allowed."""

    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(
            errno.EWOULDBLOCK, f"locked by another process for more than {seconds:g} s", path
        )
