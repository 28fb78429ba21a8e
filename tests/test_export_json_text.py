"""JSON text with its long list one item a line: the same JSON, whatever the items."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.export.json_text import dumps

TEXT = st.text(st.characters(blacklist_characters="\x00"))  # exports' text is cleaned
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(JSON, max_size=6), st.dictionaries(TEXT, JSON, max_size=4))
def test_the_text_is_the_document_with_its_items(items: list[Any], extra: dict[str, Any]) -> None:
    document = {"head": extra, "page": {"id": "x", "items": None, "after": [1, 2]}}
    text = dumps(document, items, at=("page", "items"))
    assert json.loads(text) == {"head": extra, "page": {"id": "x", "items": items, "after": [1, 2]}}
    assert document["page"]["items"] == items  # the document holds its items afterwards too


def test_one_item_a_line_at_the_lists_depth() -> None:
    text = dumps({"title": "t", "events": None}, [{"a": 1}, {"b": [2, 3]}], at=("events",))
    assert text == '{\n  "title": "t",\n  "events": [\n    {"a": 1},\n    {"b": [2, 3]}\n  ]\n}\n'
    assert dumps({"events": None}, [], at=("events",)) == '{\n  "events": []\n}\n'


def test_a_nul_in_the_document_is_refused_not_misplaced() -> None:
    with pytest.raises(ValueError, match="NUL"):
        dumps({"title": "\x00items", "events": None}, [1], at=("events",))
