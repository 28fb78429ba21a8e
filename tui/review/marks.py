"""Verdicts, review times and the text a reviewer types: the small values of a review.

Times are kept as canonical ISO 8601 strings in UTC with microseconds
(`2025-03-01T09:30:00.000123Z`): they sort as text, cost nothing to keep, and become a
`datetime` only to be shown. A time read from a file is untrusted: one that Python cannot
hold in UTC, or that lies before 1970 or more than a day ahead of this clock, is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum

# Compiled by `re` at first use, not at start-up.
_SURROGATE = "[\ud800-\udfff]"
_CANONICAL = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"
# C0 controls but tab and newline, DEL, C1 controls and the bidi embeddings, overrides and
# isolates: what a terminal would obey or what reorders text.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"

EARLIEST = "1970-01-01T00:00:00.000000Z"
FUTURE_SLACK = timedelta(days=1)  # clocks of machines that merge one file disagree a little
MAX_NOTE_CHARS = 20_000
MAX_NAME_CHARS = 128


class Mark(StrEnum):
    """A reviewer's verdict on an entry."""

    VERIFIED = "verified"
    DISPUTED = "disputed"
    NEEDS_FIX = "needs-fix"


class Status(StrEnum):
    """An entry's state, derived from every reviewer's current verdict."""

    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    NEEDS_FIX = "needs-fix"
    DISPUTED = "disputed"


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(at: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. 2025-03-01T09:30:00.000123Z."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_text() -> str:
    return format_time(utc_now())


def latest_allowed() -> str:
    """The latest time a record may carry: a day ahead of this clock."""
    return format_time(utc_now() + FUTURE_SLACK)


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time that carries a UTC offset; raise ValueError otherwise
    (including for times that cannot be held in UTC, such as year 1 at +05:00)."""
    try:
        at = datetime.fromisoformat(text)
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"time has no UTC offset: {text!r}")
        return at.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"time out of range: {text!r}") from None


def canonical_time(text: str, latest: str) -> str:
    """`text` as a canonical UTC time string; ValueError if it is not an ISO 8601 time with
    an offset, or lies before 1970 or after `latest`."""
    if len(text) > 64:
        raise ValueError("time is too long")
    if re.fullmatch(_CANONICAL, text):
        parse_time(text)  # a real date, not 2025-13-40
        canonical = text
    else:
        canonical = format_time(parse_time(text))
    if not EARLIEST <= canonical <= latest:
        raise ValueError(f"time out of range: {text!r}")
    return canonical


def time_of(text: str) -> datetime:
    """A canonical time string (as `canonical_time` returns) as a datetime."""
    return datetime.fromisoformat(text)


def next_time(previous: str | None) -> str:
    """Now, but always later than `previous` (a canonical time), so a change sorts after the
    one it follows even if this machine's clock is behind the one that wrote `previous`."""
    now = now_text()
    if previous is not None and now <= previous:
        return format_time(time_of(previous) + timedelta(microseconds=1))
    return now


def shown_time(text: str) -> str:
    """A canonical time as people read it: `2025-03-01 09:30 UTC`."""
    return f"{text[:10]} {text[11:16]} UTC"


def clean_text(text: str) -> str:
    """Text as stored: lone surrogates (unencodable) become U+FFFD, and controls, bidi
    overrides and tabs become visible stand-ins; line breaks are kept."""
    if text.isprintable():
        return text
    text = re.sub(_SURROGATE, "\ufffd", text).replace("\r\n", "\n").replace("\t", " ")
    return re.sub(_CONTROL, _stand_in, text)


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean_note(text: str | None) -> str | None:
    """A note as stored: None for blank, else `clean_text` of it."""
    if text is None or not text.strip():
        return None
    return clean_text(text)


def unsafe_name_reason(name: str) -> str | None:
    """Why `name` cannot be recorded as a reviewer, or None when it can."""
    if re.search(_SURROGATE, name):
        return "it is not valid UTF-8"
    if not name.strip():
        return "it is empty"
    if not name.isprintable():
        return "it holds control characters"
    if len(name) > MAX_NAME_CHARS:
        return f"it is longer than {MAX_NAME_CHARS} characters"
    return None
