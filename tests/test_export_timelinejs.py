"""TimelineJS 3 JSON: valid against its published format, dates with only the parts they
know, everything HTML-escaped, undated events left out and named on stderr.

The schema below is written from TimelineJS's documentation of its JSON format
(https://timeline.knightlab.com/docs/json-format.html, website/docs/json-format.njk in
NUKnightLab/TimelineJS3): what JSON Schema cannot say (ends after starts, a day the month
has, unique ids, years the human scale can place) is checked in `check_timeline`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import CliResult
from test_export_helpers import BUNDLES, copy_bundle, reviewed, write_review

from tui.export.exporting import ExportOptions, render
from tui.export.review_view import StatusFilter, all_unreviewed, statuses_for
from tui.model.gregorian import days_in_month

_DATE = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": {"type": "integer", "minimum": 0},
        "display_date": {"type": "string"},
        "format": {"type": "string"},
    },
    "additionalProperties": False,
}
_SLIDE_PROPERTIES = {
    "start_date": {"$ref": "#/$defs/date"},
    "end_date": {"$ref": "#/$defs/date"},
    "text": {
        "type": "object",
        "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
        "additionalProperties": False,
    },
    "media": {
        "type": "object",
        "required": ["url"],
        "properties": {
            key: {"type": "string"}
            for key in ("url", "caption", "credit", "thumbnail", "alt", "title", "link",
                        "link_target")
        },
        "additionalProperties": False,
    },
    "group": {"type": "string"},
    "display_date": {"type": "string"},
    "background": {
        "type": "object",
        "properties": {key: {"type": "string"} for key in ("url", "alt", "color")},
        "additionalProperties": False,
    },
    "autolink": {"type": "boolean"},
    "unique_id": {"type": "string", "minLength": 1},
}
TIMELINEJS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["events"],
    "properties": {
        "events": {"type": "array", "items": {"$ref": "#/$defs/slide"}},
        "title": {"$ref": "#/$defs/title"},
        "eras": {"type": "array", "items": {"$ref": "#/$defs/era"}},
        "scale": {"enum": ["human", "cosmological"]},
    },
    "additionalProperties": False,
    "$defs": {
        "date": _DATE,
        "slide": {
            "type": "object",
            "required": ["start_date"],
            "properties": _SLIDE_PROPERTIES,
            "additionalProperties": False,
        },
        "title": {"type": "object", "properties": _SLIDE_PROPERTIES, "additionalProperties": False},
        "era": {
            "type": "object",
            "required": ["start_date", "end_date"],
            "properties": {
                key: _SLIDE_PROPERTIES[key] for key in ("start_date", "end_date", "text")
            },
            "additionalProperties": False,
        },
    },
}
HUMAN_YEARS = range(-271_821, 275_760 + 1)  # the docs' limits of the human scale
ALLOWED_TAGS = {"p", "blockquote", "small", "mark", "br"}


def padded(parts: dict[str, int]) -> tuple[int, ...]:
    keys = (("year", 0), ("month", 1), ("day", 1), ("hour", 0), ("minute", 0), ("second", 0))
    return tuple(parts.get(key, default) for key, default in keys)


def check_date(parts: dict[str, int]) -> None:
    jsonschema.validate(parts, _DATE)
    if "day" in parts:
        assert "month" in parts
        # TimelineJS's years are BCE-negative (no year 0); the calendar's are astronomical.
        year = parts["year"] if parts["year"] > 0 else parts["year"] + 1
        assert parts["day"] <= days_in_month(year, parts["month"])
    if "hour" in parts:
        assert "day" in parts and "minute" in parts and "second" in parts


def check_timeline(document: dict[str, Any]) -> None:
    jsonschema.validate(document, TIMELINEJS_SCHEMA)
    slides = [*document["events"], *([document["title"]] if "title" in document else [])]
    ids = [slide["unique_id"] for slide in slides]
    assert len(ids) == len(set(ids))
    cosmological = document.get("scale") == "cosmological"
    for slide in document["events"]:
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
            assert padded(slide["end_date"]) > padded(slide["start_date"]), slide["unique_id"]
        if not cosmological:
            assert slide["start_date"]["year"] in HUMAN_YEARS
    for text in strings_in(document):
        check_inert_html(text)
    for slide in document["events"]:
        for field in ("group", "display_date"):  # stripped of markup, then shown as HTML
            if field in slide:
                check_inert_html(strip_markup(slide[field]), allowed=set())


def strip_markup(text: str) -> str:
    """TimelineJS's stripMarkup: the text content of `text` parsed as HTML."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return "".join(parser.text)


