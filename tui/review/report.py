"""Review reports an editor can hand on: Markdown for people, JSON for tools.

Both lead with what needs action ("Open": disputed, needs-fix, disagreements, stale), then
the rest; `only` keeps entries matching any of the named states.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from tui.model.entities import Bundle, Entry
from tui.model.load import load_bundle
from tui.review.entry_review import EntryReview
from tui.review.errors import ReviewError
from tui.review.filters import is_open, review_predicate
from tui.review.marks import Status
from tui.review.progress import bundle_entries
from tui.review.report_text import json_safe, safe_text
from tui.review.session import ReviewSession

ReportFormat = Literal["markdown", "json"]
ONLY_CHOICES = ("disputed", "needs-fix", "stale", "disagreed", "open", "unreviewed", "noted")

__all__ = [
    "ONLY_CHOICES", "ReviewUnusable", "render_report", "report_for_path", "report_schema",
    "safe_text",
]


class ReviewUnusable(ReviewError):
    """The review store could not be read (a read command leaves it as it is)."""


Rows = list[tuple[Entry, EntryReview]]


def render_report(
    bundle: Bundle, review: ReviewSession, fmt: ReportFormat | str,
    only: Sequence[str] | None = None,
) -> str:
    """The review of `bundle` as "markdown" or "json" text; `only` keeps entries in any
    of those states (see ONLY_CHOICES)."""
    if fmt not in ("markdown", "md", "json"):
        raise ValueError(f'unknown report format {fmt!r}: use "markdown" or "json"')
    wanted = _wanted(only)
    open_rows: Rows = []
    verified: Rows = []
    unreviewed: Rows = []
    for entry in bundle_entries(bundle):
        er = review.entry_review(entry)
        if not wanted(er):
            continue
        if is_open(er):
            open_rows.append((entry, er))
        elif er.status is Status.VERIFIED:
            verified.append((entry, er))
        else:
            unreviewed.append((entry, er))
    orphaned = [review.review_of_id(i) for i in review.orphaned_ids(bundle)]
    orphaned = [er for er in orphaned if wanted(er)]
    if fmt == "json":
        from tui.review.report_json import report_document

        rows = open_rows + verified + unreviewed
        doc = report_document(bundle, review, rows, orphaned, only)
        return json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
    from tui.review.report_markdown import markdown_report

    sections = [("Open", open_rows), ("Verified", verified), ("Not reviewed", unreviewed)]
    if only is not None:
        sections = [(title, rows) for title, rows in sections if rows or title == "Open"]
    return markdown_report(bundle, review, sections, orphaned, only)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of `report --format json`, as shipped in the package."""
    from importlib.resources import files

    text = files("tui.review").joinpath("report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _wanted(only: Sequence[str] | None) -> Callable[[EntryReview], bool]:
    if only is None:
        return lambda _er: True
    checks: list[Callable[[EntryReview], bool]] = []
    for name in only:
        if name not in ONLY_CHOICES:
            raise ValueError(f"unknown state {name!r}: use {', '.join(ONLY_CHOICES)}")
        checks.append(is_open if name == "open" else review_predicate(name))
    return lambda er: any(check(er) for check in checks)


def report_for_path(
    bundle_path: Path, fmt: ReportFormat | str, *, shipped: bool = False,
    only: Sequence[str] | None = None,
) -> str:
    """Load the bundle at `bundle_path` (raising BundleError) and render its review.

    The review is opened read-only, as the app finds it (`shipped` bundles keep theirs in
    the data folder). Problems with single records go to stderr; a store that cannot be
    used raises ReviewUnusable, with nothing renamed or created.
    """
    if fmt not in ("markdown", "md", "json"):
        raise ValueError(f'unknown report format {fmt!r}: use "markdown" or "json"')
    bundle, _problems = load_bundle(bundle_path)
    review = ReviewSession.for_bundle(bundle, prefer_beside=not shipped, read_only=True)
    if review.errors:
        raise ReviewUnusable("; ".join(error.described() for error in review.errors))
    for warning in review.warnings:
        print(f"warning: {safe_text(warning)}", file=sys.stderr)
    return render_report(bundle, review, fmt, only)
