"""Pieces shared by the timeline, actor and quote lists: the review badge column."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import StyleType
from rich.text import Text

from tui.model.entities import Entry

# The screen hands each list a function that draws an entry's review state; until the
# review is wired in, rows show a blank column of the same width.
BadgeFunction = Callable[[Entry], Text]

BADGE_WIDTH = 3  # your verdict, the entry's status, a flag (see review_badge)


def no_badge(entry: Entry) -> Text:
    return Text(" " * BADGE_WIDTH)


def cell(text: str, width: int, style: StyleType = "", gap: int = 0) -> Text:
    """`text` cut or padded to exactly `width` cells, then `gap` spaces in the same style.

    The gap shares the cell's style so a row is fewer style runs: fewer bytes per redraw.
    """
    piece = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    piece.truncate(width, overflow="ellipsis", pad=True)
    if gap:
        piece.append(" " * gap)
    return piece
