"""Ids for new entries: a slug of the entry's title or name, unique in the bundle."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_JUNK = re.compile(r"[^a-z0-9]+")
_FALLBACK = {"events": "event", "actors": "actor", "quotes": "quote", "paragraphs": "p"}
MAX_WORDS = 6
MAX_LENGTH = 48


def slug(text: str, words: int = MAX_WORDS) -> str:
    """Lower-case ASCII letters and digits joined by `-`: "Kurds regain ground" ->
    "kurds-regain-ground"; accents dropped (é -> e), other scripts left out."""
    joined = re.sub("['\u2019]", "", text)  # O'Neill is one word: o-neill would be two
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    parts = [part for part in _JUNK.split(ascii_text.lower()) if part]
    result = ""
    for part in parts[:words]:
        joined = f"{result}-{part}" if result else part
        if len(joined) > MAX_LENGTH:
            break
        result = joined
    return result or (parts[0][:MAX_LENGTH] if parts else "")


def new_entry_id(text: str, taken: Collection[str], section: str = "events") -> str:
    """An id for a new entry of `section` titled or named `text`, none of `taken` (every id in
    the bundle: `StoryFile.ids()`): its slug, then `-2`, `-3`, ... if that is used; the
    section's word ("event", ...) when the text has no letters or digits to slug."""
    base = slug(text) or _FALLBACK.get(section, "entry")
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
