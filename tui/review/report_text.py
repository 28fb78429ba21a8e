"""Text made safe for a report: no terminal controls anywhere, no Markdown made from data.

Bundle text, notes and reviewer names are data: the Markdown escapes them so they cannot
make headings, links, emphasis or HTML, and neither format ever contains terminal control
characters or bidi overrides.
"""

from __future__ import annotations

import re

from tui.model.entities import Bundle, SourceLink
from tui.model.safe_text import writable_text

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (which cannot be encoded).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")
# What would make markup at the start of a line that continues a list item: a list marker
# (`-`, `+`, `1.`, `1)`) or a setext heading underline (`===`, `---`).
_LINE_START_MARKUP = re.compile(r"^(?:[-+=]|[0-9]+[.)])")


def safe_text(text: str) -> str:
    """`text` with each control and bidi override a visible stand-in, as the app and the
    exports show them (␛ for ESC, U+FFFD for C1 controls and bidi overrides), and each lone
    surrogate U+FFFD."""
    return writable_text(text)


def json_safe(text: str) -> str:
    """JSON text with every unsafe character written as a \\uXXXX escape (they can only
    occur inside JSON strings, where the escape means the same)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markdown_inline(text: str) -> str:
    """`text` as literal Markdown on one line: controls replaced, whitespace collapsed,
    and every character that could start markup backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(safe_text(text).split()))


def markdown_lines(text: str, indent: str = "  ") -> str:
    """`text` as literal Markdown that keeps its line breaks (as hard breaks), each line
    after the first indented by `indent` so that it stays inside a list item."""
    # Split first: safe_text would make the CR of a CRLF line end a visible stand-in.
    lines = [markdown_inline(line) for line in text.splitlines()]
    shown = [lines[0]] if lines else []
    for line in lines[1:]:
        if line:  # a blank line would end the list item
            shown.append(
                _LINE_START_MARKUP.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], line)
            )
    return ("\\\n" + indent).join(shown)


def source_text(bundle: Bundle, link: SourceLink) -> str | None:
    """The linked words: `exact`, or the whole paragraph when there is no `exact`."""
    if link.exact is not None:
        return link.exact
    for paragraph in bundle.paragraphs:
        if paragraph.id == link.paragraph:
            return paragraph.text
    return None
