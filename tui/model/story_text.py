"""A story's paragraphs as re-anchoring searches them: folded, in reading order, each
paragraph's neighbours, and one joined text to find words in every paragraph at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import accumulate
from operator import itemgetter

from tui.model.folding import FoldedText

__all__ = ["StoryText"]


class StoryText:
    """A bundle's paragraphs as re-anchoring searches them (built once per bundle)."""

    def __init__(self, paragraphs: Mapping[str, FoldedText]) -> None:
        """`paragraphs`: each paragraph's folded text by its id, in reading order."""
        self.texts = paragraphs
        self.ids = list(paragraphs)
        self._position: dict[str, int] | None = None
        self._joined: str | None = None
        self._starts: list[int] = []

    @classmethod
    def of(cls, paragraphs: Iterable[tuple[str, str]]) -> StoryText:
        """The story of these (id, text) pairs, each text folded here."""
        return cls({paragraph_id: FoldedText.of(text) for paragraph_id, text in paragraphs})

    @property
    def position(self) -> dict[str, int]:
        """Each paragraph's index in reading order (made when first needed)."""
        if self._position is None:
            self._position = dict(zip(self.ids, range(len(self.ids)), strict=True))
        return self._position

    def neighbours(self, paragraph_id: str) -> list[str]:
        """The paragraphs before and after; for an id no longer in the story (merged into
        another), those numbered next to it by the p1, p2, ... convention."""
        position = self.position.get(paragraph_id)
        if position is not None:
            return [self.ids[n] for n in (position - 1, position + 1) if 0 <= n < len(self.ids)]
        numbered = re.fullmatch(r"(.*?)([0-9]+)", paragraph_id)
        if numbered is None:
            return []
        stem, number = numbered.group(1), int(numbered.group(2))
        return [f"{stem}{n}" for n in (number - 1, number + 1) if f"{stem}{n}" in self.texts]

    def paragraphs_containing(self, needle: str, limit: int) -> list[str]:
        """Ids of paragraphs whose folded text holds `needle`, at most `limit` + 1 of them:
        one scan of the whole story joined, not a search per paragraph."""
        if self._joined is None:
            folded = list(map(_folded_text, self.texts.values()))
            # A separator that folded text cannot hold: no match spans two paragraphs.
            self._joined = "\x00".join(folded)
            self._starts = list(accumulate(map(len, folded), _after_separator, initial=0))
            self._starts.pop()  # where a paragraph after the last would start
        found: list[str] = []
        position = self._joined.find(needle)
        while position >= 0 and len(found) <= limit:
            index = _index_at(self._starts, position)
            paragraph_id = self.ids[index]
            if not found or found[-1] != paragraph_id:
                found.append(paragraph_id)
            next_start = self._starts[index + 1] if index + 1 < len(self._starts) else -1
            if next_start < 0:
                break
            position = self._joined.find(needle, max(position + 1, next_start))
        return found


_folded_text = itemgetter(1)  # FoldedText.folded, in C


def _after_separator(start: int, length: int) -> int:
    """Where the next paragraph starts in the joined text, after one of `length`."""
    return start + length + 1


def _index_at(starts: list[int], position: int) -> int:
    """The index of the last start at or before `position` (starts are sorted)."""
    from bisect import bisect_right

    return bisect_right(starts, position) - 1
