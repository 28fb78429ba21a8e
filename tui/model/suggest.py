""" "Did you mean …?": the closest of many names, at a cost bounded by C, not by Python."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

# Past this many names, rapidfuzz narrows them (in C) before difflib weighs the rest.
_FEW = 64
# difflib weighs at most this many of the closest names rapidfuzz keeps.
_WEIGHED = 200
_CUTOFF = 0.6  # difflib.get_close_matches's default


def close_match(word: str, names: Sequence[str]) -> str | None:
    """What `difflib.get_close_matches(word, names, n=1)` answers, or None.

    difflib's ratio (matching blocks, a common subsequence) is never above the longest
    common subsequence's, which is what rapidfuzz's `fuzz.ratio` computes: every name difflib
    would accept passes rapidfuzz's cut first, so narrowing changes no answer (unless more
    than _WEIGHED names pass it: then the _WEIGHED closest by rapidfuzz are weighed).
    """
    if len(names) > _FEW:
        from rapidfuzz import fuzz, process  # only when there is something to suggest

        kept = process.extract(
            word, names, scorer=fuzz.ratio, score_cutoff=_CUTOFF * 100 - 0.01, limit=_WEIGHED
        )
        names = [name for name, _, _ in kept]
    hint = difflib.get_close_matches(word, names, n=1, cutoff=_CUTOFF)
    return hint[0] if hint else None
