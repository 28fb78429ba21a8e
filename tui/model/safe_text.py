"""Make bundle text safe to put on a terminal.

Bundle text is data. Rich/Textual markup is never parsed from it (widgets build Text
objects, not markup strings); this module removes the other danger: characters that a
terminal would obey (ESC, OSC, C1 controls) or that reorder what is shown (bidi overrides).
Each is replaced by a visible stand-in so an editor can still see that it is there.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from itertools import accumulate

# C0 controls but tab and newline, DEL, C1, and the bidi embedding/override/isolate marks.
# Every one is unprintable, so printable text (nearly all of it) skips the pattern, which
# `re` compiles at its first use and keeps: not at start-up, where it would cost 0.3 ms.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def find_unsafe(text: str) -> re.Match[str] | None:
    """The first character of `text` that `safe_text` would replace, if any."""
    return None if text.isprintable() else re.search(_UNSAFE, text)


def unsafe_characters(text: str) -> list[str]:
    """Each character of `text` that `safe_text` would replace, once, in order of first
    appearance."""
    return [] if text.isprintable() else list(dict.fromkeys(re.findall(_UNSAFE, text)))


def safe_text(text: str) -> str:
    """`text` with every terminal control and bidi override made visible and inert.

    Tabs become spaces; newlines are kept (callers decide how to lay them out).
    """
    if text.isprintable():  # no control, no tab, no line break
        return text
    text = re.sub(_UNSAFE, _stand_in, text)
    return text.replace("\t", " ")


def writable_text(text: str) -> str:
    """`safe_text`, and every lone surrogate (which no file can encode) as U+FFFD: text for
    a file or a stream, still one character for each character."""
    text = safe_text(text)
    return text if text.isprintable() else re.sub("[\ud800-\udfff]", "\ufffd", text)


def one_line(text: str) -> str:
    """`safe_text` folded onto one line, for list rows."""
    return " ".join(safe_text(text).split())


def shortened(text: str, limit: int) -> str:
    """`text` (one line) in at most `limit` characters: cut after a whole word where there
    is one in the last third, and ended with "…" when anything was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] == " ":  # the cut is already at the end of a word
        return cut.rstrip() + "…"
    space = cut.rfind(" ")
    if space >= (limit * 2) // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


# As _UNSAFE, with tab and line feed: a name is shown on one line, every control visible.
_UNSAFE_IN_NAME = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def inert_name(text: str) -> str:
    """A file name (or any one-line text) safe to print: every control character, tab and
    line break included, and every bidi override replaced by a visible stand-in (ESC is ␛,
    a line break ␊), so it can neither steer the terminal nor start a line of its own."""
    if text.isprintable():
        return text
    return re.sub(_UNSAFE_IN_NAME, _stand_in, text)


def keep_hidden(original: str, shown: str, edited: str) -> str:
    """`edited`, an edit of `shown` (`original` as a field showed it, one character for each
    of its characters), with every character the edit left alone as it is in `original`:
    changing words of a field keeps the control characters elsewhere in it, not their
    stand-ins. What was typed, and what it replaced, are as edited."""
    if edited == shown:
        return original
    if len(shown) != len(original) or shown == original:  # nothing hidden, or not 1:1
        return edited
    # The same characters at both ends first (one change: the common case, and cheap).
    limit = min(len(shown), len(edited))
    start = 0
    while start < limit and shown[start] == edited[start]:
        start += 1
    end = 0  # not overlapping the start
    while end < limit - start and shown[-1 - end] == edited[-1 - end]:
        end += 1
    hidden = original[start : len(original) - end]
    middle_shown, middle_edited = shown[start : len(shown) - end], edited[start : len(edited) - end]
    if hidden == middle_shown:  # nothing hidden between the changes
        middle = middle_edited
    else:  # changes in several places: what is alike between them is the original's too
        middle = _kept_between(hidden, middle_shown, middle_edited)
    return original[:start] + middle + original[len(original) - end :]


_WORDS = re.compile(r"\s+|\S+")
# Stretches up to this long (before and after the edit together) are compared character
# by character; a diff of longer ones takes too long to wait for, so their words are
# compared first (the commonest words left out of the matching, as difflib's autojunk
# does), then each changed stretch of words that is short enough, character by character.
_CHARACTERS_AT_MOST = 3_000


def _kept_between(hidden: str, shown: str, edited: str) -> str:
    """`edited` (an edit of `shown`, which shows `hidden`) with `hidden`'s characters where
    the edit left them alone."""
    if len(shown) + len(edited) <= _CHARACTERS_AT_MOST:
        return _kept_characters(hidden, shown, edited)
    shown_words, edited_words = _WORDS.findall(shown), _WORDS.findall(edited)
    shown_at = [0, *accumulate(map(len, shown_words))]
    edited_at = [0, *accumulate(map(len, edited_words))]
    pieces: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(shown_words, edited_words, autojunk=True):
        was = slice(shown_at[i1], shown_at[i2])
        now = edited[edited_at[j1] : edited_at[j2]]
        if tag == "equal":
            pieces.append(hidden[was])
        elif tag == "replace" and len(shown[was]) + len(now) <= _CHARACTERS_AT_MOST:
            pieces.append(_kept_characters(hidden[was], shown[was], now))
        else:
            pieces.append(now)
    return "".join(pieces)


def _kept_characters(hidden: str, shown: str, edited: str) -> str:
    return "".join(
        hidden[i1:i2] if tag == "equal" else edited[j1:j2]
        for tag, i1, i2, j1, j2 in _opcodes(shown, edited, autojunk=False)
    )


def _opcodes(
    before: Sequence[str], after: Sequence[str], *, autojunk: bool
) -> Sequence[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, before, after, autojunk=autojunk).get_opcodes()
