"""How an entry's review state looks in a list row: two cells, mark then note/stale."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.model.entities import Entry
from tui.review.marks import Mark
from tui.review.session import ReviewSession

# Glyph and style per mark; the glyphs differ in shape, so they read without colour too.
MARK_GLYPHS: dict[Mark | None, tuple[str, Style]] = {
    Mark.VERIFIED: ("✓", Style(color="green", bold=True)),
    Mark.DISPUTED: ("✗", Style(color="red", bold=True)),
    Mark.NEEDS_FIX: ("!", Style(color="yellow", bold=True)),
    None: ("·", Style(dim=True)),
}
STALE_GLYPH = ("~", Style(color="magenta", bold=True))
NOTE_GLYPH = ("✎", Style(color="cyan"))


def review_badge(session: ReviewSession, entry: Entry) -> Text:
    glyph, style = MARK_GLYPHS[session.mark_of(entry.id)]
    second = (" ", style)  # same style as the mark: one run, not two
    if session.get(entry.id) is not None and session.is_stale(entry):
        second = STALE_GLYPH
    elif session.note_of(entry.id):
        second = NOTE_GLYPH
    return Text.assemble((glyph, style), second)
