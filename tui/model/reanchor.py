"""Find a source link's words again after the story's text was corrected.

A link whose `exact` no longer stands where it says (a typo fixed, a clause reworded, a
paragraph split or merged) is looked for, in this order of trust: exactly, in its own
paragraph, then the paragraphs next to it (there also in another letter case: "The Kurds"
made "the Kurds"), then anywhere; approximately, in its own
paragraph and its neighbours, then anywhere. Every place found is a candidate, scored on
the words (edit distance, through rapidfuzz), on the `prefix`/`suffix` context where the
link has one, and on how far it is from the paragraph the link names.

Unlike Hypothesis's fuzzy anchoring, a candidate is taken only when it is clearly right:
the words and the context must each score above a floor, and the best candidate must beat
every other place by a clear margin. Otherwise the link is an orphan, for a person to
re-attach, never a guess.

Everything works on the paragraphs' white-space-folded text, as matching does, and maps
spans back to the original text for the words written into the file.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from tui.model.folding import fold
from tui.model.selector_context import minimal_context, occurrences
from tui.model.selectors import match_selector
from tui.model.story_text import StoryText

__all__ = ["Anchoring", "LinkClass", "StoryText", "anchor"]

# Floors and margin, on 0..1 scores. Tuned on tests/reanchor_corpus.py, whose measured
# outcome (no wrong anchor) is the contract: change them only with that test passing.
MIN_QUOTE = 0.75  # how alike the words must be
MIN_CONTEXT = 0.5  # how alike the prefix/suffix context must be, where the link has one
MIN_TOTAL = 0.75
MIN_GAP = 0.1  # best minus second best
# Trust by place: the paragraph the link names, its neighbours, anywhere else.
OWN, NEAR, FAR = 1.0, 0.95, 0.9
QUOTE_WEIGHT = 0.7  # with context: 0.7 words + 0.3 context
MAX_EXACT_ELSEWHERE = 8  # exact occurrences elsewhere beyond this: too common to tell
# The same words but for letter case ("The Kurds" -> "the Kurds"): nearly as sure as the words
# themselves, where a short name's approximate score would fall under the floor.
CASELESS = 0.98
# Words found in another paragraph say little on their own when short: a name ("Ryan",
# "AFP") or a stock phrase stands in many places, and a heading repeats the body. A next
# paragraph (a split, a merge) is trusted sooner than one further away; context agreeing
# is trusted anywhere.
MIN_TELLING_NEAR = 8
MIN_TELLING_FAR = 30


class LinkClass(StrEnum):
    EXACT = "exact"  # found where it says
    MOVED = "moved"  # the same words, found exactly in another place
    REANCHORED = "re-anchored"  # found approximately: the words there now differ
    ORPHAN = "orphan"  # no place is clearly the right one


class Anchoring(NamedTuple):
    """Where a link's words are now, or why no place was chosen."""

    status: LinkClass
    paragraph: str | None = None  # the paragraph holding the words now
    start: int = -1  # their span in that paragraph's original text
    end: int = -1
    exact: str | None = None  # the words there now, as written in the paragraph
    prefix: str | None = None  # context needed to pick out the place (None: not needed)
    suffix: str | None = None
    score: float = 0.0  # the chosen candidate's total score
    reason: str = ""  # for an orphan: why

    @property
    def found(self) -> bool:
        return self.status is not LinkClass.ORPHAN


class _Candidate(NamedTuple):
    paragraph: str
    start: int  # folded offsets
    end: int
    quote: float
    context: float | None
    total: float
    telling: bool  # enough to go on: in the link's own paragraph, long, or in context


