"""Sentences with their offsets, and source links that pick out exactly one place."""


from __future__ import annotations

import re
from typing import NamedTuple

from tui.authoring.suggest.cues import TITLES
from tui.authoring.suggest.model import Link
from tui.model.folding import FoldedText, fold
from tui.model.selectors import match_selector

# Not a sentence's end: a title or initial before a name ("Col. Ryan", "U.S. forces").
_ABBREVIATIONS = TITLES | frozenset(
    {
        "apr", "aug", "co", "corp", "dec", "etc", "feb", "inc", "jan", "jr", "jul", "jun", "ltd",
        "mar", "no", "nov", "oct", "sep", "sept", "sr", "st", "vs",
    }
)
_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


class Sentence(NamedTuple):
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        word = re.search(r"(\w+)\W*$", text[start : match.start() + 1])
        before = word.group(1).lower() if word else ""
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        end = match.end()
        found.append(Sentence(start, end, text[start:end]))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        found.append(Sentence(start, len(text.rstrip()), text[start:].rstrip()))
    return found


def link(paragraph_id: str, text: str, start: int, end: int) -> Link:
    """A link to text[start:end], with as much prefix/suffix as makes it the only match."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    exact = text[start:end]
    folded = FoldedText.of(text)
    if fold(text).count(fold(exact)) <= 1:
        return Link(paragraph_id, exact, start=start, end=end)
    for width in range(4, max(start, len(text) - end) + 8, 4):
        prefix = text[max(0, start - width) : start] or None
        suffix = text[end : end + width] or None
        # a selector's ends must hold more than white space to be kept by the format
        prefix = prefix if prefix and prefix.strip() else None
        suffix = suffix if suffix and suffix.strip() else None
        found = match_selector(folded, exact, prefix, suffix)
        if found.matches == 1 and found.start == start:
            return Link(paragraph_id, exact, prefix, suffix, start, end)
    return Link(paragraph_id, exact, start=start, end=end)
