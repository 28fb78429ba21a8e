"""The spreadsheets: TimelineJS's Google Sheet, read back the way TimelineJS reads it, and
one row per entry; no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_export_helpers import BUNDLES, FORMULA_ATTACK, HTML_ATTACK, reviewed

from tui.export.exporting import render
from tui.export.review_view import statuses_for
from tui.export.spreadsheet import inert_cell
from tui.export.text import clean
from tui.review.session import bundle_entries

# The columns as issue 20 names them, in its order (TimelineJS reads them by name);
# written out here, not imported, so a change to them fails.
SHEET_HEADER = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background", "Alt Text",
]
_INTEGER = re.compile(r"^-?\d+$|^$")  # TimelineJS's validDateConfig
FORMULA_STARTS = "=+-@\n\uff1d\uff0b\uff0d\uff20"


def rows_of(text: str) -> list[dict[str, str]]:
    assert text.endswith("\r\n")  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_like_timelinejs(text: str) -> dict[str, Any]:
    """What TimelineJS's ConfigFactory makes of the sheet's rows (its V3 date handling)."""
    config: dict[str, Any] = {"events": []}
    for raw in rows_of(text):
        row = {key: value.strip() for key, value in raw.items()}
        slide: dict[str, Any] = {
            "text": {"headline": row["Headline"], "text": row["Text"]},
            "display_date": row["Display Date"],
            "group": row["Group"],
        }
        for prefix, key in (("", "start_date"), ("End ", "end_date")):
            if row[f"{prefix}Year"]:
                parts = {
                    name: row[f"{prefix}{name.capitalize()}"] for name in ("year", "month", "day")
                }
                assert all(_INTEGER.match(value) for value in parts.values()), row
                date = {name: int(value) for name, value in parts.items() if value}
                if row[f"{prefix}Time"]:
                    hour, minute, second = row[f"{prefix}Time"].split(":")
                    date.update(hour=int(hour), minute=int(minute), second=int(second))
                slide[key] = date
            else:
                assert not row[f"{prefix}Time"], "TimelineJS refuses a time without a date"
        if row["Type"] == "title":
            assert "title" not in config, "one title row"
            config["title"] = slide
        else:
            assert row["Type"] == ""
            assert "start_date" in slide, "every event row needs a year"
            config["events"].append(slide)
    return config


@pytest.mark.parametrize("name", BUNDLES)
def test_the_sheet_makes_the_same_timeline_as_the_json(name: str, tmp_path: Path) -> None:
    bundle, review = reviewed(name, tmp_path)
    status_of = statuses_for(bundle, review)
    sheet = render(bundle, status_of, "csv")
    assert sheet.text.startswith(",".join(SHEET_HEADER) + "\r\n")
    from_sheet = read_like_timelinejs(sheet.text)
    document = json.loads(render(bundle, status_of, "timelinejs").text)
    assert from_sheet["title"]["text"] == document["title"]["text"]
    assert len(from_sheet["events"]) == len(document["events"])
    for row, slide in zip(from_sheet["events"], document["events"], strict=True):
        assert row["start_date"] == slide["start_date"]
        assert row.get("end_date") == slide.get("end_date")
        assert row["display_date"] == slide.get("display_date", "")
        assert row["group"] == slide.get("group", "")
        # A headline can only gain the apostrophe that keeps it from being a formula.
        assert row["text"]["headline"].removeprefix("'") == slide["text"]["headline"]
        assert row["text"]["text"] == slide["text"]["text"]
    assert sheet.undated == [e for e in bundle.events if e.date is None]


def test_entries_sheet_has_a_row_per_entry_with_its_review(tmp_path: Path) -> None:
    bundle, review = reviewed("second", tmp_path)
    status_of = statuses_for(bundle, review)
    rows = rows_of(render(bundle, status_of, "csv-entries").text)
    entries = list(bundle_entries(bundle))
    assert [(r["type"], r["id"]) for r in rows] == [(e.entry_type.value, e.id) for e in entries]
    for row, entry in zip(rows, entries, strict=True):
        status = status_of(entry)
        assert row["status"] == status.status
        assert row["stale"] == ("yes" if status.stale else "no")
        assert len(row["verdicts"].splitlines()) == len(status.verdicts)
    by_id = {row["id"]: row for row in rows}
    negotiation = by_id["negotiation"]
    assert negotiation["date"] == "2021-02-11/2021-03-04"
    assert negotiation["date_display"] == "11 Feb \N{EN DASH} 4 Mar 2021"
    assert negotiation["actors"] == "harbour-authority\nmira-okafor"
    assert negotiation["source_words"] == "ran for three weeks of negotiation"
    assert by_id["crews-organised"]["status"] == "verified"
    talks = by_id["talks-open"]
    assert talks["verdicts"] == "ben: disputed (2019-02-13T09:07:00Z)"
    assert talks["notes"] == "ben (2019-02-13T09:07:00Z): The article says Tuesday, not Monday."
    okafor = by_id["mira-okafor"]
    assert (okafor["name"], okafor["kind"]) == ("Mira Okafor", "person")
    assert okafor["aliases"] == "Okafor"
    assert okafor["source_paragraphs"] == "p2\np4"
    no_choice = by_id["q-no-choice"]
    assert (no_choice["kind"], no_choice["speaker"], no_choice["cue"]) == (
        "direct", "mira-okafor", "said",
    )
    # A direct quote linked to its whole paragraph is sourced by its own words.
    assert no_choice["source_words"] == "We were left with no choice"
    assert by_id["walkout"]["stale"] == "yes"


@given(st.text())
def test_no_cell_can_start_a_formula(text: str) -> None:
    cell = inert_cell(text)
    assert cell in (clean(text), "'" + clean(text))
    start = cell.lstrip(" ")[:1]
    if start and start in FORMULA_STARTS:
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  @SUM(A1)", "'  @SUM(A1)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\t=1+1", "' =1+1"),  # a tab is a space; the cell still cannot start a formula
        ("\n=1", "'\n=1"),
        ("-1986", "-1986"),  # a BCE year is a number, not a formula
        ("2.5", "2.5"),
        ("Ferry crews", "Ferry crews"),
        ("a=b", "a=b"),
    ],
)
def test_formula_cells(text: str, expected: str) -> None:
    assert inert_cell(text) == expected


@pytest.mark.parametrize("fmt", ["csv", "csv-entries"])
def test_hostile_cells_are_inert(fmt: str, tmp_path: Path) -> None:
    bundle, review = reviewed("hostile", tmp_path)
    text = render(bundle, statuses_for(bundle, review), fmt).text
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    for cell in cells:
        start = cell.lstrip(" ")[:1]
        assert not start or start not in FORMULA_STARTS or re.fullmatch(r"-?[0-9]+", cell), cell
    if fmt == "csv-entries":  # the review's own text is there, literally but inert
        assert any(HTML_ATTACK in cell for cell in cells)
        assert any(FORMULA_ATTACK in cell for cell in cells)
        assert "'=cmd (2019-02-13T09:21:00Z): +<script>" in text
