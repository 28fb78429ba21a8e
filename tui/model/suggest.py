""""Did you mean …?": difflib's answer among many names, without difflib weighing them all."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

# Up to this many names, difflib weighs them all (quick enough, and surely the same).
_FEW = 64
_CUTOFF = 0.6  # difflib.get_close_matches's default


def close_match(word: str, names: Sequence[str]) -> str | None:
    """What `difflib.get_close_matches(word, names, n=1)` answers, or None.

    difflib's ratio counts the characters of matching blocks, a common subsequence, so it is
    never above the ratio of the longest common subsequence, which rapidfuzz's `fuzz.ratio`
    computes in C for every name at once. So: only names rapidfuzz puts at the cut-off or
    above can be difflib's answer, and taking them best first, difflib stops weighing once
    no name left could beat the best it has found: usually after a name or two.
    """
    if len(names) <= _FEW:
        hint = difflib.get_close_matches(word, names, n=1, cutoff=_CUTOFF)
        return hint[0] if hint else None
    from rapidfuzz import fuzz, process  # only when there is something to suggest

    ranked = process.extract(
        word, names, scorer=fuzz.ratio, score_cutoff=_CUTOFF * 100 - 1e-6, limit=None
    )
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)  # as get_close_matches does: the word is the second sequence
    best: tuple[float, str] | None = None
    for name, bound, _ in ranked:
        if best is not None and bound / 100 + 1e-9 < best[0]:
            break  # no name from here on can score as high (ties go to the larger name)
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            score = matcher.ratio()
            if score >= _CUTOFF and (best is None or (score, name) > best):
                best = (score, name)
    return best[1] if best else None
