"""Look-ups the app needs, built once per bundle: by id, by paragraph, by actor."""

from __future__ import annotations

from collections import defaultdict

from tui.model.entities import Actor, Bundle, Entry, Event, Paragraph, Quote


class StoryIndex:
    __slots__ = ("bundle", "citing", "entries", "involving", "paragraphs")

    def __init__(
        self,
        bundle: Bundle,
        entries: dict[str, Entry],
        paragraphs: dict[str, Paragraph],
        citing: dict[str, tuple[Entry, ...]],
        involving: dict[str, tuple[Event | Quote, ...]],
    ) -> None:
        self.bundle = bundle
        self.entries = entries
        self.paragraphs = paragraphs
        self.citing = citing  # paragraph id -> entries whose sources cite it
        self.involving = involving  # actor id -> events and quotes

    @classmethod
    def build(cls, bundle: Bundle) -> StoryIndex:
        entries: dict[str, Entry] = {}
        citing: defaultdict[str, list[Entry]] = defaultdict(list)
        involving: defaultdict[str, list[Event | Quote]] = defaultdict(list)
        ordered: tuple[Entry, ...] = (*bundle.events, *bundle.actors, *bundle.quotes)
        for entry in ordered:
            entries[entry.id] = entry
            cited: set[str] = set()
            for link in entry.sources:
                if link.paragraph not in cited:
                    cited.add(link.paragraph)
                    citing[link.paragraph].append(entry)
        for event in bundle.events:
            for actor_id in event.actors:
                involving[actor_id].append(event)
        for quote in bundle.quotes:
            people = dict.fromkeys((*((quote.speaker,) if quote.speaker else ()), *quote.about))
            for actor_id in people:
                involving[actor_id].append(quote)
        return cls(
            bundle=bundle,
            entries=entries,
            paragraphs={p.id: p for p in bundle.paragraphs},
            citing={k: tuple(v) for k, v in citing.items()},
            involving={k: tuple(v) for k, v in involving.items()},
        )

    def actor(self, actor_id: str) -> Actor | None:
        entry = self.entries.get(actor_id)
        return entry if isinstance(entry, Actor) else None

    def involvement_count(self, actor_id: str) -> int:
        return len(self.involving.get(actor_id, ()))
