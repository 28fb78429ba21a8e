"""Editorial review of a story bundle: verdicts, note threads, history, the store, reports.

Nothing in this package imports Textual. Names are imported on first use, so that the app,
which needs only the session, does not pay at start-up for the report writer.

The API others build on (exports, the detail pane):
- `ReviewSession.for_bundle(bundle, prefer_beside=, reviewer=, read_only=)` opens a review;
- `session.entry_review(entry) -> EntryReview`: status, verdicts, notes, history, stale;
- `session.progress(bundle)`, `session.mark_of(id)` (your verdict), `session.is_stale(entry)`;
- `render_report(bundle, session, "markdown" | "json", only=)`.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Change": "changes",
    "Op": "changes",
    "EntryReview": "entry_review",
    "ReviewError": "errors",
    "ReviewFormatError": "errors",
    "ReviewLocked": "errors",
    "ReviewSaveError": "errors",
    "ReviewerNameError": "errors",
    "ReviewFilter": "filters",
    "filter_entries": "filters",
    "is_open": "filters",
    "predicate": "filters",
    "REVIEW_FORMAT": "log",
    "Mark": "marks",
    "Status": "marks",
    "review_path_for": "paths",
    "review_paths": "paths",
    "Progress": "progress",
    "bundle_entries": "progress",
    "render_report": "report",
    "report_schema": "report",
    "report_for_path": "report",
    "ReviewSession": "session",
    "next_matching": "jumps",
    "describe_arrivals": "describe",
    "review_line": "describe",
    "Note": "state",
    "Verdict": "state",
    "ReviewStore": "storage",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.review' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.review.{module}"), name)
