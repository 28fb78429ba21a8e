"""Paragraph kinds and page debris, guessed from the text the way an editor reads a page.

A reader (plain text, Markdown, HTML) hands over candidate paragraphs, with a kind where its
markup says one (a Markdown `#` line, an HTML `<h2>`); the rest is guessed here:
- "READ MORE", "Advertisement", share-button text: page debris, left out;
- a paragraph printed twice in a row is the page repeating a caption: the copy is left out
  and the first is a caption;
- "Photograph: …" (and Photo, Picture, Image, Illustration, Video) is a credit, split off the
  caption it ends;
- the first paragraph is the headline and a short unpunctuated one after it the standfirst;
  other short unpunctuated lines are headings.
"""

# ruff: noqa: RUF001 (typographic quotation marks and apostrophes are what this reads)
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from tui.authoring.article.model import Block, Dropped

# Whole paragraphs that are the page's furniture, not the story (compared case-blind,
# without trailing punctuation).
DEBRIS = frozenset(
    {
        "ad", "advertisement", "advertising", "audio", "back to top", "click here", "comments",
        "continue reading", "copy link", "email", "explore more on these topics", "follow us",
        "image", "link copied", "listen to this article", "loading", "loading…",
        "more on this story", "most popular", "most read", "newsletter", "print", "read more",
        "read more:", "related", "related articles", "related stories", "reuse this content",
        "share", "share on facebook", "share on twitter", "share on whatsapp", "share this",
        "share this article", "share this story", "share via email", "show comments", "sign up",
        "skip to content", "skip to main content", "sponsored", "subscribe", "subscribe now",
        "topics", "tweet", "video",
    }
)
_SHARE_WORDS = frozenset(
    {
        "article", "bluesky", "copy", "e-mail", "email", "facebook", "link", "linkedin",
        "messenger", "on", "pinterest", "print", "reddit", "share", "telegram", "this", "threads",
        "tweet", "twitter", "via", "whatsapp", "x",
    }
)
_CREDIT = r"(?:Photograph|Photo|Picture|Image|Illustration|Video|Composite|Graphic|Footage)s?:"
_CREDIT_ONLY = re.compile(rf"^{_CREDIT}\s*\S")
_CREDIT_AT_END = re.compile(
    # a credit names people and agencies: no sentence in it, but initials ("A. Smith")
    rf"^(?P<caption>.*?\S)\s+(?P<credit>{_CREDIT}\s*(?:[^.!?]|(?<=[A-Z])\.(?=\s)){{1,120}})$",
    re.S,
)
_TERMINAL = re.compile(r"[.!?:;,…\"”’)\]]$")
_SPACES = re.compile(r"\s+")


class Candidate(NamedTuple):
    text: str
    kind: str | None = None  # from the markup, or None to guess


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_debris(text: str) -> bool:
    plain = normalise(text).lower().rstrip(".:!|›»>→ ")
    if plain in DEBRIS:
        return True
    words = re.findall(r"[\w-]+", plain)
    return (
        bool(words)
        and len(words) <= 12
        and all(w in _SHARE_WORDS for w in words)
        and (
            "share" in words
            or sum(w in ("facebook", "twitter", "whatsapp", "linkedin") for w in words) >= 2
        )
    )


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and not _TERMINAL.search(text)
        and text[:1].isupper()
    )


def classify(
    candidates: Iterable[Candidate], *, first_is_headline: bool = True
) -> tuple[list[Block], list[Dropped]]:
    kept: list[Block] = []
    dropped: list[Dropped] = []
    previous = ""  # the last paragraph kept, as it came (before a credit was split off)
    for candidate in candidates:
        text = candidate.text.strip()
        if not text:
            continue
        if candidate.kind is None and is_debris(text):
            dropped.append(Dropped(text, "page debris", len(kept)))
            continue
        if kept and previous == normalise(text):
            dropped.append(Dropped(text, "repeats the paragraph before it", len(kept)))
            if kept[-1].kind in ("", "body"):
                kept[-1] = kept[-1]._replace(kind="caption")
            continue
        previous = normalise(text)
        kept.extend(_split_credit(text, candidate.kind, kept))
    return _guess_kinds(kept, first_is_headline), dropped


def _split_credit(text: str, kind: str | None, kept: list[Block]) -> list[Block]:
    if kind not in (None, "caption", "body"):
        return [Block(text, kind)]
    if _CREDIT_ONLY.match(text):
        if kept and kept[-1].kind in ("", "body") and kind is None:
            kept[-1] = kept[-1]._replace(kind="caption")
        return [Block(text, "credit")]
    match = _CREDIT_AT_END.match(text)
    if match is not None:
        return [Block(match["caption"], "caption"), Block(match["credit"], "credit")]
    return [Block(text, kind or "")]


def _guess_kinds(blocks: list[Block], first_is_headline: bool) -> list[Block]:
    """Fill in the kinds no markup gave ('' on the way here)."""
    out: list[Block] = []
    for position, block in enumerate(blocks):
        kind = block.kind
        if not kind:
            previous = out[-1] if out else None
            if position == 0 and first_is_headline:
                kind = "heading"
            elif (
                position == 1
                and previous is not None
                and previous.kind == "heading"
                and len(block.text.split()) <= 40
                and not block.text.rstrip().endswith((".", "?", "!", "”", '"'))
            ):
                kind = "standfirst"
            elif _looks_like_heading(block.text):
                kind = "heading"
            else:
                kind = "body"
        out.append(Block(block.text, kind))
    return out
