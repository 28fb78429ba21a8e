"""Editorial review of a story bundle: marks, notes, their file, and reports.

Nothing in this package imports Textual. Names are imported on first use, so that the app,
which needs only the session, does not pay at start-up for the report writer.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ReviewFilter": "filters",
    "filter_entries": "filters",
    "predicate": "filters",
    "Mark": "marks",
    "MarkRecord": "marks",
    "render_report": "report",
    "report_for_path": "report",
    "Progress": "session",
    "ReviewSession": "session",
    "next_matching": "session",
    "REVIEW_FORMAT": "storage",
    "ReviewError": "storage",
    "ReviewFormatError": "storage",
    "ReviewSaveError": "storage",
    "ReviewStore": "storage",
    "review_path_for": "storage",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.review' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.review.{module}"), name)
