"""What a Linux console (TERM=linux) or `--ascii` can show: ASCII for the app's symbols and
Textual's lines and bars, and no italics.

A line filter, applied to every line drawn (Textual's `get_line_filters`), so it covers
every widget, Textual's own chrome (borders, scrollbars, toasts) and the review badges
alike. Each symbol becomes one ASCII character, so nothing moves. The story's own text
(its quotation marks and dashes, which a console font has) is left as written.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

# The app's symbols, and what they become: the review marks read as the keys that set
# them (v verified, x disputed, n note).
SYMBOLS = {
    "✓": "v",
    "✗": "x",
    "✎": "n",
    "≠": "#",  # reviewers disagree
    "·": ".",
    "¶": "#",
    "↳": "^",
    "▌": ">",  # the article's cursor, the detail pane's current source
    "▲": "^",
    "▼": "v",
    "⚠": "!",
    "…": "~",
    "•": "*",
    "●": "*",
    "○": "o",
    "▶": ">",
    "◀": "<",
    "←": "<",
    "→": ">",
    "↑": "^",
    "↓": "v",
    "⏎": "<",
    "⌫": "<",
}
NO_ITALIC = Style(italic=False)


def _line_character(char: str) -> str:
    """A box-drawing or block character's ASCII look-alike."""
    name = unicodedata.name(char, "")
    if "DOUBLE HORIZONTAL" in name and "VERTICAL" not in name:
        return "="
    if "HORIZONTAL" in name and "VERTICAL" not in name and "AND" not in name:
        return "-"
    if "VERTICAL" in name and "HORIZONTAL" not in name and "AND" not in name:
        return "|"
    if "BLOCK" in name or "SHADE" in name:
        return "|" if ("LEFT" in name or "RIGHT" in name) else "#"
    return "+"


@lru_cache(maxsize=1)
def ascii_table() -> dict[int, str]:
    """str.translate table: every symbol above, box drawing and block elements."""
    table = {ord(char): _line_character(char) for char in map(chr, range(0x2500, 0x25A0))}
    table.update({ord(char): ascii_char for char, ascii_char in SYMBOLS.items()})
    return table


class AsciiFilter(LineFilter):
    """Symbols and lines to ASCII, italics off."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        table = ascii_table()
        return [
            Segment(text if control else text.translate(table),
                    None if style is None else style + NO_ITALIC, control)
            for text, style, control in segments
        ]


# Key names for the key bar and the help, where Textual shows a symbol.
KEY_WORDS = {"⏎": "enter", "⌫": "bksp", "↑": "up", "↓": "down", "←": "left", "→": "right",
             "⇥": "tab", "⎋": "esc", "⌦": "del"}


def ascii_key_display(shown: str) -> str:
    """A key as Textual shows it (`⏎`, `↑`), in ASCII words (`enter`, `up`)."""
    if shown.isascii():
        return shown
    return "".join(KEY_WORDS.get(char, char if char.isascii() else "?") for char in shown)


def wants_ascii(term: str | None) -> bool:
    """Whether a terminal of this TERM lacks the symbols (the Linux console's fonts do)."""
    return (term or "").split("-")[0] == "linux"
