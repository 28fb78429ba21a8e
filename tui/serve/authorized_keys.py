"""The authorized-keys file of the SSH desk: OpenSSH's format, plus `reviewer="NAME"`.

Each line is `[options] KEYTYPE BASE64 [comment]`. The reviewer name recorded on every mark
made with a key is its `reviewer=` option, else the key's comment, else its fingerprint.

OpenSSH's own options are honoured where they mean something for a server that only ever
opens the app in a terminal:

- `from="..."`, `expiry-time="..."`, `no-pty`, `restrict` and `pty` are enforced;
- the forwarding and rc-file options (`no-port-forwarding`, `permitopen=`, `X11-forwarding`,
  `no-user-rc`, ...) are accepted and change nothing: this server never forwards anything
  and runs no rc file;
- options that would need something this server does not do are refused when the file is
  read, with the line: `command=` (a key meant for one fixed command must not get the app
  instead), `environment=` (the server sets the app's environment), certificates
  (`cert-authority`, `principals=`) and the security-key options it cannot honour
  (`no-touch-required`, `verify-required`); so is every option it does not know.
"""

from __future__ import annotations

import calendar
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tui.model.safe_text import find_unsafe, one_line
from tui.serve.address_patterns import AddressPattern, address_allowed, parse_address_patterns

MAX_REVIEWER_LENGTH = 100
_OPTION_NAME = re.compile(r"[A-Za-z0-9_-]+")

# Accepted and without effect here (see the module's docstring); flags and valued options.
_NO_EFFECT_FLAGS = {
    "no-port-forwarding", "port-forwarding", "no-agent-forwarding", "agent-forwarding",
    "no-x11-forwarding", "x11-forwarding", "no-user-rc", "user-rc",
}  # fmt: skip
_NO_EFFECT_VALUES = {"permitopen", "permitlisten", "tunnel"}
_REFUSED = {
    "command": "command= is not supported: this server runs only the review app, and a key "
    "meant for one fixed command must not get it (remove the option, or leave the key out)",
    "environment": "environment= is not supported: the server sets the app's environment",
    "cert-authority": "certificates are not supported (cert-authority)",
    "principals": "certificates are not supported (principals=)",
    "no-touch-required": "no-touch-required is not supported: security keys must be touched",
    "verify-required": "verify-required is not supported by this server",
}


class AuthorizedKey(NamedTuple):
    line: int
    public_data: bytes  # the key's wire form, compared with what a client offers
    fingerprint: str  # SHA256:...
    reviewer: str  # the name on this key's marks
    allow_from: tuple[AddressPattern, ...] | None
    pty: bool
    expires: float | None  # a Unix time after which the key is refused

    def refusal(self, address: str, now: float) -> str | None:
        """Why this key may not log in from `address` now, or None when it may."""
        if self.allow_from is not None and not address_allowed(self.allow_from, address):
            return f"from= does not allow {address}"
        if self.expires is not None and now >= self.expires:
            return "expired (expiry-time=)"
        return None


class AuthorizedKeysError(Exception):
    """The file cannot be used; `problems` are (line, message), line 0 for the whole file."""

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.path}:{line}: {message}" for line, message in self.problems]


