"""Make bundle text safe to put on a terminal.

Bundle text is data. Rich/Textual markup is never parsed from it (widgets build Text
objects, not markup strings); this module removes the other danger: characters that a
terminal would obey (ESC, OSC, C1 controls) or that reorder what is shown (bidi overrides).
Each is replaced by a visible stand-in so an editor can still see that it is there.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1, and the bidi embedding/override/isolate marks.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe_text(text: str) -> str:
    """`text` with every terminal control and bidi override made visible and inert.

    Tabs become spaces; newlines are kept (callers decide how to lay them out).
    """
    if UNSAFE_CHARACTERS.search(text):
        text = UNSAFE_CHARACTERS.sub(_stand_in, text)
    return text.replace("\t", " ")


def one_line(text: str) -> str:
    """`safe_text` folded onto one line, for list rows."""
    return " ".join(safe_text(text).split())