def shown_by_timelinejs(field: str) -> str:
    """What a reader sees of a `group` or `display_date`: stripped, then set as innerHTML."""
    html = strip_markup(field)
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert parser.tags == []
    return "".join(parser.text)


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_inert_html(text: str, allowed: set[str] = ALLOWED_TAGS) -> None:
    """Only our few tags, none with an attribute; no comment, no raw `<` from the data."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    assert {tag for tag, _ in parser.tags} <= allowed, text
    assert all(attrs == [] for _, attrs in parser.tags), text
    # With our tags taken out, no markup character is left: the data's are all escaped.
    rest = re.sub(rf"</?(?:{'|'.join(allowed) or '-'})>", "", text)
    assert "<" not in rest and ">" not in rest, text


def timeline_of(name: str, tmp_path: Path, **options: Any) -> tuple[dict[str, Any], list[str]]:
    bundle, review = reviewed(name, tmp_path)
    exported = render(bundle, statuses_for(bundle, review), "timelinejs", ExportOptions(**options))
    return json.loads(exported.text), [event.id for event in exported.undated]


# -- the format --------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLES)
def test_every_bundle_gives_a_valid_timeline(name: str, tmp_path: Path) -> None:
    document, undated = timeline_of(name, tmp_path)
    check_timeline(document)
    bundle, _ = reviewed(name, tmp_path)
    dated = [event.id for event in bundle.events if event.date is not None]
    assert [slide["unique_id"] for slide in document["events"]] == dated
    assert undated == [event.id for event in bundle.events if event.date is None]


def test_the_schema_catches_what_timelinejs_refuses() -> None:
    """The schema is not vacuous: the mistakes it is there for fail it."""
    good = {"events": [{"start_date": {"year": 2019}}]}
    jsonschema.validate(good, TIMELINEJS_SCHEMA)
    for bad in (
        {"events": [{"start_date": {"year": "2019"}}]},  # a string year
        {"events": [{"start_date": {"year": 2019, "month": 13}}]},
        {"events": [{"start_date": {"year": 2019, "month": 2, "day": 32}}]},
        {"events": [{"start_date": {"month": 2}}]},  # no year
        {"events": [{"text": {"headline": "no date"}}]},
        {"events": [{"start_date": {"year": 2019}, "autolink": "no"}]},
        {"title": {"text": {"headline": "no events"}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, TIMELINEJS_SCHEMA)
    with pytest.raises(AssertionError):
        check_timeline(
            {"events": [{"unique_id": "a", "start_date": {"year": 2019, "month": 3},
                         "end_date": {"year": 2019, "month": 2}}]}
        )


def test_the_title_slide_is_the_story(tmp_path: Path) -> None:
    document, _ = timeline_of("second", tmp_path)
    title = document["title"]
    assert "start_date" not in title
    assert title["unique_id"] == "kestrel-ferry_title"  # never the slug of an event's id
    assert title["text"]["headline"] == "Ferry crews walk out as Kestrel Bay talks collapse"
    assert "Harbour Authority says the timetable will be cut" in title["text"]["text"]
    assert "The Kestrel Courier" in title["text"]["text"]


def test_a_slide_quotes_its_words_in_their_paragraph(tmp_path: Path) -> None:
    document, _ = timeline_of("second", tmp_path)
    walkout = next(s for s in document["events"] if s["unique_id"] == "walkout")
    assert walkout["text"]["headline"] == "Crews walk out after the talks collapse"
    text = walkout["text"]["text"]
    assert "<blockquote>\N{LEFT DOUBLE QUOTATION MARK}walked out on Thursday" in text
    assert "Ferry crews in Kestrel Bay <mark>walked out on Thursday</mark> after pay" in text
    assert "Paragraph 2" in text
    assert walkout["group"] == "Ferry crews"  # its first actor
    assert walkout["autolink"] is False


@pytest.mark.parametrize(("group_by", "expected"), [("actor", "Ferry crews"), ("kind", "group")])
def test_groups_by_first_actor_or_its_kind(group_by: str, expected: str, tmp_path: Path) -> None:
    document, _ = timeline_of("second", tmp_path, group_by=group_by)
    walkout = next(s for s in document["events"] if s["unique_id"] == "walkout")
    assert walkout["group"] == expected


def test_groups_show_actor_names_as_written(tmp_path: Path) -> None:
    """TimelineJS strips a group's markup, then shows it as HTML: whatever the name, what
    the reader sees is the name."""
    name = '<img src=x onerror=alert(1)> AT&T &amp; "Co" <b>'
    text = BUNDLES["second"].read_text(encoding="utf-8").replace(
        'name = "Ferry crews"', f"name = {json.dumps(name)}"
    )
    path = tmp_path / "named.toml"
    path.write_text(text, encoding="utf-8")
    from tui.model.load import load_bundle

    bundle, _ = load_bundle(path)
    document = json.loads(render(bundle, all_unreviewed, "timelinejs").text)
    check_timeline(document)
    walkout = next(s for s in document["events"] if s["unique_id"] == "walkout")
    assert shown_by_timelinejs(walkout["group"]) == name
    crews = next(s for s in document["events"] if s["unique_id"] == "crews-organised")
    assert shown_by_timelinejs(crews["display_date"]) == "c. 2018"


def test_no_groups(tmp_path: Path) -> None:
    document, _ = timeline_of("second", tmp_path, group_by="none")
    assert all("group" not in slide for slide in document["events"])


def test_verified_only_keeps_verified_unchanged_events(tmp_path: Path) -> None:
    bundle, review = reviewed("baghouz", tmp_path)
    status_of = statuses_for(bundle, review)
    exported = render(bundle, status_of, "timelinejs", ExportOptions(StatusFilter.verified_only()))
    ids = [slide["unique_id"] for slide in json.loads(exported.text)["events"]]
    expected = [
        e.id for e in bundle.events
        if status_of(e).status == "verified" and not status_of(e).stale and e.date is not None
    ]
    assert ids == expected and len(ids) >= 1
    # The fourth event was verified, then changed: not safe to publish.
    assert bundle.events[3].id not in ids


def test_undated_events_are_named_on_stderr(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = copy_bundle("second", tmp_path)
    write_review(path)
    result = run_cli("export", path, "--to", "timelinejs")
    assert result.code == 0
    assert "1 undated event left out" in result.err
    assert "timetable-cut: Timetable cut to two crossings a day" in result.err
    assert "timetable-cut" not in result.out


def test_years_beyond_the_human_scale_make_it_cosmological(tmp_path: Path) -> None:
    text = (BUNDLES["second"]).read_text(encoding="utf-8").replace('"2018~"', '"Y-170000002"')
    path = tmp_path / "deep-time.toml"
    path.write_text(text, encoding="utf-8")
    from tui.model.load import load_bundle

    bundle, _ = load_bundle(path)
    document = json.loads(render(bundle, all_unreviewed, "timelinejs").text)
    check_timeline(document)
    assert document["scale"] == "cosmological"
    first = next(s for s in document["events"] if s["unique_id"] == "crews-organised")
    assert first["start_date"] == {"year": -170_000_003}
    assert first["display_date"] == "170000003 BC"
    # A story within the human scale does not ask for another.
    assert "scale" not in json.loads(render(bundle._replace(events=bundle.events[1:]),
                                            all_unreviewed, "timelinejs").text)