def read_authorized_keys(path: Path) -> list[AuthorizedKey]:
    """Every key in the file; AuthorizedKeysError listing every bad line, if any."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise AuthorizedKeysError(str(path), [(0, f"cannot read the file: {reason}")]) from None
    return parse_authorized_keys(text, str(path))


def parse_authorized_keys(text: str, path: str = "authorized_keys") -> list[AuthorizedKey]:
    keys: list[AuthorizedKey] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            keys.append(_parse_line(line, number))
        except ValueError as error:
            problems.append((number, str(error)))
    if not keys and not problems:
        problems.append((0, "no keys: nobody could log in"))
    if problems:
        raise AuthorizedKeysError(path, problems)
    return keys


def _parse_line(line: str, number: int) -> AuthorizedKey:
    import asyncssh

    try:  # a line without options, as OpenSSH tries it first
        key = asyncssh.import_public_key(line.encode())
        options: list[tuple[str, str | None]] = []
    except (asyncssh.KeyImportError, ValueError):
        options, rest = split_options(line)
        if not rest:
            raise ValueError("no key after the options") from None
        try:
            key = asyncssh.import_public_key(rest.encode())
        except (asyncssh.KeyImportError, ValueError):
            raise ValueError(
                "not a public key (expected [options] KEYTYPE BASE64 [comment])"
            ) from None
    fingerprint = key.get_fingerprint()
    reviewer: str | None = None
    allow_from: tuple[AddressPattern, ...] | None = None
    expires: float | None = None
    restricted = no_pty = pty = False
    for name, value in options:
        if name == "reviewer":
            reviewer = _reviewer(_value(name, value))
        elif name == "from":
            try:
                patterns = parse_address_patterns(_value(name, value))
            except ValueError as error:
                raise ValueError(f"from=: {error}") from None
            allow_from = patterns if allow_from is None else allow_from + patterns
        elif name == "expiry-time":
            expires = parse_expiry(_value(name, value))
        elif name in ("no-pty", "restrict", "pty") or name in _NO_EFFECT_FLAGS:
            _flag(name, value)
            restricted |= name == "restrict"
            no_pty |= name == "no-pty"
            pty |= name == "pty"
        elif name in _NO_EFFECT_VALUES:
            _value(name, value)
        elif name in _REFUSED:
            raise ValueError(_REFUSED[name])
        else:
            raise ValueError(f"unknown option {name!r}")
    if reviewer is None:
        comment = one_line(key.get_comment() or "")[:MAX_REVIEWER_LENGTH].strip()
        reviewer = comment or fingerprint
    return AuthorizedKey(
        line=number,
        public_data=bytes(key.public_data),
        fingerprint=fingerprint,
        reviewer=reviewer,
        allow_from=allow_from,
        pty=not no_pty and (pty or not restricted),
        expires=expires,
    )


def split_options(line: str) -> tuple[list[tuple[str, str | None]], str]:
    """OpenSSH's options field: `name` or `name="value"` (`\\"` inside), comma-separated,
    ending at the first blank outside quotes. Returns (options, the rest of the line)."""
    options: list[tuple[str, str | None]] = []
    index = 0
    while True:
        match = _OPTION_NAME.match(line, index)
        if match is None:
            raise ValueError(f"bad option syntax at column {index + 1}")
        name = match.group().lower()
        index = match.end()
        value: str | None = None
        if line.startswith("=", index):
            if not line.startswith('"', index + 1):
                raise ValueError(f'{name}= needs its value in double quotes: {name}="..."')
            value, index = _quoted(line, index + 2, name)
        options.append((name, value))
        if index >= len(line):
            return options, ""
        if line[index] == ",":
            index += 1
            continue
        if line[index] in " \t":
            return options, line[index:].strip()
        raise ValueError(f"bad option syntax at column {index + 1}")


def _quoted(line: str, start: int, name: str) -> tuple[str, int]:
    """The value from `start` to its closing quote, and the index after that quote."""
    chars: list[str] = []
    index = start
    while index < len(line):
        char = line[index]
        if char == "\\" and line.startswith('"', index + 1):
            chars.append('"')
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    raise ValueError(f"{name}=: missing closing quote")


def _value(name: str, value: str | None) -> str:
    if value is None:
        raise ValueError(f'{name} needs a value: {name}="..."')
    return value


def _flag(name: str, value: str | None) -> None:
    if value is not None:
        raise ValueError(f"{name} takes no value")


def _reviewer(value: str) -> str:
    name = value.strip()
    if not name:
        raise ValueError('reviewer= is empty: reviewer="Maria Lopez"')
    if find_unsafe(name) is not None or "\t" in name or "\n" in name:
        raise ValueError("reviewer= holds a control character")
    if len(name) > MAX_REVIEWER_LENGTH:
        raise ValueError(f"reviewer= is longer than {MAX_REVIEWER_LENGTH} characters")
    return name


def parse_expiry(value: str, local: bool = True) -> float:
    """OpenSSH's timespec: YYYYMMDD or YYYYMMDDHHMM[SS], local time unless suffixed Z."""
    text = value.strip()
    utc = text.endswith(("Z", "z"))
    digits = text[:-1] if utc else text
    if not digits.isdigit() or len(digits) not in (8, 12, 14):
        raise ValueError(f"expiry-time={value!r}: expected YYYYMMDD[HHMM[SS]][Z]")
    digits = digits.ljust(14, "0")
    try:
        parts = time.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        raise ValueError(f"expiry-time={value!r} is not a valid date") from None
    if utc or not local:
        return float(calendar.timegm(parts))
    return time.mktime(parts)


class KeyFile:
    """The authorized keys, read again when the file changes (a bad new version is logged
    and the last good one kept: a typo must not lock everyone out, nor let anyone in)."""

    def __init__(self, path: Path, log: Callable[[str], None]) -> None:
        self.path = path
        self._log = log
        self.keys = read_authorized_keys(path)
        self._stamp = self._stat()

    def _stat(self) -> tuple[int, int, int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def refresh(self) -> None:
        stamp = self._stat()
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            self.keys = read_authorized_keys(self.path)
        except AuthorizedKeysError as error:
            for line in error.lines():
                self._log(f"authorized keys not reloaded, the previous ones stay: {line}")
            return
        self._log(f"authorized keys reloaded: {len(self.keys)} keys from {self.path}")

    def find(self, public_data: bytes, address: str, now: float) -> tuple[
        AuthorizedKey | None, str | None
    ]:
        """The first line for this key that lets it in, else (a line for it, the reason it
        may not), else (None, None) for a key that is not in the file."""
        refused: tuple[AuthorizedKey | None, str | None] = (None, None)
        for key in self.keys:
            if key.public_data != public_data:
                continue
            reason = key.refusal(address, now)
            if reason is None:
                return key, None
            if refused[0] is None:
                refused = (key, reason)
        return refused
