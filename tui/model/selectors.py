"""TextQuoteSelector matching: the one place `exact` (with `prefix` right before it and
`suffix` right after) occurs in a paragraph, or why there is none.

Most links are `exact` alone, found once (`find_once`: two finds). When `exact` occurs many
times and `prefix` or `suffix` must pick one, looking at every place for every link costs
places x links (80,000 places and 800 links: 39 s). `Selectors` instead keeps, for each
paragraph and `exact`, its places sorted by the text before them (read backwards) and by the
text after them, and finds the ones a prefix or suffix picks by binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from tui.model.folding import FoldedText, find_once, fold

__all__ = ["SelectorMatch", "Selectors", "match_selector"]

# Up to this many places, checking each one directly is quickest.
_FEW = 16
# Sorted contexts hold at most this many characters per character of the paragraph (and
# 64 KiB in any case); a longer prefix or suffix is looked for as one string instead.
_CONTEXT_PER_CHARACTER = 8


class SelectorMatch(NamedTuple):
    """The outcome of matching a selector: a span, or why there is none."""

    start: int = -1
    end: int = -1
    candidates: int = 0  # places `exact` occurs, before prefix/suffix narrow them
    matches: int = 0  # places left once prefix/suffix are applied

    @property
    def ok(self) -> bool:
        return self.matches == 1


def match_selector(
    paragraph: FoldedText, exact: str, prefix: str | None = None, suffix: str | None = None
) -> SelectorMatch:
    """Find the one place `exact` (with `prefix` right before, `suffix` right after) occurs."""
    return Selectors().match(paragraph, exact, prefix, suffix)


class Selectors:
    """Matches selectors, remembering where each `exact` occurs in each paragraph."""

    __slots__ = ("_places",)

    def __init__(self) -> None:
        self._places: dict[tuple[str, str], _Places] = {}

    def match(
        self,
        paragraph: FoldedText,
        exact: str,
        prefix: str | None = None,
        suffix: str | None = None,
    ) -> SelectorMatch:
        if prefix is None and suffix is None:
            span = find_once(paragraph, exact)
            if span is not None:
                return SelectorMatch(*span, 1, 1)
        text = paragraph.folded
        exact_f = fold(exact)
        key = (text, exact_f)
        places = self._places.get(key)
        if places is None:
            places = self._places[key] = _Places(text, exact_f)
        prefix_f = None if prefix is None else fold(prefix)
        suffix_f = None if suffix is None else fold(suffix)
        starts = places.picked(prefix_f, suffix_f)
        candidates = len(places.starts)
        if len(starts) != 1:
            return SelectorMatch(candidates=candidates, matches=len(starts))
        start, end = paragraph.original_span(starts[0], starts[0] + len(exact_f))
        return SelectorMatch(start, end, candidates, 1)


class _Places:
    """Where one (folded) `exact` occurs in one (folded) paragraph text."""

    __slots__ = ("_after", "_before", "exact", "starts", "text")

    def __init__(self, text: str, exact: str) -> None:
        self.text = text
        self.exact = exact
        starts: list[int] = []  # every place, overlapping ones included
        position = text.find(exact)
        while position != -1:
            starts.append(position)
            position = text.find(exact, position + 1)
        self.starts = starts
        # context length -> (contexts sorted, the place of each)
        self._before: dict[int, tuple[list[str], list[int]]] = {}
        self._after: dict[int, tuple[list[str], list[int]]] = {}

    def picked(self, prefix: str | None, suffix: str | None) -> list[int]:
        """The places with `prefix` right before and `suffix` right after (None: any)."""
        if prefix is None and suffix is None:
            return self.starts
        if len(self.starts) <= _FEW:
            return [s for s in self.starts if self._fits(s, prefix, suffix)]
        narrowed: list[list[int]] = []
        for context, before in ((prefix, True), (suffix, False)):
            if context is not None:
                found = self._sorted(context, before=before)
                if found is None:
                    return self._found(prefix or "", suffix or "")
                narrowed.append(found)
        fewest = min(narrowed, key=len)
        if len(narrowed) == 1:
            return fewest
        return [s for s in fewest if self._fits(s, prefix, suffix)]

    def _fits(self, start: int, prefix: str | None, suffix: str | None) -> bool:
        text = self.text
        if prefix is not None and not text.endswith(prefix, 0, start):
            return False
        return suffix is None or text.startswith(suffix, start + len(self.exact))

    def _sorted(self, context: str, *, before: bool) -> list[int] | None:
        """The places whose text before (or after) starts with `context`, by binary search
        in the places sorted by that text; None when sorting contexts this long would take
        too much memory."""
        size = 16
        while size < len(context):
            size *= 2
        if size * len(self.starts) > max(_CONTEXT_PER_CHARACTER * len(self.text), 1 << 16):
            return None
        indexes = self._before if before else self._after
        index = indexes.get(size)
        if index is None:
            text, length = self.text, len(self.exact)
            if before:  # read backwards, so a prefix is the start of its key
                pairs = sorted((text[max(0, s - size) : s][::-1], s) for s in self.starts)
            else:
                pairs = sorted((text[s + length : s + length + size], s) for s in self.starts)
            index = indexes[size] = ([key for key, _ in pairs], [s for _, s in pairs])
        keys, places = index
        wanted = context[::-1] if before else context
        width = len(wanted)

        def head(key: str) -> str:
            return key[:width]

        low = bisect_left(keys, wanted, key=head)
        high = bisect_right(keys, wanted, low, key=head)
        return sorted(places[low:high])

    def _found(self, prefix: str, suffix: str) -> list[int]:
        """The places, looked for as the one string prefix + exact + suffix (in C, not one
        place at a time): for contexts too long to sort."""
        whole = prefix + self.exact + suffix
        found: list[int] = []
        position = self.text.find(whole)
        while position != -1:
            found.append(position + len(prefix))
            position = self.text.find(whole, position + 1)
        return found
