"""The rules of format 1, written once: what each table may hold, of which type, which keys
are required, and what ids look like.

Both speeds of loading read this table and nothing else for these rules: the reporting
validator (`schema.Checker`, `validate`, `ids`), which words every problem, and the fast path
(`fast_path`), which builds clean entries without wording anything. Change a rule here and
both change (tests/test_fast_path.py mutates the table to prove it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

FORMAT = "story-bundle/1"
SUPPORTED_FORMATS = (FORMAT,)

# An entry's id; a story's id is a slug (it may start with "-").
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_PATTERN = re.compile(r"[a-z0-9-]+")


class Field(NamedTuple):
    """One key of a table: the kind of its value, and whether it must be there.

    Kinds: "string", "strings" (an array of strings), "table", "tables" (an array of tables).
    A required string must hold more than white space, unless `may_be_empty`: then "" is
    allowed too (but still not white space alone).
    """

    kind: str
    required: bool = False
    may_be_empty: bool = False


class TableSpec(NamedTuple):
    """What a table may hold: its keys, each with its Field (x- keys are always allowed)."""

    fields: dict[str, Field]

    @property
    def required(self) -> frozenset[str]:
        return frozenset(key for key, field in self.fields.items() if field.required)


_TEXT = Field("string", required=True)
_OPTIONAL_TEXT = Field("string")
_STRINGS = Field("strings")
_SOURCES = Field("tables", required=True)

STORY = TableSpec(
    {
        "id": _TEXT,
        "headline": _TEXT,
        "standfirst": _OPTIONAL_TEXT,
        "published": _OPTIONAL_TEXT,
        "outlet": _OPTIONAL_TEXT,
        "byline": _OPTIONAL_TEXT,
        "url": _OPTIONAL_TEXT,
        "language": _OPTIONAL_TEXT,
    }
)
PARAGRAPH = TableSpec({"id": _TEXT, "kind": _OPTIONAL_TEXT, "text": _TEXT})
SOURCE = TableSpec(
    {
        "paragraph": _TEXT,
        "exact": _OPTIONAL_TEXT,
        "prefix": _OPTIONAL_TEXT,
        "suffix": _OPTIONAL_TEXT,
    }
)
ACTOR = TableSpec(
    {
        "id": _TEXT,
        "name": _TEXT,
        "kind": _TEXT,
        "aliases": _STRINGS,
        "description": _OPTIONAL_TEXT,
        "sources": _SOURCES,
    }
)
EVENT = TableSpec(
    {
        "id": _TEXT,
        "title": _TEXT,
        "when": Field("string", required=True, may_be_empty=True),  # "": the story gives none
        "date": _OPTIONAL_TEXT,
        "summary": _OPTIONAL_TEXT,
        "actors": _STRINGS,
        "sources": _SOURCES,
    }
)
QUOTE = TableSpec(
    {
        "id": _TEXT,
        "kind": _TEXT,
        "text": _TEXT,
        "speaker": _OPTIONAL_TEXT,
        "cue": _OPTIONAL_TEXT,
        "about": _STRINGS,
        "sources": _SOURCES,
    }
)
TOP = TableSpec(
    {
        "format": _TEXT,
        "story": Field("table", required=True),
        "paragraphs": Field("tables", required=True),
        "actors": Field("tables"),
        "events": Field("tables"),
        "quotes": Field("tables"),
    }
)
# Each section of entries, the spec of its tables, and the kind of entry it holds.
SECTIONS = {
    "paragraphs": (PARAGRAPH, "paragraph"),
    "actors": (ACTOR, "actor"),
    "events": (EVENT, "event"),
    "quotes": (QUOTE, "quote"),
}
