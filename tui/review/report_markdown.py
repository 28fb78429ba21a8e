"""The review as Markdown (`report`): what needs action first, then the rest."""

from __future__ import annotations

from collections.abc import Sequence

from tui.model.entities import Bundle, Entry, Event
from tui.review.changes import Op
from tui.review.entry_review import EntryReview
from tui.review.marks import Status, shown_time
from tui.review.report_text import markdown_inline, markdown_lines, source_text
from tui.review.session import ReviewSession

_KIND = {"event": "Event", "actor": "Actor", "quote": "Quote"}


def markdown_report(
    bundle: Bundle,
    review: ReviewSession,
    sections: Sequence[tuple[str, Sequence[tuple[Entry, EntryReview]]]],
    orphaned: Sequence[EntryReview],
    only: Sequence[str] | None,
) -> str:
    md = markdown_inline
    lines = [
        f"# Review: {md(bundle.story.headline)}",
        "",
        f"Story: {md(bundle.story.id)} · Bundle: {md(str(bundle.path))}",
        "",
        f"Progress: {md(review.progress(bundle).summary())}",
    ]
    if only is not None:
        lines += ["", f"Only: {md(', '.join(only))}"]
    for title, rows in sections:
        lines += ["", f"## {title} ({len(rows)})"]
        if not rows:
            lines += ["", "Nothing here."]
        for entry, er in rows:
            lines += ["", *_entry(bundle, entry, er)]
    if orphaned:
        lines += ["", f"## Reviews of entries no longer in the bundle ({len(orphaned)})"]
        for er in orphaned:
            lines += ["", f"### {md(er.entry_id)}", "", *_review_lines(er)]
    return "\n".join(lines) + "\n"


def _entry(bundle: Bundle, entry: Entry, er: EntryReview) -> list[str]:
    md = markdown_inline
    lines = [f"### {_KIND[entry.entry_type.value]}: {md(entry.label)}", "", f"- ID: {md(entry.id)}"]
    lines += _review_lines(er)
    if isinstance(entry, Event):
        date = entry.date.display() if entry.date else "undated"
        lines.append(f"- Date: {md(date)} · When: {md(entry.when) or '—'}")
        if entry.summary:
            lines.append(f"- Summary: {markdown_lines(entry.summary)}")
    for link in entry.sources:
        words = source_text(bundle, link)
        quoted = f"“{md(words)}”" if words is not None else "(paragraph not found)"
        lines.append(f"- Source ¶ {md(link.paragraph)}: {quoted}")
    return lines


def _review_lines(er: EntryReview) -> list[str]:
    md = markdown_inline
    status = "not reviewed" if er.status is Status.UNREVIEWED else f"**{er.status.value}**"
    if er.disagreed:
        status += f" · {er.reviewers} reviewers disagree"
    if er.stale:
        status += " · stale: the entry changed after it was reviewed"
    lines = [f"- Status: {status}"]
    stale = set(er.stale_reviewers)
    for verdict in er.verdicts:
        earlier = " (given to an earlier version)" if verdict.reviewer in stale else ""
        lines.append(
            f"- Verdict: {md(verdict.reviewer)}: **{verdict.mark.value}**, "
            f"{shown_time(verdict.at)}{earlier}"
        )
    for note in er.notes:
        edited = f", edited {note.edits} times" if note.edits > 1 else (
            ", edited" if note.edits else ""
        )
        lines.append(
            f"- Note by {md(note.author)}, {shown_time(note.at)}{edited}: "
            f"{markdown_lines(note.text)}"
        )
    changes = len(er.history)
    if changes:
        undos = sum(1 for change in er.history if change.undoes)
        notes = sum(1 for change in er.history if change.op is Op.NOTE)
        lines.append(
            f"- History: {changes} change{'s' if changes > 1 else ''}"
            f" ({notes} to notes, {undos} undone), the last {shown_time(er.history[-1].at)}"
        )
    return lines
