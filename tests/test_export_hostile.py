"""Text that looks like HTML, markup, formulas or terminal controls, in a bundle or a
review, comes out inert in every export: escaped where it is HTML, never a formula in a
spreadsheet, never a raw control character anywhere, and still there to read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_export_csv import FORMULA_STARTS
from test_export_helpers import (
    CONTROL_ATTACK,
    EXPORT_FORMATS,
    FORMULA_ATTACK,
    HTML_ATTACK,
    UNSAFE,
    write_review,
)
from test_export_html import ACTIVE, page_of
from test_export_timelinejs import check_inert_html, check_timeline, strings_in

from tui.export.exporting import render
from tui.export.review_view import statuses_for
from tui.export.text import clean
from tui.model.load import load_bundle
from tui.review.session import ReviewSession


def _toml(value: str) -> str:
    # JSON's string escapes (without ensure_ascii) are TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


PARAGRAPH = (
    'Crews said <b>no</b> & "left" at 10 < 11 > 9. =SUM(A1) then -2+3 and @cmd, '
    f"{CONTROL_ATTACK} </textarea><!-- end."
)
HOSTILE_HTML_BUNDLE = f"""
format = "story-bundle/1"

[story]
id = "hostile-html"
headline = {_toml(HTML_ATTACK + ' & "Ferries"')}
standfirst = {_toml(FORMULA_ATTACK)}
outlet = {_toml("<img src=x onerror=alert(2)>")}
byline = {_toml("@byline " + CONTROL_ATTACK)}
url = "javascript:alert(3)"
published = "2021-03-05"

[[paragraphs]]
id = "p1"
text = {_toml(PARAGRAPH)}

[[actors]]
id = "a1"
name = {_toml("<i>Okafor</i>")}
kind = "person"
aliases = [{_toml("-1+1")}, {_toml("@alias")}]
description = {_toml("</style><script>alert(4)</script>")}
sources = [{{ paragraph = "p1", exact = "<b>no</b>" }}]

[[events]]
id = "e1"
title = {_toml("+cmd|' /C calc'!A0")}
when = {_toml("<u>Thursday</u>")}
date = "2021-03-04"
summary = {_toml('<a href="javascript:alert(5)">x</a>' + chr(10) + "=second line")}
actors = ["a1"]
sources = [{{ paragraph = "p1", exact = "=SUM(A1)" }}]
x-desk = {_toml("<script>alert(6)</script>")}

[[events]]
id = "e2"
title = "=1+1"
when = ""
date = "2021-21~"
sources = [{{ paragraph = "p1", exact = "@cmd" }}]

[[events]]
id = "e3"
title = {_toml(CONTROL_ATTACK)}
when = ""
sources = [{{ paragraph = "p1" }}]

[[quotes]]
id = "q1"
kind = "direct"
speaker = "a1"
cue = {_toml("<em>said</em>")}
text = "<b>no</b>"
sources = [{{ paragraph = "p1" }}]
"""


@pytest.fixture(params=["hostile.toml", "hostile-html.toml"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, ReviewSession]:
    """A hostile bundle with a hostile review: app_fixtures/hostile.toml, or HTML."""
    path = tmp_path / request.param
    if request.param == "hostile.toml":
        from test_export_helpers import copy_bundle

        path = copy_bundle("hostile", tmp_path)
    else:
        path.write_text(HOSTILE_HTML_BUNDLE, encoding="utf-8")
    write_review(path, hostile=True)
    bundle, warnings = load_bundle(path)
    assert warnings  # check warns about the control characters, and loads the bundle
    return bundle, ReviewSession.for_bundle(bundle, prefer_beside=True)


def exports(bundle: Any, review: ReviewSession) -> Iterator[tuple[str, str]]:
    status_of = statuses_for(bundle, review)
    for fmt in EXPORT_FORMATS:
        yield fmt, render(bundle, status_of, fmt).text


def test_no_raw_control_character_anywhere(hostile: tuple[Any, ReviewSession]) -> None:
    for fmt, text in exports(*hostile):
        assert not UNSAFE.search(text), fmt
        if fmt in ("timelinejs", "annotations"):  # nor behind a JSON escape
            assert not any(UNSAFE.search(s) for s in strings_in(json.loads(text))), fmt
            body_json = [
                json.loads(s) for s in strings_in(json.loads(text)) if s.startswith('{"type"')
            ]
            assert not any(UNSAFE.search(s) for b in body_json for s in strings_in(b))


def test_html_in_the_data_is_text_in_every_html(hostile: tuple[Any, ReviewSession]) -> None:
    bundle, review = hostile
    results = dict(exports(bundle, review))
    check_timeline(json.loads(results["timelinejs"]))
    sheet_rows = list(csv.DictReader(io.StringIO(results["csv"], newline="")))
    for row in sheet_rows:
        for column in ("Headline", "Text", "Display Date", "Group"):
            check_inert_html(row[column].removeprefix("'"))
    page = page_of(results["html"])
    assert not {tag for tag, _ in page.elements} & ACTIVE
    assert not any(key.startswith("on") for _, attrs in page.elements for key in attrs)
    assert all(attrs["href"].startswith("#") for _, attrs in page.elements if "href" in attrs)
    text = "".join(page.text)
    assert clean(bundle.story.headline) in text  # shown, as written
    if bundle.story.id == "hostile-html":
        assert "javascript:alert(3)" in text  # the URL as text, not a link
        assert "</style><script>alert(4)</script>" in text
        assert HTML_ATTACK in text and '<a href="javascript:alert(5)">x</a>' in text


def test_no_spreadsheet_cell_is_a_formula(hostile: tuple[Any, ReviewSession]) -> None:
    bundle, review = hostile
    for fmt, text in exports(bundle, review):
        if fmt not in ("csv", "csv-entries"):
            continue
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        for cell in cells:
            start = cell.lstrip(" ")[:1]
            assert not (start and start in FORMULA_STARTS) or cell.lstrip("-").isdigit(), cell
        if fmt == "csv-entries" and bundle.story.id == "hostile-html":
            rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
            assert rows["e1"]["title"] == "'+cmd|' /C calc'!A0"
            assert rows["e2"]["title"] == "'=1+1"
            assert rows["a1"]["aliases"] == "'-1+1\n@alias"
            assert rows["e1"]["extensions"] == '{"x-desk": "<script>alert(6)</script>"}'
            assert any(FORMULA_ATTACK in cell for cell in cells)


def test_annotations_quote_the_cleaned_words_at_their_place(
    hostile: tuple[Any, ReviewSession],
) -> None:
    bundle, review = hostile
    collection = json.loads(render(bundle, statuses_for(bundle, review), "annotations").text)
    paragraphs = {p.id: clean(p.text) for p in bundle.paragraphs}
    items = collection["first"]["items"]
    links = [link for entry in (*bundle.events, *bundle.actors, *bundle.quotes)
             for link in entry.sources]
    for item, link in zip(items, links, strict=True):
        chosen = {s["type"]: s for s in item["target"]["selector"]}
        start, end = chosen["TextPositionSelector"]["start"], chosen["TextPositionSelector"]["end"]
        quote = chosen["TextQuoteSelector"]
        text = paragraphs[link.paragraph]
        assert quote["exact"] == text[start:end]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
