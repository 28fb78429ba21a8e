"""Editorial review of a story bundle: marks, notes, their file, and reports.

Nothing in this package imports Textual.
"""

from tui.review.filters import ReviewFilter, filter_entries, predicate
from tui.review.marks import Mark, MarkRecord
from tui.review.report import render_report, report_for_path
from tui.review.session import Progress, ReviewSession, next_matching
from tui.review.storage import (
    REVIEW_FORMAT,
    ReviewError,
    ReviewFormatError,
    ReviewSaveError,
    ReviewStore,
    review_path_for,
)

__all__ = [
    "REVIEW_FORMAT",
    "Mark",
    "MarkRecord",
    "Progress",
    "ReviewError",
    "ReviewFilter",
    "ReviewFormatError",
    "ReviewSaveError",
    "ReviewSession",
    "ReviewStore",
    "filter_entries",
    "next_matching",
    "predicate",
    "render_report",
    "report_for_path",
    "review_path_for",
]
