"""The review as JSON (`report --format json`): one object, described by report.schema.json.

    {"format": "baghouz-review-report/1",
     "story": {"id", "headline", "bundle"}, "progress": {counts}, "only": [...] | null,
     "entries": [{"id", "type", "label", "status", "open", "disagreed", "stale",
                  "verdicts": [{"reviewer", "mark", "at", "stale"}],
                  "notes": [{"id", "author", "at", "created", "edits", "text"}],
                  "date", "when", "summary", "sources": [{"paragraph", "exact", "text"}],
                  "history": [{"change", "at", "reviewer", "action", ...}]}],
     "orphaned": [the same, for entries no longer in the bundle]}
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from tui.model.entities import Bundle, Entry, Event
from tui.review.changes import Change, Op
from tui.review.entry_review import EntryReview
from tui.review.filters import is_open
from tui.review.report_text import source_text
from tui.review.session import ReviewSession

REPORT_FORMAT = "baghouz-review-report/1"


def report_document(
    bundle: Bundle,
    review: ReviewSession,
    rows: Sequence[tuple[Entry, EntryReview]],
    orphaned: Sequence[EntryReview],
    only: Sequence[str] | None,
) -> dict[str, Any]:
    return {
        "format": REPORT_FORMAT,
        "story": {
            "id": bundle.story.id,
            "headline": bundle.story.headline,
            "bundle": os.fspath(bundle.path),
        },
        "progress": {k: v for k, v in review.progress(bundle)._asdict().items()
                     if k != "loading"},
        "only": list(only) if only is not None else None,
        "entries": [entry_json(bundle, entry, er) for entry, er in rows],
        "orphaned": [orphan_json(er, review) for er in orphaned],
    }


def entry_json(bundle: Bundle, entry: Entry, review: EntryReview) -> dict[str, Any]:
    data = _review_json(review, entry.entry_type.value)
    data["label"] = entry.label
    if isinstance(entry, Event):
        data["date"] = entry.date.text if entry.date else None
        data["when"] = entry.when
        data["summary"] = entry.summary
    data["sources"] = [
        {"paragraph": link.paragraph, "exact": link.exact, "text": source_text(bundle, link)}
        for link in entry.sources
    ]
    return data


def orphan_json(review: EntryReview, session: ReviewSession) -> dict[str, Any]:
    state = session.state.get(review.entry_id)
    kind = state.entry_type.value if state else "event"
    return _review_json(review, kind)


def _review_json(review: EntryReview, kind: str) -> dict[str, Any]:
    stale = set(review.stale_reviewers)
    return {
        "id": review.entry_id,
        "type": kind,
        "status": review.status.value,
        "open": is_open(review),
        "disagreed": review.disagreed,
        "stale": review.stale,
        "verdicts": [
            {"reviewer": v.reviewer, "mark": v.mark.value, "at": v.at, "stale": v.reviewer in stale}
            for v in review.verdicts
        ],
        "notes": [
            {"id": n.note_id, "author": n.author, "at": n.at, "created": n.created,
             "edits": n.edits, "text": n.text}
            for n in review.notes
        ],
        "history": [change_json(change) for change in review.history],
    }


def change_json(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {
        "change": change.change_id,
        "at": change.at,
        "reviewer": change.reviewer,
        "action": change.op.value,
        "fingerprint": change.fingerprint,
        "undoes": change.undoes,
    }
    if change.op is Op.MARK:
        data["mark"] = change.mark.value if change.mark else None
    elif change.op is Op.NOTE:
        data["note"] = change.note_id
        data["text"] = change.text
    elif change.op is Op.RENAME:
        data["entry"] = change.entry_id
        data["to"] = change.to
    return data
