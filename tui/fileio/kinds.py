"""Names for the kinds of file `stat` reports, for messages."""

from __future__ import annotations

import stat


def kind_of(mode: int) -> str:
    """'a directory', 'a FIFO', ... for a file's st_mode."""
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"
