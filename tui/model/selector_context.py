"""The `prefix`/`suffix` a link needs to pick out its place, and no more.

Shared by re-anchoring (a link found again) and the story writer (a link made from a
selection): context only where the words occur more than once in the paragraph, just long
enough, in whole words, to pick out this place.
"""

from __future__ import annotations

import re


def minimal_context(folded: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The shortest `prefix` (else `suffix`, else both) that picks out [start, end) among the
    places its words occur in `folded`; (None, None) when they occur only there.

    Context grows a word at a time, so it reads as words, not a cut-off fragment.
    """
    words = folded[start:end]
    places = occurrences(folded, words)
    if len(places) <= 1:
        return None, None
    for size in _word_ends(folded[:start][::-1]):
        prefix = folded[start - size : start]
        if [p for p in places if folded.endswith(prefix, 0, p)] == [start]:
            return prefix, None
    for size in _word_ends(folded[end:]):
        suffix = folded[end : end + size]
        if [p for p in places if folded.startswith(suffix, p + len(words))] == [start]:
            return None, suffix
    return folded[:start] or None, folded[end:] or None


def _word_ends(text: str) -> list[int]:
    """Lengths of `text` that end after a whole word (text read from the place outwards)."""
    sizes = [m.end() for m in re.finditer(r"\s*\S+", text)]
    return sizes or [len(text)]


def occurrences(haystack: str, needle: str) -> list[int]:
    """Every start offset of `needle` in `haystack`, overlapping ones included."""
    found: list[int] = []
    position = haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found
