"""Who is reviewing: the name recorded with every change, checked before anything is saved.

A name that is not valid UTF-8 (a `$USER` or `--reviewer` holding such a byte), holds a
control character, or is absurdly long is refused with a message saying why, at start, so
no mark is ever made that cannot be saved.
"""

from __future__ import annotations

import os

from tui.review.errors import ReviewerNameError
from tui.review.marks import unsafe_name_reason


def default_reviewer() -> str:
    """$USER, else the login name, else "unknown"."""
    user = os.environ.get("USER", "").strip()
    if user:
        return user
    import getpass  # rarely needed: $USER is nearly always set

    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no passwd entry, no environment: still let people review
        return "unknown"


def checked_reviewer(name: str | None) -> str:
    """The reviewer name to record; ReviewerNameError saying why one cannot be."""
    given = name if name is not None else default_reviewer()
    reason = unsafe_name_reason(given)
    if reason is not None:
        source = "--reviewer" if name is not None else "$USER"
        shown = given.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
        raise ReviewerNameError(
            f"the reviewer name {shown!r} (from {source}) cannot be recorded: {reason}. "
            "Pass --reviewer NAME with a plain name."
        )
    return given.strip()
