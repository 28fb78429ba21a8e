"""A source link for words selected in a paragraph, and a quote's text from a selection.

`link_for_selection(text, start, end)` gives `exact` (the selected words) and, only where those
words occur more than once in the paragraph, the fewest whole words of `prefix` or `suffix`
that pick out this place, matched as the format matches them (white space folded, overlapping
occurrences counted).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from tui.model.selector_context import occurrences

# Unicode White_Space, as the format folds it (tui.model.folding).
_WHITE_SET = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
)
_RUN = re.compile("[" + re.escape("".join(sorted(_WHITE_SET))) + "]+")
# Opening and closing quotation marks: " ' and the curly, angle, low-9 and CJK ones.
_OPENING = "\u201c\"\u2018'\u00ab\u201e\u201a\u2039\u300c\u300e"
_CLOSING = "\u201d\"\u2019'\u00bb\u201c\u2018\u203a\u300d\u300f"


class LinkFields(NamedTuple):
    exact: str
    prefix: str | None = None
    suffix: str | None = None

    def source(self, paragraph: str) -> dict[str, Any]:
        """The source link's table: `{"paragraph": ..., "exact": ..., ...}`."""
        link: dict[str, Any] = {"paragraph": paragraph, "exact": self.exact}
        if self.prefix is not None:
            link["prefix"] = self.prefix
        if self.suffix is not None:
            link["suffix"] = self.suffix
        return link


class _Folded(NamedTuple):
    text: str  # white space runs folded to one space
    origin: list[int]  # origin[i]: where folded character i starts in the original text
    position: list[int]  # position[j]: the folded index original character j falls in


def _fold(text: str) -> _Folded:
    pieces: list[str] = []
    origin: list[int] = []
    position = [0] * (len(text) + 1)
    last = 0
    for match in [*_RUN.finditer(text), None]:
        stop = match.start() if match else len(text)
        for offset in range(last, stop):
            position[offset] = len(origin)
            origin.append(offset)
        pieces.append(text[last:stop])
        if match is None:
            break
        for offset in range(match.start(), match.end()):
            position[offset] = len(origin)
        origin.append(match.start())
        pieces.append(" ")
        last = match.end()
    position[len(text)] = len(origin)
    origin.append(len(text))
    return _Folded("".join(pieces), origin, position)


def link_for_selection(text: str, start: int, end: int) -> LinkFields:
    """The link for `text[start:end]` (white space at its ends left out). ValueError when
    nothing but white space is selected."""
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    while start < end and text[start] in _WHITE_SET:
        start += 1
    while end > start and text[end - 1] in _WHITE_SET:
        end -= 1
    if start == end:
        raise ValueError("nothing is selected")
    exact = text[start:end]
    folded = _fold(text)
    at, stop = folded.position[start], folded.position[end - 1] + 1
    needle = folded.text[at:stop]
    places = occurrences(folded.text, needle)
    if len(places) <= 1:
        return LinkFields(exact)
    lefts, rights = _word_edges_left(folded.text, at), _word_edges_right(folded.text, stop)
    best: tuple[int, str | None, str | None] | None = None
    for words in range(1, max(len(lefts), len(rights)) + 1):
        left, right = _nth(lefts, words), _nth(rights, words)
        for prefix_at, suffix_at in ((None, right), (left, None), (left, right)):
            prefix = folded.text[prefix_at:at] if prefix_at is not None else None
            suffix = folded.text[stop:suffix_at] if suffix_at is not None else None
            if (prefix or suffix) and _picks_one(folded.text, needle, places, prefix, suffix):
                size = len(prefix or "") + len(suffix or "")
                if best is None or size < best[0]:
                    best = (size, prefix, suffix)
        if best is not None:
            break
    if best is None:  # everything before and after: that is always one place
        best = (0, folded.text[:at] or None, folded.text[stop:] or None)
    _, prefix, suffix = best
    # Back to the paragraph's own characters (its line breaks, double spaces and all).
    return LinkFields(
        exact,
        text[folded.origin[at - len(prefix)] : start] if prefix else None,
        text[end : folded.origin[stop + len(suffix)]] if suffix else None,
    )


def _picks_one(
    text: str, needle: str, places: list[int], prefix: str | None, suffix: str | None
) -> bool:
    matching = [
        s
        for s in places
        if (prefix is None or text.endswith(prefix, 0, s))
        and (suffix is None or text.startswith(suffix, s + len(needle)))
    ]
    return len(matching) == 1


def _word_edges_left(text: str, at: int) -> list[int]:
    """Where the 1st, 2nd, ... word before `at` starts (spaces before `at` included in it)."""
    edges: list[int] = []
    position = at
    while position > 0:
        position -= 1
        while position > 0 and text[position] == " ":
            position -= 1
        while position > 0 and text[position - 1] != " ":
            position -= 1
        edges.append(position)
    return edges


def _word_edges_right(text: str, stop: int) -> list[int]:
    """Where the 1st, 2nd, ... word after `stop` ends."""
    edges: list[int] = []
    position = stop
    while position < len(text):
        while position < len(text) and text[position] == " ":
            position += 1
        while position < len(text) and text[position] != " ":
            position += 1
        edges.append(position)
    return edges


def _nth(edges: list[int], words: int) -> int | None:
    return edges[words - 1] if words <= len(edges) else None


def strip_quotation_marks(text: str) -> str:
    """Selected words without the quotation marks around them: the `text` of a direct or
    scare quote (`“It is long overdue,”` -> `It is long overdue,`)."""
    inner = text.strip()
    if inner[:1] and inner[0] in _OPENING:
        inner = inner[1:]
    if inner[-1:] and inner[-1] in _CLOSING:
        inner = inner[:-1]
    return inner.strip()
