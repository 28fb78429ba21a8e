"""White-space folding and TextQuoteSelector matching.

The format matches `exact`, `prefix` and `suffix` "to the character, after folding runs of
white space to one space"; the app then needs the span in the paragraph's *original* text
to highlight it, so folding keeps a map from folded positions back to original ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

# White space is Unicode's White_Space property. Python's \s would also take the
# information separators U+001C..U+001F, which are control characters, not white space.
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Patterns as text: `re` compiles each at its first use (and keeps it), which text with
# only single plain spaces never reaches; compiled at start-up they would cost 0.3 ms.
_WHITESPACE_RUN = f"[{_WHITE_SPACE}]+"
# Text needs no folding when its only white space is single plain spaces.
_NEEDS_FOLDING = f"[{_WHITE_SPACE.replace(' ', '')}]|  "


def needs_folding(text: str) -> bool:
    """Whether `text` holds white space other than single plain spaces."""
    # Every white space character but the plain space is unprintable, and isprintable() is
    # much quicker than the regex: printable text only needs the look for double spaces.
    if text.isprintable():
        return "  " in text
    return re.search(_NEEDS_FOLDING, text) is not None


def fold(text: str) -> str:
    """Fold every run of white space to a single space."""
    if text.isprintable() and "  " not in text:  # needs_folding's quick answer, inline
        return text
    return re.sub(_WHITESPACE_RUN, " ", text) if needs_folding(text) else text


class FoldedText(NamedTuple):
    """A text folded for matching, with the way back to original offsets.

    (A NamedTuple: one is made for every paragraph, and these are quicker to make than frozen
    dataclasses.)
    """

    original: str
    folded: str
    # starts[i]/ends[i]: the original span that folded character i stands for; None when
    # folding changed nothing, so large unremarkable paragraphs cost no extra memory.
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    @classmethod
    def of(cls, text: str) -> FoldedText:
        if (text.isprintable() and "  " not in text) or not needs_folding(text):
            return tuple.__new__(cls, (text, text, None, None))  # cls(...), a frame fewer
        starts: list[int] = []
        ends: list[int] = []
        pieces: list[str] = []
        position = 0
        for match in re.finditer(_WHITESPACE_RUN, text):
            for offset in range(position, match.start()):
                starts.append(offset)
                ends.append(offset + 1)
            pieces.append(text[position : match.start()])
            starts.append(match.start())
            ends.append(match.end())
            pieces.append(" ")
            position = match.end()
        for offset in range(position, len(text)):
            starts.append(offset)
            ends.append(offset + 1)
        pieces.append(text[position:])
        return cls(text, "".join(pieces), tuple(starts), tuple(ends))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span [start, end) to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            original = self.starts[start] if start < len(self.starts) else len(self.original)
            return original, original
        return self.starts[start], self.ends[end - 1]


class FoldedParagraphs(NamedTuple):
    """Paragraph texts folded while a bundle was validated, for re-anchoring to reuse."""

    texts: Mapping[str, FoldedText]  # by paragraph id, in reading order
    complete: bool  # every paragraph of the bundle, as the format wants it, is in `texts`


def find_once(paragraph: FoldedText, exact: str) -> tuple[int, int] | None:
    """The original span of `exact` in the paragraph if it occurs there once, else None.

    Most links are `exact` alone, found once: two finds tell that without a list.
    """
    text = paragraph.folded
    exact_f = fold(exact)
    first = text.find(exact_f)
    if first < 0 or text.find(exact_f, first + 1) >= 0:
        return None
    if paragraph.starts is None:  # folding changed nothing: offsets are the same
        return first, first + len(exact_f)
    return paragraph.original_span(first, first + len(exact_f))
