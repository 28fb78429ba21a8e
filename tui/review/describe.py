"""Changes in words, one line each: "maria disputed 'Isis recaptures positions' (you: verified)"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.model.safe_text import one_line, shortened
from tui.review.changes import Change, Op
from tui.review.entry_review import EntryReview
from tui.review.marks import shown_time
from tui.review.state import Verdict

LABEL_CHARS = 40


def quoted_label(label: str) -> str:
    return f"'{shortened(one_line(label), LABEL_CHARS)}'"


def change_words(change: Change, label: str, *, first_note: bool = True) -> str:
    """What the change did, e.g. "maria disputed 'Isis recaptures positions'"."""
    who = one_line(change.reviewer)
    what = quoted_label(label)
    undo = " (undo)" if change.undoes else ""
    if change.op is Op.MARK and change.mark is not None:
        return f"{who} {_verb(change.mark.value)} {what}{undo}"
    if change.op is Op.CLEAR:
        return f"{who} cleared their verdict on {what}{undo}"
    if change.op is Op.RENAME:
        return f"{who} renamed {what} to {one_line(change.to or '')}, its review with it"
    if change.text is None:
        return f"{who} withdrew a note on {what}{undo}"
    verb = "noted" if first_note else "edited a note on"
    words = shortened(one_line(change.text), LABEL_CHARS)
    return f"{who} {verb} {what}: “{words}”{undo}"


def _verb(mark: str) -> str:
    return {"verified": "verified", "disputed": "disputed", "needs-fix": "marked needs-fix"}[mark]


def describe_arrivals(
    changes: Sequence[Change],
    label_of: Callable[[str], str],
    mine_of: Callable[[str], Verdict | None],
    first_note: Callable[[Change], bool] = lambda _change: True,
) -> str | None:
    """One line for changes that arrived from other editors, the latest first; None for
    none. A verdict says what you said on the same entry."""
    if not changes:
        return None
    # Verdicts say the most; among them the latest.
    ordered = sorted(changes, key=lambda c: (c.op is not Op.NOTE, c.at), reverse=True)
    lead = ordered[0]
    line = change_words(lead, label_of(lead.entry_id), first_note=first_note(lead))
    mine = mine_of(lead.entry_id)
    if lead.op in (Op.MARK, Op.CLEAR):
        line += f" (you: {mine.mark.value})" if mine is not None else ""
    rest = len(changes) - 1
    if rest:
        who = sorted({one_line(c.reviewer) for c in ordered[1:]})
        names = ", ".join(who[:3]) + (f" and {len(who) - 3} others" if len(who) > 3 else "")
        line += f"; and {rest} more change{'s' if rest > 1 else ''} by {names}"
    return line


def review_line(review: EntryReview, reviewer: str) -> str | None:
    """The entry's review on one line, for a detail or source pane: status, each verdict
    (yours first), staleness and the latest note; None when there is nothing to say."""
    if not review.verdicts and not review.notes:
        return None
    parts = []
    if review.disagreed:
        parts.append(f"{review.status.value}: {review.reviewers} reviewers disagree")
    verdicts = sorted(review.verdicts, key=lambda v: (v.reviewer != reviewer, v.at))
    for verdict in verdicts:
        who = "you" if verdict.reviewer == reviewer else one_line(verdict.reviewer)
        parts.append(f"{verdict.mark.value} by {who}, {shown_time(verdict.at)}")
    if review.stale:
        parts.append("STALE: the entry changed after it was reviewed")
    if review.notes:
        latest = max(review.notes, key=lambda note: note.at)
        who = "you" if latest.author == reviewer else one_line(latest.author)
        more = len(review.notes) - 1
        extra = f" (+{more} more, e: thread)" if more else ""
        parts.append(f"note by {who}: {one_line(latest.text)}{extra}")
    return " · ".join(parts)
