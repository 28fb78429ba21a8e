"""W3C Web Annotations: one per source link, valid against the model, and pointing at
exactly the words the link does (by quote and by position in the paragraph)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_export_helpers import BUNDLES, reviewed

from tui.export.exporting import ExportOptions, render
from tui.export.review_view import StatusFilter, all_unreviewed, statuses_for
from tui.model.load import load_bundle
from tui.review.session import bundle_entries

# Written from the Web Annotation Data Model (W3C Recommendation, 2017): the parts used here,
# with their MUSTs (https://www.w3.org/TR/annotation-model/).
_IRI = {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:[^\\s]+$"}
_TEXTUAL_BODY = {
    "type": "object",
    "required": ["type", "value"],
    "properties": {
        "type": {"const": "TextualBody"},
        "value": {"type": "string"},
        "format": {"type": "string"},
        "language": {"type": "string"},
        "purpose": {"enum": ["assessing", "bookmarking", "classifying", "commenting",
                             "describing", "editing", "highlighting", "identifying",
                             "linking", "moderating", "questioning", "replying", "tagging"]},
    },
}
_SELECTORS = {
    "TextQuoteSelector": {
        "type": "object",
        "required": ["type", "exact"],
        "properties": {
            "type": {"const": "TextQuoteSelector"},
            "exact": {"type": "string", "minLength": 1},
            "prefix": {"type": "string"},
            "suffix": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "TextPositionSelector": {
        "type": "object",
        "required": ["type", "start", "end"],
        "properties": {
            "type": {"const": "TextPositionSelector"},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": False,
    },
}
ANNOTATION_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "body", "target"],
    "properties": {
        "id": _IRI,
        "type": {"const": "Annotation"},
        "motivation": {"type": "string"},
        "body": {"type": "array", "minItems": 1, "items": _TEXTUAL_BODY},
        "target": {
            "type": "object",
            "required": ["source", "selector"],
            "properties": {
                "type": {"const": "SpecificResource"},
                "source": {"type": "object", "required": ["id"], "properties": {"id": _IRI}},
                "scope": _IRI,
                "selector": {
                    "type": "array",
                    "minItems": 2,
                    "items": {"oneOf": list(_SELECTORS.values())},
                },
            },
        },
    },
}
COLLECTION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "id", "type", "total"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "id": _IRI,
        "type": {"const": "AnnotationCollection"},
        "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {
            "type": "object",
            "required": ["id", "type", "items"],
            "properties": {
                "id": _IRI,
                "type": {"const": "AnnotationPage"},
                "startIndex": {"const": 0},
                "items": {"type": "array", "minItems": 1, "items": ANNOTATION_SCHEMA},
            },
            "not": {"required": ["@context"]},  # embedded pages SHOULD NOT have one
        },
    },
    # A collection with annotations MUST have a first page; an empty one has none.
    "if": {"properties": {"total": {"const": 0}}},
    "then": {"not": {"required": ["first"]}},
    "else": {"required": ["first"]},
}


def annotations_of(name: str, tmp_path: Path, keep: StatusFilter | None = None) -> Any:
    bundle, review = reviewed(name, tmp_path)
    keep = keep or StatusFilter()
    text = render(bundle, statuses_for(bundle, review), "annotations", ExportOptions(keep)).text
    return bundle, review, json.loads(text)


def selectors(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {selector["type"]: selector for selector in annotation["target"]["selector"]}


@pytest.mark.parametrize("name", BUNDLES)
def test_one_valid_annotation_per_source_link(name: str, tmp_path: Path) -> None:
    bundle, review, collection = annotations_of(name, tmp_path)
    jsonschema.validate(collection, COLLECTION_SCHEMA)
    items = collection["first"]["items"]
    links = [(entry, link) for entry in bundle_entries(bundle) for link in entry.sources]
    assert collection["total"] == len(items) == len(links)
    assert len({item["id"] for item in items}) == len(items)
    paragraphs = {paragraph.id: paragraph for paragraph in bundle.paragraphs}
    status_of = statuses_for(bundle, review)
    for item, (entry, link) in zip(items, links, strict=True):
        chosen = selectors(item)
        quote, position = chosen["TextQuoteSelector"], chosen["TextPositionSelector"]
        text = paragraphs[link.paragraph].text
        start, end = (link.start, link.end) if link.has_span else (0, len(text))
        assert (position["start"], position["end"]) == (start, end)
        if name != "hostile":  # (hostile text is cleaned one character for one)
            assert quote["exact"] == text[start:end]
            assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) <= 32
            assert text[end:].startswith(quote["suffix"]) and len(quote["suffix"]) <= 32
        assert len(quote["exact"]) == end - start
        data = next(b for b in item["body"] if b.get("format") == "application/json")
        body = json.loads(data["value"])
        assert (body["type"], body["id"]) == (entry.entry_type.value, entry.id)
        assert body["review"]["status"] == status_of(entry).status
        tags = [b["value"] for b in item["body"] if b.get("purpose") == "tagging"]
        assert tags[:2] == [entry.entry_type.value, status_of(entry).status]
    # Every link to one paragraph has the same source, and different paragraphs differ.
    sources = {(link.paragraph, item["target"]["source"]["id"])
               for item, (_, link) in zip(items, links, strict=True)}
    assert len(sources) == len({paragraph for paragraph, _ in sources}) == len(
        {source for _, source in sources}
    )


def test_the_same_bundle_gives_the_same_annotations(tmp_path: Path) -> None:
    _, _, first = annotations_of("second", tmp_path / "a")
    _, _, second = annotations_of("second", tmp_path / "b")
    assert first == second


def test_the_body_describes_the_entry(tmp_path: Path) -> None:
    _, _, collection = annotations_of("second", tmp_path)
    talks = next(
        item for item in collection["first"]["items"]
        if '"id": "talks-open"' in item["body"][-1]["value"]
    )
    described = talks["body"][0]
    assert described["purpose"] == "describing" and described["language"] == "en"
    assert described["value"].splitlines() == [
        "Event: Pay talks open with the Harbour Authority",
        "When: last month (Feb 2021?)",
        "Actors: Harbour Authority, Ferry crews",
        "Review: disputed",
        "Verdict: disputed by ben (2019-02-13T09:07:00Z)",
        "Note by ben (2019-02-13T09:07:00Z): The article says Tuesday, not Monday.",
    ]


def test_positions_count_code_points(tmp_path: Path) -> None:
    """Characters outside the BMP count once, not as UTF-16's two units."""
    text = (BUNDLES["second"]).read_text(encoding="utf-8").replace(
        'text = "Okafor first organised', 'text = "\U0001f6a2\U0001f6a2 Okafor first organised'
    )
    path = tmp_path / "emoji.toml"
    path.write_text(text, encoding="utf-8")
    bundle, _ = load_bundle(path)
    collection = json.loads(render(bundle, all_unreviewed, "annotations").text)
    organised = next(
        item for item in collection["first"]["items"]
        if selectors(item)["TextQuoteSelector"]["exact"] == "first organised the crews around 2018"
    )
    assert selectors(organised)["TextPositionSelector"] == {
        "type": "TextPositionSelector", "start": 10, "end": 47,
    }
    assert selectors(organised)["TextQuoteSelector"]["prefix"] == "\U0001f6a2\U0001f6a2 Okafor "


def test_a_filter_that_keeps_nothing_gives_an_empty_collection(tmp_path: Path) -> None:
    _, _, collection = annotations_of("second", tmp_path, StatusFilter.of(["disagreed"]))
    jsonschema.validate(collection, COLLECTION_SCHEMA)
    assert collection["total"] == 0 and "first" not in collection


def test_the_schema_is_not_vacuous(tmp_path: Path) -> None:
    _, _, collection = annotations_of("second", tmp_path)
    item = collection["first"]["items"][0]
    broken = json.loads(json.dumps(collection))
    broken["first"]["items"][0]["target"]["selector"][1]["start"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COLLECTION_SCHEMA)
    del broken["first"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COLLECTION_SCHEMA)
    assert item["target"]["type"] == "SpecificResource"
