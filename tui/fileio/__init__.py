"""Reading and writing user files safely on a shared server.

The one place that opens files the user did not hand us as a plain read: review files, the
story file being edited, settings and state. Nothing here follows a symbolic link it was
not asked to follow, trusts a file another user planted, blocks on a FIFO, reads without a
limit, or leaves a half-written file behind. It imports nothing else of the project.
"""

from tui.fileio.atomic import atomic_create, atomic_write, fsync_dir, rename_aside
from tui.fileio.errors import (
    FileTooLarge,
    LockTimeout,
    NotRegularFile,
    SymlinkRefused,
    UnsafeFileError,
)
from tui.fileio.locking import FileLock, lock_beside
from tui.fileio.reading import open_regular, read_at, read_regular
from tui.fileio.shown import shown_path

__all__ = [
    "FileLock",
    "FileTooLarge",
    "LockTimeout",
    "NotRegularFile",
    "SymlinkRefused",
    "UnsafeFileError",
    "atomic_create",
    "atomic_write",
    "fsync_dir",
    "lock_beside",
    "open_regular",
    "read_at",
    "read_regular",
    "rename_aside",
    "shown_path",
]
