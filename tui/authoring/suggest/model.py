"""A suggestion: what was found, where (a source link to the exact words), how sure, why."""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple


class Link(NamedTuple):
    """A TextQuoteSelector into one paragraph (the bundle format's source link)."""

    paragraph: str
    exact: str
    prefix: str | None = None
    suffix: str | None = None
    start: int = 0  # where `exact` starts in the paragraph's text
    end: int = 0

    def as_json(self) -> dict[str, str]:
        out = {"paragraph": self.paragraph, "exact": self.exact}
        if self.prefix is not None:
            out["prefix"] = self.prefix
        if self.suffix is not None:
            out["suffix"] = self.suffix
        return out


class Suggestion(NamedTuple):
    type: str  # "quote", "actor" or "event"
    text: str  # the quote's words, the actor's name, or the event's words
    sources: tuple[Link, ...]
    confidence: float  # 0..1
    why: str
    kind: str | None = None  # quotes: direct, reported, scare; actors: person, group, ...
    speaker: str | None = None  # quotes: the speaker's name as the text gives it
    cue: str | None = None  # quotes: the attribution verb as written
    date: str | None = None  # events: EDTF
    when: str | None = None  # events: the words the date comes from
    aliases: tuple[str, ...] = ()  # actors: the other names the text uses

    @property
    def key(self) -> str:
        """Stable identity, for remembering a rejection: what it is and the words it
        rests on (so a changed paragraph offers it again)."""
        first = self.sources[0]
        parts = [
            self.type,
            self.kind or "",
            self.text,
            first.paragraph,
            first.exact,
            self.speaker or "",
            self.date or "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "cue": self.cue,
            "date": self.date,
            "when": self.when,
            "aliases": list(self.aliases),
            "sources": [link.as_json() for link in self.sources],
            "confidence": round(self.confidence, 2),
            "why": self.why,
        }
