"""Rich Text to Textual Strips: the one way the line-drawn widgets turn text into lines.

The entry lists, the detail pane and the article draw their own lines (Textual's line API);
each line is a Text rendered once, styled over the widget's base style, cut or padded to
the widget's width and simplified to one run per style (every SGR sequence costs bytes on
a slow link).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip


def text_strip(
    text: Text, console: Console, width: int, base: Style, prefix: Sequence[Segment] = ()
) -> Strip:
    """One line of `text` (no wrapping) after `prefix`, exactly `width` cells wide."""
    segments = [segment for segment in text.render(console) if segment.text != "\n"]
    strip = Strip([*prefix, *Segment.apply_style(segments, base)])
    return strip.crop_extend(0, width, base).simplify()


def wrapped_strips(
    text: Text,
    console: Console,
    width: int,
    base: Style,
    *,
    prefix: Sequence[Segment] = (),
    prefix_width: int = 0,
) -> list[Strip]:
    """`text` wrapped to the room left of `width` after `prefix`, one Strip a line."""
    lines = text.wrap(console, max(1, width - prefix_width))
    strips = []
    for line in lines:
        line.rstrip()
        strips.append(text_strip(line, console, width, base, prefix))
    return strips


def as_spans(text: Text) -> Text:
    """`text` with its base style moved onto a span, which wrapping keeps (it drops the
    base): the first span, so that every other (a highlight, a match) still wins over it."""
    if not text.style:
        return text
    styled = text.copy()
    styled.style = ""
    styled.spans.insert(0, Span(0, len(text), text.style))
    return styled
