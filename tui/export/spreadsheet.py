"""Spreadsheets: TimelineJS's Google Sheet (one row per dated event) and every entry.

A cell that starts with `=`, `+`, `-` or `@` (or their full-width forms, or a line break, after
any spaces) could run as a formula where the file is opened; such a cell gets a leading
apostrophe (OWASP's advice), which spreadsheets read as "this is text" and Google Sheets hides.
Plain numbers (a BCE year, -500) are left as they are. No cell holds a control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence

from tui.export.review_view import (
    EntryStatus,
    StatusFilter,
    StatusOf,
    at_text,
    every_entry,
    kept,
)
from tui.export.text import clean, paragraphs_by_id, sources_of
from tui.export.timeline_dates import DateParts
from tui.export.timelinejs import Timeline
from tui.model.entities import Actor, Bundle, Entry, Event, Paragraph, Quote

# The header row TimelineJS's spreadsheet reader knows. It reads columns by these names, so
# the order is free; this is the order our issue names (TimelineJS's docs put Alt Text
# after Media Thumbnail instead: a pasted range lines up either way, by header).
TIMELINE_COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background", "Alt Text",
)

ENTRY_COLUMNS = (
    "type", "id", "label", "status", "stale", "verdicts", "notes",
    "title", "when", "date", "date_display", "summary", "actors",
    "name", "kind", "aliases", "description",
    "text", "speaker", "cue", "about",
    "source_paragraphs", "source_words", "extensions",
)

_FORMULA_STARTS = frozenset("=+-@\n\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def inert_cell(value: str) -> str:
    """`value` cleaned, and made text where a spreadsheet could take it for a formula."""
    text = clean(value)
    first = text.lstrip(" ")[:1]
    if first and first in _FORMULA_STARTS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text (RFC 4180: CRLF line ends, quotes where needed) with every cell inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([inert_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


# -- TimelineJS's sheet ------------------------------------------------------------------


def render_timeline_csv(timeline: Timeline) -> str:
    """The rows TimelineJS reads: a "title" row for the story, then one per dated event."""
    title = {"Headline": timeline.title_headline, "Text": timeline.title_text, "Type": "title"}
    rows = [title]
    for slide in timeline.slides:
        row = _date_cells(slide.dates.start, "")
        if slide.dates.end is not None:
            row.update(_date_cells(slide.dates.end, "End "))
        row["Display Date"] = slide.display_html or ""
        row["Headline"] = slide.headline
        row["Text"] = slide.text
        row["Group"] = slide.group or ""
        rows.append(row)
    cells = ([row.get(column, "") for column in TIMELINE_COLUMNS] for row in rows)
    return write_rows(TIMELINE_COLUMNS, cells)


def _date_cells(parts: DateParts, prefix: str) -> dict[str, str]:
    cells = {f"{prefix}Year": str(parts["year"])}
    for part, column in (("month", "Month"), ("day", "Day")):
        if part in parts:
            cells[f"{prefix}{column}"] = str(parts[part])
    if "hour" in parts:
        cells[f"{prefix}Time"] = f"{parts['hour']:02}:{parts['minute']:02}:{parts['second']:02}"
    return cells


# -- every entry -------------------------------------------------------------------------


def render_entries_csv(bundle: Bundle, status_of: StatusOf, keep: StatusFilter) -> str:
    """One row per event, actor and quote (in that order), with every field and its review."""
    paragraphs = paragraphs_by_id(bundle)
    rows = []
    for entry in kept(every_entry(bundle), status_of, keep):
        row = _review_cells(entry, status_of(entry))
        row.update(_fields(entry))
        row.update(_source_cells(entry, paragraphs))
        if entry.extensions:
            row["extensions"] = json.dumps(
                dict(entry.extensions), ensure_ascii=False, sort_keys=True, default=str
            )
        rows.append(row)
    return write_rows(ENTRY_COLUMNS, ([row.get(c, "") for c in ENTRY_COLUMNS] for row in rows))


def _review_cells(entry: Entry, status: EntryStatus) -> dict[str, str]:
    return {
        "type": entry.entry_type.value,
        "id": entry.id,
        "label": entry.label,
        "status": status.status,
        "stale": "yes" if status.stale else "no",
        "verdicts": "\n".join(
            f"{v.reviewer}: {v.mark} ({at_text(v.at)})" for v in status.verdicts
        ),
        "notes": "\n".join(f"{n.author} ({at_text(n.at)}): {n.text}" for n in status.notes),
    }


def _fields(entry: Entry) -> dict[str, str]:
    if isinstance(entry, Event):
        return {
            "title": entry.title,
            "when": entry.when,
            "date": entry.date.text if entry.date else "",
            "date_display": entry.date.display() if entry.date else "",
            "summary": entry.summary or "",
            "actors": "\n".join(entry.actors),
        }
    if isinstance(entry, Actor):
        return {
            "name": entry.name,
            "kind": entry.kind,
            "aliases": "\n".join(entry.aliases),
            "description": entry.description or "",
        }
    return _quote_fields(entry)


def _quote_fields(quote: Quote) -> dict[str, str]:
    return {
        "kind": quote.kind,
        "text": quote.text,
        "speaker": quote.speaker or "",
        "cue": quote.cue or "",
        "about": "\n".join(quote.about),
    }


def _source_cells(entry: Entry, paragraphs: Mapping[str, Paragraph]) -> dict[str, str]:
    sources = sources_of(entry.sources, paragraphs)
    return {
        "source_paragraphs": "\n".join(source.paragraph.id for source in sources),
        "source_words": "\n".join(source.words for source in sources),
    }
