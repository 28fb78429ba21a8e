"""A path as it may be shown in a message: inert, whatever bytes its name holds."""

from __future__ import annotations

import os
import re

# C0 controls (tab and newline included: a name on one line), DEL, C1, bidi embeddings,
# overrides and isolates, and lone surrogates (undecodable bytes of the name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown_path(path: str | os.PathLike[str]) -> str:
    """`path` with every character a terminal would obey (or that reorders text, or that
    cannot be encoded) written as an escape, e.g. `story\\x1b]0;x\\x07.toml`."""
    text = os.fspath(path)
    if text.isprintable() and text.isascii():
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def short_path(path: str | os.PathLike[str]) -> str:
    """`path` as a person reads it in a title: relative to the current folder when it is
    inside it (`content/baghouz.toml`), else as it is; inert, as `shown_path`."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive (Windows), or no current folder
        relative = text
    if not relative.startswith(os.pardir + os.sep) and relative != os.pardir:
        text = relative
    return shown_path(text)
