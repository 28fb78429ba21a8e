"""Every export by name: render one to text, or write it to a file atomically."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui.export.review_view import StatusFilter, StatusOf, statuses_for
from tui.export.timelinejs import GroupBy, build_timeline, render_timelinejs
from tui.fileio import atomic_write
from tui.model.entities import Bundle, Event

if TYPE_CHECKING:
    from tui.review.session import ReviewSession

# Format name -> what its file is called beside the bundle (`<stem><suffix>`).
FORMATS = {
    "timelinejs": ".timeline.json",
    "csv": ".timeline.csv",
    "csv-entries": ".entries.csv",
    "annotations": ".annotations.jsonld",
    "html": ".review-sheet.html",
}
FORMAT_HELP = {
    "timelinejs": "TimelineJS 3 JSON: a title slide and one slide per dated event",
    "csv": "TimelineJS's Google Sheet columns: a title row and one row per dated event",
    "csv-entries": "every event, actor and quote with all its fields and its review",
    "annotations": "W3C Web Annotations (JSON-LD), one per source link",
    "html": "a self-contained, printable review sheet",
}
TIMELINE_FORMATS = ("timelinejs", "csv")  # the formats that leave undated events out


class ExportOptions(NamedTuple):
    keep: StatusFilter = StatusFilter()  # which entries, by review status
    group_by: GroupBy = "actor"  # TimelineJS groups: first actor's name, its kind, or none


ALL_ENTRIES = ExportOptions()


class Exported(NamedTuple):
    text: str
    undated: list[Event]  # events kept by the filter that a timeline cannot place


def render(
    bundle: Bundle, status_of: StatusOf, fmt: str, options: ExportOptions = ALL_ENTRIES
) -> Exported:
    """The export of `bundle` in format `fmt` (a FORMATS name; ValueError otherwise)."""
    if fmt in TIMELINE_FORMATS:
        timeline = build_timeline(bundle, status_of, options.keep, options.group_by)
        if fmt == "timelinejs":
            return Exported(render_timelinejs(timeline), timeline.undated)
        from tui.export.spreadsheet import render_timeline_csv

        return Exported(render_timeline_csv(timeline), timeline.undated)
    return Exported(_renderer(fmt)(bundle, status_of, options.keep), [])


def _renderer(fmt: str) -> Callable[[Bundle, StatusOf, StatusFilter], str]:
    # Imported by name: an export pays only for its own module.
    if fmt == "csv-entries":
        from tui.export.spreadsheet import render_entries_csv

        return render_entries_csv
    if fmt == "annotations":
        from tui.export.annotations import render_annotations

        return render_annotations
    if fmt == "html":
        from tui.export.html_sheet import render_html

        return render_html
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def export_path_for(bundle: Bundle, fmt: str) -> Path:
    """Where an export is written beside its bundle, e.g. `story.timeline.json`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    bundle_path = Path(bundle.path)
    return bundle_path.with_name(bundle_path.stem + FORMATS[fmt])


class InputRefused(OSError):
    """The export would replace the story bundle or its review file."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EEXIST, f"is {what}, which an export never replaces", path)


def refuse_inputs(target: str | os.PathLike[str], bundle: Bundle, review: ReviewSession) -> None:
    """Raise InputRefused when `target` is the bundle's file or its review file."""
    for path, what in ((Path(bundle.path), "the story bundle"), (review.path, "its review file")):
        if _same_file(target, path):
            raise InputRefused(os.fspath(target), what)


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is missing: nothing there to lose
        return False


def export_to_file(
    bundle: Bundle,
    review: ReviewSession,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    options: ExportOptions = ALL_ENTRIES,
) -> Path:
    """Write the export to `path` atomically (whole or not at all; never through a
    symbolic link) and return the path. Raises ValueError for an unknown format and
    OSError (tui.fileio's errors, InputRefused, among them) when it cannot be written."""
    exported = render(bundle, statuses_for(bundle, review), fmt, options)
    target = Path(path)
    refuse_inputs(target, bundle, review)
    atomic_write(target, exported.text.encode("utf-8"))
    return target
