"""What the detail pane shows of an entry's review: two sections (see detail_sections).

The review's own rendering, kept apart from the story's fields so that the review can
grow by changing these functions or adding sections, without touching the pane.
"""

from __future__ import annotations

from rich.text import Text

from tui.model.entities import Entry
from tui.model.safe_text import one_line
from tui.review.describe import review_line
from tui.review.marks import shown_time
from tui.review.session import ReviewSession
from tui.widgets.detail_sections import Section, StyleLookup, field_line


def review_summary_section(review: ReviewSession, style: StyleLookup) -> Section:
    """One line under the title: the status, every verdict (yours first), staleness and
    the latest note. Always a line: a first verdict then rewrites it, not pushing the
    text below it down (which would repaint the whole pane)."""

    def summary(entry: Entry) -> list[Text]:
        line = review_line(review.entry_review(entry, with_history=False), review.reviewer)
        if not line:
            return [Text("not reviewed yet", style("detail--heading"), no_wrap=True)]
        return [Text(one_line(line), "bold", no_wrap=True, overflow="ellipsis")]

    return summary


def review_notes_section(review: ReviewSession, style: StyleLookup) -> Section:
    """The entry's note thread, every note in full, under its fields."""

    def notes(entry: Entry) -> list[Text]:
        thread = review.entry_review(entry, with_history=False).notes
        blocks = []
        for note in thread:
            who = "you" if note.author == review.reviewer else one_line(note.author)
            edited = f", edited {note.edits}x" if note.edits else ""
            label = f"note by {who}, {shown_time(note.at)}{edited}"
            blocks.append(field_line(label, note.text, style("detail--label"),
                                     style("detail--value")))
        return blocks

    return notes
