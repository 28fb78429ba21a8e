"""Plain data classes for a loaded story bundle.

The many small entries (paragraphs, source links, actors, events, quotes) are NamedTuples:
a large bundle has a hundred thousand of them, and a tuple is made several times quicker
than a frozen dataclass, and is as immutable. Entries without extensions share one empty,
read-only mapping, NO_EXTENSIONS.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tui.model.edtf import EdtfDate


NO_EXTENSIONS: Mapping[str, Any] = MappingProxyType({})  # shared, so read-only


class EntryType(StrEnum):
    """The three kinds of reviewable entry (paragraphs are the text they point into)."""

    EVENT = "event"
    ACTOR = "actor"
    QUOTE = "quote"


PARAGRAPH_KINDS = ("body", "heading", "caption", "standfirst", "credit")
ACTOR_KINDS = ("person", "group", "organisation", "state", "place", "population", "other")
QUOTE_KINDS = ("direct", "reported", "scare")


class Story(NamedTuple):
    id: str
    headline: str
    standfirst: str | None = None
    published: str | None = None
    published_date: EdtfDate | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str = "en"
    extensions: Mapping[str, Any] = NO_EXTENSIONS


class Paragraph(NamedTuple):
    id: str
    position: int  # in reading order, 0-based
    text: str
    kind: str = "body"
    extensions: Mapping[str, Any] = NO_EXTENSIONS


class SourceLink(NamedTuple):
    """A TextQuoteSelector resolved against its paragraph.

    `start`/`end` index the paragraph's original text (not the folded one), so the
    app can highlight exactly those characters; without `exact` they cover nothing
    (start == end == -1) and the link is to the whole paragraph.
    """

    paragraph: str
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    start: int = -1
    end: int = -1
    extensions: Mapping[str, Any] = NO_EXTENSIONS

    @property
    def has_span(self) -> bool:
        return self.start >= 0 and self.end >= self.start


class Actor(NamedTuple):
    id: str
    name: str
    kind: str
    sources: tuple[SourceLink, ...]
    aliases: tuple[str, ...] = ()
    description: str | None = None
    extensions: Mapping[str, Any] = NO_EXTENSIONS

    @property
    def entry_type(self) -> EntryType:
        return EntryType.ACTOR

    @property
    def label(self) -> str:
        return self.name

    def fingerprint(self) -> str:
        return _fingerprint(
            [self.name, self.kind, list(self.aliases), self.description], self.sources
        )


class Event(NamedTuple):
    id: str
    title: str
    when: str
    sources: tuple[SourceLink, ...]
    position: int = 0  # in the bundle's order, 0-based
    date: EdtfDate | None = None
    summary: str | None = None
    actors: tuple[str, ...] = ()
    extensions: Mapping[str, Any] = NO_EXTENSIONS

    @property
    def entry_type(self) -> EntryType:
        return EntryType.EVENT

    @property
    def label(self) -> str:
        return self.title

    def fingerprint(self) -> str:
        date = self.date.text if self.date else None
        return _fingerprint(
            [self.title, self.when, date, self.summary, list(self.actors)], self.sources
        )


class Quote(NamedTuple):
    id: str
    kind: str
    text: str
    sources: tuple[SourceLink, ...]
    speaker: str | None = None
    cue: str | None = None
    about: tuple[str, ...] = ()
    extensions: Mapping[str, Any] = NO_EXTENSIONS

    @property
    def entry_type(self) -> EntryType:
        return EntryType.QUOTE

    @property
    def label(self) -> str:
        return self.text

    def fingerprint(self) -> str:
        return _fingerprint(
            [self.kind, self.text, self.speaker, self.cue, list(self.about)], self.sources
        )


Entry = Actor | Event | Quote


def _fingerprint(fields: list[Any], sources: tuple[SourceLink, ...]) -> str:
    """A short stable hash of what an editor reviewed: the entry's text and its sources.

    Review marks store it, so a mark on an entry that changed later can be shown stale.
    """
    # Imported here: only marks need fingerprints, and these imports cost start-up time.
    import hashlib
    import json

    payload = json.dumps(
        [fields, [[s.paragraph, s.exact, s.prefix, s.suffix] for s in sources]],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class Bundle(NamedTuple):
    """A validated, linked story bundle."""

    path: str
    format: str
    story: Story
    paragraphs: tuple[Paragraph, ...]
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    extensions: Mapping[str, Any] = NO_EXTENSIONS
