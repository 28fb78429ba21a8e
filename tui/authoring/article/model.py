"""What reading an article gives: its paragraphs, its metadata, and what was left out."""

from __future__ import annotations

from typing import NamedTuple


class ArticleError(Exception):
    """An input that cannot become a story; the message is one line for the user."""


class Block(NamedTuple):
    """One paragraph of the article, verbatim, with its kind (the bundle's paragraph kinds)."""

    text: str
    kind: str = "body"


class Dropped(NamedTuple):
    """Text left out of the story, and why; listed to the user, never dropped silently."""

    text: str
    reason: str
    after: int  # how many kept paragraphs come before it; -1 where unknown


class Metadata(NamedTuple):
    headline: str | None = None
    published: str | None = None  # an EDTF date
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str | None = None
    standfirst: str | None = None


class Article(NamedTuple):
    blocks: tuple[Block, ...]
    metadata: Metadata
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. which encoding was guessed
    format: str = "text"  # text, markdown or html
