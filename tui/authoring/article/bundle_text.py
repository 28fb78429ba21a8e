"""An Article as the text of a new story bundle: the story's metadata and every paragraph,
in order, verbatim. No entries: those are the editor's (suggested with `suggest`)."""

from __future__ import annotations

import re
import unicodedata

from tui.authoring.article.model import Article

SLUG_LENGTH = 60


def slug(text: str) -> str:
    """A bundle id from free text: lower-case ASCII letters, digits and '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > SLUG_LENGTH:
            break
        out = f"{out}-{word}" if out else word
    return out or "story"


def bundle_text(article: Article, *, story_id: str, published: str | None, source_name: str) -> str:
    import tomlkit

    meta = article.metadata
    document = tomlkit.document()
    document.add(
        tomlkit.comment(f"Story bundle made by `baghouz-tui new` from {_one_line(source_name)}.")
    )
    document.add(
        tomlkit.comment("Paragraphs are the article's, verbatim and in order; no entries yet:")
    )
    document.add(tomlkit.comment("`baghouz-tui suggest` proposes them for review."))
    document.add(tomlkit.nl())
    document.add("format", "story-bundle/1")
    story = tomlkit.table()
    story.add("id", story_id)
    story.add("headline", meta.headline or article.blocks[0].text)
    for key, value in (
        ("standfirst", meta.standfirst),
        ("published", published),
        ("outlet", meta.outlet),
        ("byline", meta.byline),
        ("url", meta.url),
        ("language", meta.language),
    ):
        if value and value.strip():
            story.add(key, value)
    document.add(tomlkit.nl())
    document.add("story", story)
    paragraphs = tomlkit.aot()
    for number, block in enumerate(article.blocks, start=1):
        table = tomlkit.table()
        table.add("id", f"p{number}")
        if block.kind != "body":
            table.add("kind", block.kind)
        table.add("text", block.text)
        paragraphs.append(table)
    document.add(tomlkit.nl())
    document.add("paragraphs", paragraphs)
    return tomlkit.dumps(document)


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)
