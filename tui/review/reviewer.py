"""Who is reviewing: the name recorded with every change, checked before anything is saved.

A name that is not valid UTF-8 (a `$USER` or `--reviewer` holding such a byte), holds a
control character, or is absurdly long is refused with a message saying why, at start, so
no mark is ever made that cannot be saved.
"""

from __future__ import annotations

import os
import re

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


def checked_reviewer(name: str | None, source: str = "--reviewer") -> str:
    """The reviewer name to record; ReviewerNameError saying why one cannot be. `source`:
    where `name` came from, for the message ($USER when there is no name)."""
    given = name if name is not None else default_reviewer()
    reason = unsafe_name_reason(given)
    if reason is not None:
        # repr() writes each control and bidi override as one escape (\u202e) and leaves
        # letters as they are; an undecodable byte of $USER or argv, which Python holds as a
        # surrogate (\udce9), is shown as the byte it was (\xe9).
        shown = re.sub(r"\\udc([89a-f][0-9a-f])", r"\\x\1", repr(given))
        raise ReviewerNameError(
            f"the reviewer name {shown} (from {source if name is not None else '$USER'}) "
            f"cannot be recorded: {reason}. Pass --reviewer NAME with a plain name."
        )
    return given.strip()
