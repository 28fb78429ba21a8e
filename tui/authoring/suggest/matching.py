"""Which existing entry a suggestion repeats, and which actor a speaker's name is.

Used to leave out what the bundle already has, to prefill an entry's speaker, and to
measure the suggestions against a finished bundle.
"""

from __future__ import annotations

from tui.authoring.suggest.model import Suggestion
from tui.model.entities import Actor, Bundle, Entry, Quote
from tui.model.folding import fold


def _names(actor: Actor) -> list[str]:
    return [fold(n).casefold() for n in (actor.name, *actor.aliases)]


def resolve_speaker(name: str | None, bundle: Bundle) -> str | None:
    """The id of the actor `name` stands for: one whose name or alias it is, else the one
    whose longest name or alias it contains ("US-led coalition spokesman Col Sean Ryan"
    contains "Col Sean Ryan")."""
    if not name:
        return None
    wanted = fold(name).casefold()
    best: tuple[int, str] | None = None
    for actor in bundle.actors:
        for candidate in _names(actor):
            if candidate == wanted:
                return actor.id
            longer = best is None or len(candidate) > best[0]
            if len(candidate) > 2 and longer and _contains_words(wanted, candidate):
                best = (len(candidate), actor.id)
    return best[1] if best else None


def _contains_words(text: str, words: str) -> bool:
    at = text.find(words)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(words)] if at + len(words) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = text.find(words, at + 1)
    return False


def _spans_overlap(suggestion: Suggestion, entry: Entry) -> bool:
    """Whether a suggestion's words and an entry's source link share a paragraph's text
    (a link to a whole paragraph shares all of it)."""
    for mine in suggestion.sources:
        for theirs in entry.sources:
            if mine.paragraph != theirs.paragraph:
                continue
            whole = not theirs.has_span or theirs.start == theirs.end
            if whole or (mine.start < theirs.end and theirs.start < mine.end):
                return True
    return False


def existing_entry(suggestion: Suggestion, bundle: Bundle) -> str | None:
    """The id of the bundle's entry this suggestion repeats, if any."""
    if suggestion.type == "actor":
        names = {fold(n).casefold() for n in (suggestion.text, *suggestion.aliases)}
        for actor in bundle.actors:
            if names & set(_names(actor)):
                return actor.id
        return None
    if suggestion.type == "quote":
        return _existing_quote(suggestion, bundle)
    for event in bundle.events:
        if _spans_overlap(suggestion, event) and (
            not suggestion.when
            or any(fold(suggestion.when) in fold(s.exact or "") for s in event.sources)
            or (
                event.date is not None
                and suggestion.date is not None
                and event.date.text.rstrip("?~%") == suggestion.date.rstrip("?~%")
            )
        ):
            return event.id
    return None


def _existing_quote(suggestion: Suggestion, bundle: Bundle) -> str | None:
    wanted = fold(suggestion.text)
    for quote in bundle.quotes:
        if quote.kind != suggestion.kind:
            continue
        if suggestion.kind in ("direct", "scare"):
            same_paragraph = {s.paragraph for s in quote.sources} & {
                s.paragraph for s in suggestion.sources
            }
            if same_paragraph and fold(quote.text) == wanted:
                return quote.id
        elif _reported_same(suggestion, quote):
            return quote.id
    return None


def _reported_same(suggestion: Suggestion, quote: Quote) -> bool:
    if not _spans_overlap(suggestion, quote):
        return False
    mine, theirs = fold(suggestion.text), fold(quote.text)
    return mine in theirs or theirs in mine or _shared_words(mine, theirs) >= 0.6


def _shared_words(a: str, b: str) -> float:
    left, right = set(a.lower().split()), set(b.lower().split())
    return len(left & right) / max(1, min(len(left), len(right)))
