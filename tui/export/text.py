"""Bundle text made inert for a file someone else opens: no controls, no markup.

`clean` replaces every character a terminal or a browser would obey rather than show (C0
and C1 controls, bidi embeddings, overrides and isolates) with a visible stand-in, and lone
surrogates (which no file can encode) with U+FFFD. Each stand-in is one character for one,
so offsets into a paragraph (`SourceLink.start`/`end`) stay valid in the cleaned text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, NamedTuple

from tui.model.entities import Bundle, Paragraph, SourceLink
from tui.model.safe_text import writable_text


def clean(text: str) -> str:
    """`text` with controls and bidi overrides made visible stand-ins (tab: a space)."""
    return writable_text(text)


def escape(text: str) -> str:
    """Cleaned text as HTML character data (not for attribute values: see escape_attribute).

    Quotation marks stay as they are: TimelineJS's spreadsheet shows this text to editors."""
    return html.escape(clean(text), quote=False)


def escape_attribute(text: str) -> str:
    """Cleaned text as the value of an attribute in double quotes."""
    return html.escape(clean(text), quote=True)


def escape_lines(text: str) -> str:
    """`escape`, with each line break kept as <br>."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def paragraphs_by_id(bundle: Bundle) -> Mapping[str, Paragraph]:
    return {paragraph.id: paragraph for paragraph in bundle.paragraphs}


class Source(NamedTuple):
    """One source link resolved: its paragraph and the span of the linked words in it.

    A link without words covers the whole paragraph (`has_words` False).
    """

    link: SourceLink
    paragraph: Paragraph
    start: int
    end: int

    @property
    def has_words(self) -> bool:
        return self.link.has_span

    @property
    def words(self) -> str:
        """The linked words as the paragraph has them (the whole paragraph without words)."""
        return self.paragraph.text[self.start : self.end]

    @property
    def number(self) -> int:
        """The paragraph's number in reading order, from 1."""
        return self.paragraph.position + 1

    def context(self, width: int = 32) -> tuple[str, str]:
        """Up to `width` characters of the paragraph before and after the words."""
        text = self.paragraph.text
        return text[max(0, self.start - width) : self.start], text[self.end : self.end + width]

    def marked_html(self, tag: str = "mark") -> str:
        """The paragraph as HTML with the words inside `<tag>` (the tag is ours, not data)."""
        text = self.paragraph.text
        if not self.has_words:
            return escape_lines(text)
        return (
            f"{escape_lines(text[: self.start])}<{tag}>{escape_lines(self.words)}</{tag}>"
            f"{escape_lines(text[self.end :])}"
        )


def sources_of(
    links: tuple[SourceLink, ...], paragraphs: Mapping[str, Paragraph]
) -> list[Source]:
    """Each link with its paragraph; a loaded bundle has every linked paragraph."""
    found = []
    for link in links:
        paragraph = paragraphs[link.paragraph]
        if link.has_span:
            found.append(Source(link, paragraph, link.start, link.end))
        else:
            found.append(Source(link, paragraph, 0, len(paragraph.text)))
    return found


def clean_json(value: Any) -> Any:
    """A JSON-ready value with every string in it cleaned (keys are ours, left as they are)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value
