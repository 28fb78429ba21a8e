"""Markdown: headings from `#` (and underlined) lines, paragraphs, list items and block
quotes, with the inline markup taken off so the text is the article's words."""

from __future__ import annotations

import re

from tui.authoring.article.kinds import Candidate
from tui.authoring.article.model import Metadata

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # an image is not text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [words](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [words][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"<br\s*/?>", re.I), " "),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
)
_FRONT_KEYS = {
    "title": "headline",
    "headline": "headline",
    "date": "published",
    "published": "published",
    "author": "byline",
    "byline": "byline",
    "authors": "byline",
    "outlet": "outlet",
    "publication": "outlet",
    "site": "outlet",
    "source": "outlet",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "lang": "language",
    "language": "language",
    "standfirst": "standfirst",
    "subtitle": "standfirst",
    "description": "standfirst",
}


def inline_text(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style `key: value` lines between `---` lines at the top (flat values only)."""
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.S)
    if match is None:
        return {}, text
    found: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'")
        if sep and field and value and field not in found:
            found[field] = value
    return found, text[match.end() :]


def metadata(fields: dict[str, str]) -> Metadata:
    return Metadata(**fields)


def candidates(text: str) -> list[Candidate]:
    text = _COMMENT.sub("", text)
    found: list[Candidate] = []
    paragraph: list[str] = []
    fenced = False

    def flush(kind: str | None = None) -> None:
        if paragraph:
            words = inline_text(" ".join(paragraph))
            if words:
                found.append(Candidate(words, kind))
            paragraph.clear()

    for line in text.split("\n"):
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            continue
        if fenced:
            paragraph.append(line)
            continue
        if not line.strip():
            flush()
            continue
        if paragraph and _SETEXT.match(line):
            flush("heading")
            continue
        atx = _ATX.match(line)
        if atx:
            flush()
            words = inline_text(atx.group(2))
            if words:
                found.append(Candidate(words, "heading"))
            continue
        if _RULE.match(line) or _REFERENCE.match(line):
            flush()
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            paragraph.append(item.group(1))
            continue
        quoted = _QUOTE.match(line)
        paragraph.append(quoted.group(1) if quoted else line.strip())
    flush()
    return found
