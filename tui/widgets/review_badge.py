"""How an entry's review looks in a list row: three cells, what you said, the entry, a flag.

- 1st: your current verdict (✓ verified, ✗ disputed, ! needs-fix, · none);
- 2nd: the entry's status from everyone's verdicts, shown once someone else has one;
- 3rd: ≠ reviewers disagree, else ~ stale, else ✎ noted.
The glyphs differ in shape, so they read without colour too.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.model.entities import Entry
from tui.review.marks import Mark, Status
from tui.review.session import ReviewSession

MARK_GLYPHS: dict[Mark | None, tuple[str, Style]] = {
    Mark.VERIFIED: ("✓", Style(color="green", bold=True)),
    Mark.DISPUTED: ("✗", Style(color="red", bold=True)),
    Mark.NEEDS_FIX: ("!", Style(color="yellow", bold=True)),
    None: ("·", Style(dim=True)),
}
STATUS_GLYPHS: dict[Status, tuple[str, Style]] = {
    Status.VERIFIED: MARK_GLYPHS[Mark.VERIFIED],
    Status.DISPUTED: MARK_GLYPHS[Mark.DISPUTED],
    Status.NEEDS_FIX: MARK_GLYPHS[Mark.NEEDS_FIX],
    Status.UNREVIEWED: (" ", Style()),
}
DISAGREE_GLYPH = ("≠", Style(color="magenta", bold=True, reverse=True))
STALE_GLYPH = ("~", Style(color="magenta", bold=True))
NOTE_GLYPH = ("✎", Style(color="cyan"))
NOTHING_SAID = ("·  ", Style(dim=True))


def review_badge(session: ReviewSession, entry: Entry) -> Text:
    if session.state.get(entry.id) is None:  # most rows: nothing said yet
        return Text(NOTHING_SAID[0], NOTHING_SAID[1])
    review = session.entry_review(entry, with_history=False)
    mine = MARK_GLYPHS[review.mine.mark if review.mine else None]
    others = any(verdict.reviewer != session.reviewer for verdict in review.verdicts)
    # A blank cell takes the style of the cell before it: one run, fewer bytes per row.
    status = STATUS_GLYPHS[review.status] if others else (" ", mine[1])
    if review.disagreed:
        flag = DISAGREE_GLYPH
    elif review.stale:
        flag = STALE_GLYPH
    elif review.notes:
        flag = NOTE_GLYPH
    else:
        flag = (" ", status[1])
    return Text.assemble(mine, status, flag)