def anchor(
    story: StoryText,
    paragraph: str,
    exact: str,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Anchoring:
    """Where the words of the link (`paragraph`, `exact`, `prefix`, `suffix`) are now."""
    needle = fold(exact)
    prefix_f = fold(prefix) if prefix else None
    suffix_f = fold(suffix) if suffix else None
    if not needle.strip():
        return Anchoring(LinkClass.ORPHAN, reason="the link has no words to look for")
    own = [paragraph] if paragraph in story.texts else []
    if own:
        found = match_selector(story.texts[paragraph], exact, prefix, suffix)
        if found.ok:  # where it says: nothing to look for
            return Anchoring(
                LinkClass.EXACT, paragraph, found.start, found.end, exact, prefix, suffix, 1.0
            )
    near = story.neighbours(paragraph)
    candidates: list[_Candidate] = []
    # Exactly, own paragraph and neighbours first; then anywhere.
    for paragraph_id, trust in [*((p, OWN) for p in own), *((p, NEAR) for p in near)]:
        candidates += _exact_places(story, paragraph_id, needle, prefix_f, suffix_f, trust)
        candidates += _exact_places(
            story, paragraph_id, needle, prefix_f, suffix_f, trust, caseless=True
        )
    nearby = {*own, *near}
    elsewhere = [
        p for p in story.paragraphs_containing(needle, MAX_EXACT_ELSEWHERE) if p not in nearby
    ]
    if len(elsewhere) <= MAX_EXACT_ELSEWHERE:
        for paragraph_id in elsewhere:
            candidates += _exact_places(story, paragraph_id, needle, prefix_f, suffix_f, FAR)
    # Approximately: own paragraph and neighbours; anywhere only when nothing nearby will do.
    for paragraph_id, trust in [*((p, OWN) for p in own), *((p, NEAR) for p in near)]:
        candidates += _approximate_places(story, paragraph_id, needle, prefix_f, suffix_f, trust)
    if not any(_acceptable(c) for c in candidates):
        for paragraph_id in _likely_paragraphs(story, needle, nearby):
            candidates += _approximate_places(
                story, paragraph_id, needle, prefix_f, suffix_f, FAR
            )
    return _choose(story, candidates, paragraph, needle, prefix_f, suffix_f)


def _acceptable(candidate: _Candidate) -> bool:
    context_ok = candidate.context is None or candidate.context >= MIN_CONTEXT
    return (
        candidate.quote >= MIN_QUOTE
        and context_ok
        and candidate.total >= MIN_TOTAL
        and candidate.telling
    )


def _choose(
    story: StoryText,
    candidates: list[_Candidate],
    paragraph: str,
    needle: str,
    prefix: str | None,
    suffix: str | None,
) -> Anchoring:
    ranked = sorted(_distinct(candidates), key=lambda c: c.total, reverse=True)
    if not ranked or not _acceptable(ranked[0]):
        return Anchoring(LinkClass.ORPHAN, reason="no good match")
    best = ranked[0]
    # A rival that could not be chosen itself (short words far away) does not count.
    rivals = [c for c in ranked[1:] if not _overlap(c, best) and c.telling]
    if rivals and best.total - rivals[0].total < MIN_GAP:
        places = ", ".join(sorted({best.paragraph, rivals[0].paragraph}))
        return Anchoring(
            LinkClass.ORPHAN,
            score=best.total,
            reason=f"several places match about as well ({places})",
        )
    text = story.texts[best.paragraph]
    start, end = text.original_span(best.start, best.end)
    words = text.original[start:end]
    same_words = fold(words) == needle
    if same_words and best.paragraph == paragraph and best.context in (None, 1.0):
        status = LinkClass.EXACT
    elif same_words:
        status = LinkClass.MOVED
    else:
        status = LinkClass.REANCHORED
    new_prefix, new_suffix = minimal_context(text.folded, best.start, best.end)
    return Anchoring(
        status, best.paragraph, start, end, words, new_prefix, new_suffix, round(best.total, 2)
    )


def _distinct(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per place: the best scored of any that overlap."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.total, reverse=True):
        if not any(_overlap(candidate, other) for other in kept):
            kept.append(candidate)
    return kept


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.paragraph == b.paragraph and a.start < b.end and b.start < a.end


# --- candidates ---------------------------------------------------------------------------


def _exact_places(
    story: StoryText,
    paragraph_id: str,
    needle: str,
    prefix: str | None,
    suffix: str | None,
    trust: float,
    *,
    caseless: bool = False,
) -> list[_Candidate]:
    """The places that hold the needle's words; `caseless`: those that hold them in another
    letter case (scored CASELESS)."""
    folded = story.texts[paragraph_id].folded
    haystack, wanted, quote = folded, needle, 1.0
    if caseless:
        haystack, wanted, quote = folded.lower(), needle.lower(), CASELESS
        if len(haystack) != len(folded) or len(wanted) != len(needle):
            return []  # lower() changed a length (as "İ" does): offsets would not hold
    end = len(needle)
    return [
        _scored(folded, paragraph_id, start, start + end, quote, prefix, suffix, trust)
        for start in occurrences(haystack, wanted)[: MAX_EXACT_ELSEWHERE + 1]
        if not caseless or folded[start : start + end] != needle  # exact ones: scored already
    ]


def _approximate_places(
    story: StoryText,
    paragraph_id: str,
    needle: str,
    prefix: str | None,
    suffix: str | None,
    trust: float,
) -> list[_Candidate]:
    """The two best approximate places in the paragraph (the second shows whether the
    first is clearly the one)."""
    from rapidfuzz import fuzz  # only bundles with unmatched links need it

    folded = story.texts[paragraph_id].folded
    found: list[_Candidate] = []
    haystack = folded
    for _ in range(2):
        alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=MIN_QUOTE * 60)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            break
        start, end, quote = _refine(folded, needle, alignment.dest_start, alignment.dest_end)
        if end > start:
            found.append(_scored(folded, paragraph_id, start, end, quote, prefix, suffix, trust))
        # Hide this place and look again for the next best one.
        hidden = "\x00" * (alignment.dest_end - alignment.dest_start)
        haystack = haystack[: alignment.dest_start] + hidden + haystack[alignment.dest_end :]
    return found


def _likely_paragraphs(story: StoryText, needle: str, skip: set[str]) -> list[str]:
    """Paragraphs elsewhere that hold the needle's two most telling words: a cheap filter
    before approximate matching, which over a whole story would cost a scan per link."""
    words = sorted(set(re.findall(r"\w{4,}", needle)), key=len, reverse=True)[:2]
    if not words:
        return []
    found: set[str] | None = None
    for word in words:
        holding = set(story.paragraphs_containing(word, 50))
        found = holding if found is None else found & holding
    return sorted((found or set()) - skip, key=lambda p: story.position[p])[:20]


def _scored(
    folded: str,
    paragraph_id: str,
    start: int,
    end: int,
    quote: float,
    prefix: str | None,
    suffix: str | None,
    trust: float,
) -> _Candidate:
    context = _context_score(folded, start, end, prefix, suffix)
    total = quote if context is None else QUOTE_WEIGHT * quote + (1 - QUOTE_WEIGHT) * context
    length = end - start
    telling = (
        trust == OWN
        or (trust == NEAR and length >= MIN_TELLING_NEAR)
        or length >= MIN_TELLING_FAR
        or (context is not None and context >= 0.8)
    )
    return _Candidate(paragraph_id, start, end, quote, context, total * trust, telling)


def _context_score(
    folded: str, start: int, end: int, prefix: str | None, suffix: str | None
) -> float | None:
    from rapidfuzz.distance import Indel

    scores: list[float] = []
    if prefix:
        before = folded[max(0, start - len(prefix)) : start]
        scores.append(Indel.normalized_similarity(prefix, before))
    if suffix:
        after = folded[end : end + len(suffix)]
        scores.append(Indel.normalized_similarity(suffix, after))
    return sum(scores) / len(scores) if scores else None


_BOUNDARY = re.compile(r"\b|(?<=\s)|(?=\s)")


def _refine(folded: str, needle: str, start: int, end: int) -> tuple[int, int, float]:
    """The span near [start, end) that starts and ends on word boundaries and is most like
    the needle (an alignment window has the needle's length, whatever the text's words)."""
    from rapidfuzz.distance import Indel

    reach = len(needle) // 3 + 4
    lo, hi = max(0, start - reach), min(len(folded), end + reach)
    bounds = sorted({m.start() + lo for m in _BOUNDARY.finditer(folded[lo:hi])} | {lo, hi})
    starts = [b for b in bounds if abs(b - start) <= reach and _starts_word(folded, b)]
    ends = [b for b in bounds if abs(b - end) <= reach and _ends_word(folded, b)]
    # Quotation marks and brackets are not folded, and they say what the words are: a
    # link to “Islamic State” (a scare quote) is not a link to Islamic State elsewhere.
    if not needle[0].isalnum():
        starts = [b for b in starts if folded[b] == needle[0]]
    if not needle[-1].isalnum():
        ends = [b for b in ends if folded[b - 1] == needle[-1]]
    best = (start, start, 0.0)
    for s in starts:
        for e in ends:
            if e <= s:
                continue
            score = Indel.normalized_similarity(needle, folded[s:e])
            if score > best[2] or (score == best[2] and abs((e - s) - len(needle)) < abs(
                (best[1] - best[0]) - len(needle)
            )):
                best = (s, e, score)
    return best


def _starts_word(text: str, position: int) -> bool:
    """A place a span may start: not inside a word, and not on white space."""
    if position >= len(text) or text[position].isspace():
        return False
    return position == 0 or not (text[position - 1].isalnum() and text[position].isalnum())


def _ends_word(text: str, position: int) -> bool:
    if position == 0 or text[position - 1].isspace():
        return False
    return position == len(text) or not (text[position - 1].isalnum() and text[position].isalnum())
