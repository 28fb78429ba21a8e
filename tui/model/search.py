"""Case-insensitive search across every entry and the article text.

The haystacks are lower-cased once when the index is built, so each keystroke of an
incremental search is a plain substring scan.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.model.entities import Actor, Bundle, EntryType, Event, Quote

PARAGRAPH = "paragraph"


class SearchHit(NamedTuple):
    """Where a match is: `kind` an EntryType value or "paragraph"; `id` its id."""

    kind: str
    id: str


class SearchIndex:
    def __init__(self, bundle: Bundle) -> None:
        items: list[tuple[SearchHit, str]] = []
        for event in bundle.events:
            items.append((SearchHit(EntryType.EVENT, event.id), _event_text(event)))
        for actor in bundle.actors:
            items.append((SearchHit(EntryType.ACTOR, actor.id), _actor_text(actor)))
        names = {actor.id: actor.name for actor in bundle.actors}
        for quote in bundle.quotes:
            speaker = names.get(quote.speaker or "")
            items.append((SearchHit(EntryType.QUOTE, quote.id), _quote_text(quote, speaker)))
        for paragraph in bundle.paragraphs:
            items.append((SearchHit(PARAGRAPH, paragraph.id), _join(paragraph.text)))
        self._hits = [hit for hit, _ in items]
        self._texts = [text for _, text in items]

    def find(self, query: str, limit: int | None = None) -> list[SearchHit]:
        """Every place `query` occurs, in order: events, actors, quotes, then the article."""
        needle = " ".join(query.split()).casefold()
        if not needle:
            return []
        found: list[SearchHit] = []
        for hit, text in zip(self._hits, self._texts, strict=True):
            if needle in text:
                found.append(hit)
                if limit is not None and len(found) >= limit:
                    break
        return found


def _join(*parts: str | None) -> str:
    return " ".join(" ".join(p.split()) for p in parts if p).casefold()


def _event_text(event: Event) -> str:
    return _join(
        event.title, event.when, event.date.text if event.date else None, event.summary, event.id
    )


def _actor_text(actor: Actor) -> str:
    return _join(actor.name, *actor.aliases, actor.description, actor.kind, actor.id)


def _quote_text(quote: Quote, speaker_name: str | None) -> str:
    return _join(quote.text, quote.cue, speaker_name, quote.speaker, quote.kind, quote.id)


class HitCursor:
    """The hits of the last search and which one is current, for `n` / `N`."""

    def __init__(self) -> None:
        self.query = ""
        self.hits: list[SearchHit] = []
        self.position = -1

    def reset(self, query: str, hits: list[SearchHit]) -> SearchHit | None:
        self.query = query
        self.hits = hits
        self.position = 0 if hits else -1
        return self.current

    @property
    def current(self) -> SearchHit | None:
        return self.hits[self.position] if 0 <= self.position < len(self.hits) else None

    def step(self, delta: int) -> SearchHit | None:
        if not self.hits:
            return None
        self.position = (self.position + delta) % len(self.hits)
        return self.current

    def status(self) -> str:
        if not self.query.strip():
            return ""
        if not self.hits:
            return "no match"
        return f"{self.position + 1}/{len(self.hits)}"
