"""Build the Rich Text of a paragraph with its linked words marked.

Shared by the source view and the article reader. Offsets index the paragraph's original
text; `safe_text` swaps characters one for one, so they stay valid after sanitising.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from tui.model.entities import Entry, Paragraph
from tui.model.safe_text import safe_text

Span = tuple[int, int]


def spans_in(entry: Entry, paragraph_id: str) -> list[Span]:
    """The character spans `entry` links to in the paragraph (empty: the whole paragraph)."""
    return [
        (link.start, link.end)
        for link in entry.sources
        if link.paragraph == paragraph_id and link.has_span and link.end > link.start
    ]


def paragraph_text(
    paragraph: Paragraph,
    *,
    linked: Iterable[Span] = (),
    highlighted: Iterable[Span] = (),
    linked_style: Style,
    highlight_style: Style,
    base_style: Style | None = None,
) -> Text:
    """The paragraph as Text: `linked` spans marked lightly, `highlighted` ones strongly."""
    text = Text(safe_text(paragraph.text), style=base_style or "")
    for start, end in linked:
        text.stylize(linked_style, start, end)
    for start, end in highlighted:
        text.stylize(highlight_style, start, end)
    return text
