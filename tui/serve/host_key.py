"""The server's host key: read it, or make one on first start (ed25519, mode 0600).

A new key is written to a private temporary file beside its place and renamed over it, so a
crash leaves no half-written key, and nothing is ever written through a symbolic link. An
existing key that others can read is refused, as OpenSSH refuses it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncssh


class HostKeyError(Exception):
    pass


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """(the key, whether it was made now)."""
    import asyncssh

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return _create(path), True
    except OSError as error:
        raise HostKeyError(f"{path}: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            raise HostKeyError(
                f"{path} is a symbolic link to a missing file: make the key there, or "
                "remove the link to have one made"
            ) from None
    if not stat.S_ISREG(info.st_mode):
        raise HostKeyError(f"{path} is not a regular file")
    if info.st_mode & 0o077:
        raise HostKeyError(
            f"{path} can be read by others (mode {stat.S_IMODE(info.st_mode):04o}): "
            f"chmod 600 {path}"
        )
    try:
        return asyncssh.read_private_key(path), False
    except (OSError, asyncssh.KeyImportError, ValueError) as error:
        raise HostKeyError(f"{path}: not a usable private key ({error})") from None


def _create(path: Path) -> asyncssh.SSHKey:
    import asyncssh

    key = asyncssh.generate_private_key("ssh-ed25519", comment="baghouz-tui serve")
    data = key.export_private_key()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = folder / f".{path.name}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):  # left by a crash (unlink: not followed)
            os.unlink(temporary)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(temporary, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            try:
                # Fails if a key appeared meanwhile (another server starting): keep that one.
                os.link(temporary, path)
            except FileExistsError:
                return load_or_create_host_key(path)[0]
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except OSError as error:
        raise HostKeyError(f"cannot write the host key {path}: {error.strerror}") from None
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return key
