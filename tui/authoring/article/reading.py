"""`read_article(path)`: a raw article file to paragraphs, kinds and metadata.

The format is picked by the content (a saved page is HTML whatever its name), with the
file's extension deciding only between Markdown and plain text when the text could be
either.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.authoring.article import html, markdown, plain
from tui.authoring.article.kinds import Candidate, classify
from tui.authoring.article.model import Article, ArticleError, Dropped, Metadata
from tui.authoring.article.source import read_source

_MARKDOWN_SIGNS = re.compile(
    r"^(#{1,6}\s+\S|\s*[-*+]\s+\S|\s*>\s|```|---\s*$|===+\s*$)|\*\*\S|\]\(\S+\)|!\[",
    re.M,
)


def detect_format(text: str, suffix: str = "") -> str:
    if html.looks_like_html(text):
        return "html"
    suffix = suffix.lower()
    signs = len(_MARKDOWN_SIGNS.findall(text[:65536]))
    if suffix in (".md", ".markdown", ".mdown", ".mkd") and signs:
        return "markdown"
    if signs >= 2 and suffix not in (".txt", ".text"):
        return "markdown"
    return "text"


def read_article(path: Path) -> Article:
    source = read_source(path)
    return article_from_text(source.text, str(path), Path(path).suffix, source.note)


def article_from_text(text: str, name: str, suffix: str = "", note: str | None = None) -> Article:
    kind = detect_format(text, suffix)
    meta = Metadata()
    left_out: list[Dropped] = []
    if kind == "html":
        candidates, meta, left_out = html.read_html(text, name)
    elif kind == "markdown":
        fields, body = markdown.front_matter(text)
        meta = markdown.metadata(fields)
        candidates = markdown.candidates(body)
    else:
        candidates = plain.candidates(text)
    notes = [note] if note else []
    candidates = _with_headline(candidates, meta, notes)
    blocks, dropped = classify(candidates)
    if not blocks:
        raise ArticleError(f"{name}: no paragraphs of text found")
    if meta.headline is None:
        meta = meta._replace(headline=blocks[0].text)
    if meta.standfirst is None or not any(b.text == meta.standfirst for b in blocks):
        standfirst = next((b.text for b in blocks if b.kind == "standfirst"), None)
        meta = meta._replace(standfirst=standfirst)
    return Article(tuple(blocks), meta, (*dropped, *left_out), tuple(notes), kind)


def _with_headline(
    candidates: list[Candidate], meta: Metadata, notes: list[str]
) -> list[Candidate]:
    """The headline is the story's first paragraph; a page whose text starts without it
    (it sits in the page's title only) gets it back, and the user is told."""
    headline = meta.headline
    if not headline or not candidates:
        return candidates
    if any(c.text == headline for c in candidates[:3]):
        return candidates
    notes.append(f"the headline, {headline!r}, is taken from the page's metadata")
    return [Candidate(headline, "heading"), *candidates]
