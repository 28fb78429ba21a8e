"""Replace or create a file so that readers, crashes and kills only ever see a whole file."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path

from tui.fileio.errors import NotRegularFile, SymlinkRefused
from tui.fileio.kinds import kind_of

_RW_BITS = 0o666


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at `path` with `data` (or create it).

    A temporary file in the same folder is written, flushed to disk and renamed over the
    old one, then the folder is flushed: a crash leaves the old or the new whole file. A
    symbolic link or anything but a regular file at `path` is refused, never written
    through. A new file gets the user's umask; a replaced one keeps at most its read and
    write bits (never setuid, setgid or execute from a planted file). Raises OSError; on
    failure `path` is untouched and no temporary file is left.
    """
    target = Path(path)
    mode = _existing_mode(target)
    fd, tmp = _create_temp(target)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def atomic_create(path: str | os.PathLike[str], data: bytes) -> None:
    """Create the file at `path` with `data`, whole or not at all; FileExistsError if
    anything (a file, a link, a dangling link) is already there: nothing is replaced."""
    target = Path(path)
    fd, tmp = _create_temp(target)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, target)  # fails if the name exists: never replaces
    finally:
        with suppress(OSError):
            os.unlink(tmp)
    fsync_dir(target.parent)


def temp_prefix(path: Path) -> str:
    """Temporary files for `path` are named `.<name>.<random>.tmp` in its folder."""
    return f".{path.name}."


def _existing_mode(path: Path) -> int | None:
    """The read/write bits the new file keeps, None when there is no file yet."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise SymlinkRefused(str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(str(path), kind_of(info.st_mode))
    return stat.S_IMODE(info.st_mode) & _RW_BITS


def _create_temp(path: Path) -> tuple[int, Path]:
    # O_EXCL and O_NOFOLLOW: never an existing file, never through a planted link.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        tmp = path.with_name(f"{temp_prefix(path)}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, _RW_BITS), tmp
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (a rename) to disk, where the file system can."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise  # some file systems cannot fsync a directory; that is not a failure
    finally:
        os.close(fd)


def rename_aside(path: str | os.PathLike[str], tag: str) -> Path:
    """Rename `path` (a file or a symbolic link, never what a link points to) to
    `<name>.<tag>-<UTC timestamp>[-n]` in its folder, without replacing anything there.
    Returns the new path; raises OSError."""
    import time

    source = Path(path)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for n in range(1, 1000):
        target = source.with_name(f"{source.name}.{tag}-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            # A hard link fails if the name is taken: nothing is ever overwritten. Of the
            # link itself, not its target (follow_symlinks=False).
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(target):
                continue
            os.rename(source, target)  # no hard links here (callers hold the file's lock)
            return target
        os.unlink(source)
        fsync_dir(source.parent)
        return target
    raise FileExistsError(errno.EEXIST, "too many files set aside", str(source))
