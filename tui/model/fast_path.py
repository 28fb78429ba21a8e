"""The fast path for clean bundles: build the Bundle straight from the parsed TOML, or give up.

Nearly every bundle loaded is valid with nothing to warn about, and the reporting validator
(`validate`) spends most of its time on what only matters when something is wrong: paths and
names for messages, per-key loops, problems to collect. `build_clean` checks the same rules in
the cheapest way it can and gives up (returns None) at the first irregularity of any kind; the
caller then runs `validate`, which finds and words every problem. So this module must never
accept what `validate` refuses or warns about, nor build anything different:
tests/test_fast_path.py compares the two on every bundle the tests load and on mutated ones.

It relies on the caller's promise that no string can hold a control character (load's scan of
the bytes): `validate` would warn about those.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tui.model.edtf import EdtfDate, EdtfError, parse_edtf
from tui.model.entities import (
    ACTOR_KINDS,
    NO_EXTENSIONS,
    PARAGRAPH_KINDS,
    QUOTE_KINDS,
    Actor,
    Bundle,
    Event,
    Paragraph,
    Quote,
    SourceLink,
    Story,
)
from tui.model.folding import FoldedText, find_once, fold, match_selector
from tui.model.linking import quote_span
from tui.model.schema import (
    ACTOR,
    EVENT,
    ID_PATTERN,
    PARAGRAPH,
    QUOTE,
    SOURCE,
    SUPPORTED_FORMATS,
    TOP,
    Checker,
)
from tui.model.validate import build_story, warn_out_of_order

__all__ = ["build_clean"]


class _NotClean(Exception):
    """The input is not the clean common case: the reporting validator will say why."""


def build_clean(data: dict[str, Any], path: str) -> Bundle | None:
    """The bundle `validate` builds from `data` when it finds no problem at all, else None."""
    try:
        return _Builder().bundle(data, path)
    except (_NotClean, KeyError):  # KeyError: a required key is missing
        return None


_TOP_KEYS = frozenset(TOP.fields)
_PARAGRAPH_KEYS = frozenset(PARAGRAPH.fields)
_SOURCE_KEYS = frozenset(SOURCE.fields)
_ACTOR_KEYS = frozenset(ACTOR.fields)
_EVENT_KEYS = frozenset(EVENT.fields)
_QUOTE_KEYS = frozenset(QUOTE.fields)

# Every id of the bundle, joined by line breaks, in one match: much quicker than a match per id.
_IDS = re.compile(f"{ID_PATTERN.pattern}(?:\n{ID_PATTERN.pattern})*")


class _Builder:
    def __init__(self) -> None:
        self.folded: dict[str, FoldedText] = {}  # paragraph id -> its text, for source links
        self.actor_ids: frozenset[str] = frozenset()
        # Events share dates, and a parsed date is immutable: parse each text once.
        self.dates: dict[str, EdtfDate] = {}

    def bundle(self, data: dict[str, Any], path: str) -> Bundle:
        fmt = data["format"]
        if type(fmt) is not str or fmt not in SUPPORTED_FORMATS:
            raise _NotClean
        extensions = _extensions(data, _TOP_KEYS)
        story = _story(data["story"])
        paragraph_tables = _tables(data["paragraphs"])
        if not paragraph_tables:
            raise _NotClean
        actor_tables = _tables(data.get("actors", []))
        event_tables = _tables(data.get("events", []))
        quote_tables = _tables(data.get("quotes", []))
        _check_ids(
            [
                table["id"]
                for tables in (paragraph_tables, actor_tables, event_tables, quote_tables)
                for table in tables
            ]
        )
        self.actor_ids = frozenset(table["id"] for table in actor_tables)
        paragraphs = tuple([self._paragraph(t, i) for i, t in enumerate(paragraph_tables)])
        actors = tuple([self._actor(table) for table in actor_tables])
        events = tuple([self._event(table, i) for i, table in enumerate(event_tables)])
        quotes = tuple([self._quote(table) for table in quote_tables])
        _check_order(events)
        return Bundle(path, fmt, story, paragraphs, actors, events, quotes, extensions)

    def _paragraph(self, table: dict[str, Any], position: int) -> Paragraph:
        kind = table.get("kind", "body")
        if kind not in PARAGRAPH_KINDS:
            raise _NotClean
        paragraph_id = table["id"]
        text = _text(table["text"])
        self.folded[paragraph_id] = FoldedText.of(text)
        return Paragraph(paragraph_id, position, text, kind, _extensions(table, _PARAGRAPH_KEYS))

    def _actor(self, table: dict[str, Any]) -> Actor:
        kind = table["kind"]
        if kind not in ACTOR_KINDS:
            raise _NotClean
        aliases = table.get("aliases", [])
        if type(aliases) is not list or not _all_of(aliases, str):
            raise _NotClean
        return Actor(
            table["id"],
            _text(table["name"]),
            kind,
            self._sources(table["sources"]),
            tuple(aliases),
            _optional_text(table.get("description")),
            _extensions(table, _ACTOR_KEYS),
        )

    def _event(self, table: dict[str, Any], position: int) -> Event:
        when = table["when"]
        if type(when) is not str or when.isspace():  # `when` alone may be ""
            raise _NotClean
        date = table.get("date")
        return Event(
            table["id"],
            _text(table["title"]),
            when,
            self._sources(table["sources"]),
            position,
            None if date is None else self._date(date),
            _optional_text(table.get("summary")),
            self._actor_refs(table.get("actors")),
            _extensions(table, _EVENT_KEYS),
        )

    def _quote(self, table: dict[str, Any]) -> Quote:
        kind = table["kind"]
        if kind not in QUOTE_KINDS:
            raise _NotClean
        speaker = table.get("speaker")
        # A scare quote has no speaker; the others need one.
        if (speaker is not None) if kind == "scare" else not self._is_actor(speaker):
            raise _NotClean
        text = _text(table["text"])
        sources = self._sources(table["sources"])
        if kind != "reported":  # direct and scare quotes are words of each linked paragraph
            sources = self._quote_spans(fold(text), sources)
        return Quote(
            table["id"],
            kind,
            text,
            sources,
            speaker,
            _optional_text(table.get("cue")),
            self._actor_refs(table.get("about")),
            _extensions(table, _QUOTE_KEYS),
        )

    def _sources(self, value: object) -> tuple[SourceLink, ...]:
        if type(value) is not list or not value:
            raise _NotClean
        if len(value) == 1:  # most entries: one link, made without a list
            return (self._link(value[0]),)
        return tuple([self._link(table) for table in value])

    def _link(self, table: object) -> SourceLink:
        if type(table) is not dict:
            raise _NotClean
        paragraph = table["paragraph"]
        target = self.folded.get(paragraph) if type(paragraph) is str else None
        if target is None:
            raise _NotClean
        exact = table.get("exact")
        if len(table) == 2 and type(exact) is str:  # most links: `exact` alone
            span = find_once(target, exact)
            if span is None:
                raise _NotClean
            return SourceLink(paragraph, exact, None, None, *span, NO_EXTENSIONS)
        exact = _optional_text(exact)
        prefix = _optional_text(table.get("prefix"))
        suffix = _optional_text(table.get("suffix"))
        extensions = _extensions(table, _SOURCE_KEYS)
        if exact is None:
            if prefix is not None or suffix is not None:
                raise _NotClean
            return SourceLink(paragraph, extensions=extensions)
        found = match_selector(target, exact, prefix, suffix)
        if not found.ok:
            raise _NotClean
        return SourceLink(paragraph, exact, prefix, suffix, found.start, found.end, extensions)

    def _quote_spans(
        self, folded_text: str, sources: tuple[SourceLink, ...]
    ) -> tuple[SourceLink, ...]:
        spanned: list[SourceLink] = []
        for link in sources:
            each = quote_span(self.folded[link.paragraph], folded_text, link)
            if each is None:
                raise _NotClean
            spanned.append(each)
        return tuple(spanned)

    def _date(self, text: object) -> EdtfDate:
        if type(text) is not str:
            raise _NotClean
        date = self.dates.get(text)
        if date is None:
            try:
                date = self.dates[text] = parse_edtf(text)
            except EdtfError:
                raise _NotClean from None
        return date

    def _is_actor(self, value: object) -> bool:
        return type(value) is str and value in self.actor_ids

    def _actor_refs(self, value: object) -> tuple[str, ...]:
        """An event's `actors` or a quote's `about`: actor ids, none twice (that warns)."""
        if value is None:
            return ()
        if type(value) is not list:
            raise _NotClean
        names = tuple(value)
        actor_ids = self.actor_ids
        for name in names:
            if type(name) is not str or name not in actor_ids:
                raise _NotClean
        if len(names) > 1 and len(set(names)) != len(names):
            raise _NotClean
        return names


def _story(value: object) -> Story:
    if type(value) is not dict:
        raise _NotClean
    # One table: the reporting code is quick enough, and then surely the same.
    checker = Checker(scan_text=False)
    story = build_story(checker, value)
    if story is None or checker.problems:
        raise _NotClean
    return story


def _tables(value: object) -> list[dict[str, Any]]:
    """A section: an array of tables, each with an id."""
    if type(value) is not list or not _all_of(value, dict):
        raise _NotClean
    return value


def _check_ids(ids: list[object]) -> None:
    """Every id is a string that matches ID_PATTERN, and no two are the same."""
    if not _all_of(ids, str) or len(set(ids)) != len(ids):
        raise _NotClean
    joined = "\n".join(ids)  # type: ignore[arg-type]  # all are str, checked above
    # An id with a line break in it would pass the match as two: the count catches it.
    if joined.count("\n") != len(ids) - 1 or not _IDS.fullmatch(joined):
        raise _NotClean


def _check_order(events: tuple[Event, ...]) -> None:
    """Events out of date order are a warning: leave them to the reporting validator."""
    checker = Checker(scan_text=False)
    warn_out_of_order(checker, list(events))
    if checker.problems:
        raise _NotClean


def _all_of(values: list[Any], kind: type) -> bool:
    """Whether every value is exactly of type `kind` (one pass in C, not a Python loop)."""
    return set(map(type, values)) <= {kind}


def _text(value: object) -> str:
    """A required string: one with more than white space."""
    if type(value) is not str or not value or value.isspace():
        raise _NotClean
    return value


def _optional_text(value: object) -> str | None:
    if value is not None and type(value) is not str:
        raise _NotClean
    return value


def _extensions(table: dict[str, Any], keys: frozenset[str]) -> Mapping[str, Any]:
    """The table's x- extensions; a key that is neither one nor in `keys` is irregular."""
    if table.keys() <= keys:
        return NO_EXTENSIONS
    extensions: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            if not key.startswith("x-"):
                raise _NotClean
            extensions[key] = value
    return extensions
