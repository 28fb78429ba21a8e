"""The fast path: build the Bundle straight from the parsed TOML, entry by entry.

Nearly every entry of a bundle is right, and the reporting validator (`validate`) spends most
of its time on what only matters when something is wrong: paths and names for messages,
per-key loops, problems to collect. `build` checks each entry the cheapest way it can; an
entry it finds anything irregular in (an error, or something to warn about) goes to the
reporting validator's `Reporter`, alone, which words its problems. So one bad entry costs
one entry's careful check, not the whole bundle's. Warnings the fast path can word itself
(events out of date order) it words with the validator's own code.

The result must be exactly what `validate(data, path, scan_text=False)` returns: the same
bundle and the same problems in the same order. tests/test_fast_path.py and conftest.py
compare the two on every bundle the tests load and on mutated ones.

The rules come from `rules` (types, required keys, the `when` exception, the id pattern),
the table the validator reads too: each table's values are checked by the function
`fast_rules` writes from its spec, and a spec with a key this module does not know how to
build makes it leave the whole bundle to `validate`.

It relies on the caller's promise that no string can hold a control character (load's scan
of the bytes): `validate` would warn about those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

from tui.model import rules
from tui.model.edtf import EdtfDate, EdtfError, parse_edtf
from tui.model.entities import (
    ACTOR_KINDS,
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
from tui.model.fast_rules import NotClean, TableRules, all_of
from tui.model.folding import FoldedParagraphs, FoldedText, find_once, fold
from tui.model.ids import KindsBySection, collect_ids
from tui.model.linking import quote_span
from tui.model.problems import Severity
from tui.model.schema import Checker, PathProblem
from tui.model.selectors import Selectors
from tui.model.validate import Reporter, build_story, validate, warn_out_of_order

__all__ = ["Builder", "build", "build_clean", "build_with_texts"]


def build(data: dict[str, Any], path: str) -> tuple[Bundle | None, list[PathProblem]]:
    """What `validate(data, path, scan_text=False)` returns, found quicker."""
    bundle, problems, _ = build_with_texts(data, path)
    return bundle, problems


def build_with_texts(
    data: dict[str, Any], path: str
) -> tuple[Bundle | None, list[PathProblem], FoldedParagraphs]:
    """`build`'s answer, and the paragraphs it folded, for re-anchoring to reuse."""
    try:
        builder = Builder(path, report=True)  # raises for a rule it does not know
        bundle, problems = builder.bundle(data)
    except NotClean:  # irregular at the top: the validator does it all
        return (*validate(data, path, scan_text=False), FoldedParagraphs({}, complete=False))
    return bundle, problems, FoldedParagraphs(builder.folded, builder.paragraphs_clean)


def build_clean(data: dict[str, Any], path: str) -> Bundle | None:
    """The bundle when the fast path alone builds every entry and finds no problem at all,
    else None (tests use it to see that the fast path itself agrees with the validator)."""
    try:
        bundle, problems = Builder(path, report=False).bundle(data)
    except NotClean:
        return None
    return None if problems else bundle


_SECTIONS = ("paragraphs", "actors", "events", "quotes")
# What a NamedTuple's own __new__ (a Python function) calls: the same tuple, one Python frame
# fewer for each of the hundred thousand entries and links of a large bundle.
_new = tuple.__new__


# Every id of a bundle, joined by line breaks, in one match: much quicker than one per id.
@lru_cache(maxsize=4)
def _joined_ids(pattern: str) -> re.Pattern[str]:
    return re.compile(f"{pattern}(?:\n{pattern})*")


class Builder:
    def __init__(self, path: str, *, report: bool) -> None:
        self.path = path
        self.report = report  # False: give up (raise) at the first irregular entry
        self.checker = Checker(scan_text=False)
        self.folded: dict[str, FoldedText] = {}  # paragraph id -> its text, for source links
        self.paragraphs_clean = True  # every paragraph table with an id and a text is in `folded`
        self.paragraphs: list[Paragraph] = []
        self.actor_ids: frozenset[str] = frozenset()
        self.ids: dict[str, list[Any]] = {}  # section -> the id of each of its tables
        self.unclean: set[str] = set()  # ids that are malformed or used twice
        self.kinds: Mapping[str, str] | None = None  # as collect_ids makes it, when needed
        self._reporter: Reporter | None = None
        self.selectors = Selectors()
        # Events share dates, and a parsed date is immutable: parse each text once.
        self.dates: dict[str, EdtfDate] = {}
        self.top = TableRules(rules.TOP, ("format", "story", *_SECTIONS))
        self.sections = {
            "paragraphs": TableRules(rules.PARAGRAPH, ("id", "kind", "text")),
            "actors": TableRules(
                rules.ACTOR, ("id", "name", "kind", "aliases", "description", "sources")
            ),
            "events": TableRules(
                rules.EVENT, ("id", "title", "when", "date", "summary", "actors", "sources")
            ),
            "quotes": TableRules(
                rules.QUOTE, ("id", "kind", "text", "speaker", "cue", "about", "sources")
            ),
        }
        self.source = TableRules(rules.SOURCE, ("paragraph", "exact", "prefix", "suffix"))

    # --- the bundle ------------------------------------------------------------------------

    def bundle(self, data: dict[str, Any]) -> tuple[Bundle | None, list[PathProblem]]:
        fmt, story_table, *tables, extensions = self.top.values(data)
        sections: dict[str, list[dict[str, Any]]] = {
            name: value or [] for name, value in zip(_SECTIONS, tables, strict=True)
        }
        if (
            fmt not in rules.SUPPORTED_FORMATS
            or not sections["paragraphs"]
            or not all(all_of(section, dict) for section in sections.values())
        ):
            raise NotClean
        # The story is one table: the reporting code is quick enough, and then surely the same.
        story = build_story(self.checker, story_table)
        self._check_ids(sections)
        self._section(self._paragraph, "paragraph", sections["paragraphs"])
        actors = self._section(self._actor, "actor", sections["actors"])
        events = self._section(self._event, "event", sections["events"])
        quotes = self._section(self._quote, "quote", sections["quotes"])
        warn_out_of_order(self.checker, events)
        problems = self.checker.problems
        if story is None or any(p.severity is Severity.ERROR for p in problems):
            return None, problems
        return self._finish(fmt, story, actors, events, quotes, extensions), problems

    def _finish(
        self,
        fmt: str,
        story: Story,
        actors: list[Actor],
        events: list[Event],
        quotes: list[Quote],
        extensions: Mapping[str, Any],
    ) -> Bundle | None:
        """The bundle of a document without errors."""
        return Bundle(
            self.path,
            fmt,
            story,
            tuple(self.paragraphs),
            tuple(actors),
            tuple(events),
            tuple(quotes),
            extensions,
        )

    def _section(
        self, build: Callable[[dict[str, Any], int], Any], kind: str, tables: list[Any]
    ) -> list[Any]:
        """What `build` makes of each table; for a table it gives up on, what the reporting
        validator makes of it (and the problems it finds)."""
        built = []
        unclean = self.unclean
        for index, table in enumerate(tables):
            try:
                if unclean and _is_one_of(table.get("id"), unclean):
                    raise NotClean
                entry = build(table, index)
            except NotClean:
                if not self.report:
                    raise NotClean from None
                entry = getattr(self.reporter, kind)(table, index)
                if kind == "paragraph" and entry is None:
                    # Its text is not in `folded`: re-anchoring reads the data's own.
                    self.paragraphs_clean = False
            if entry is not None:
                built.append(entry)
        return built

    @property
    def reporter(self) -> Reporter:
        if self._reporter is None:
            by_kind: dict[str, list[Any]] = {}  # each kind's ids, in order, when known here
            if self.kinds is None:  # every id is well-formed and used once
                by_kind = {rules.SECTIONS[section][1]: ids for section, ids in self.ids.items()}
                self.kinds = KindsBySection(by_kind)
            self._reporter = Reporter(self.checker, self.kinds, self.folded, self.paragraphs)
            linker = self._reporter.linker
            linker.selectors = self.selectors
            for kind, ids in by_kind.items():
                linker.know(kind, ids)
        return self._reporter

    def _check_ids(self, sections: dict[str, list[dict[str, Any]]]) -> None:
        """Every id is a string that matches the id pattern, and no two are the same; if
        not, the validator's collect_ids reports each bad one, and entries with a bad id
        are left to the reporting validator."""
        # In C: every table is a dict (bundle() saw to that).
        self.ids = {
            name: list(map(dict.get, tables, repeat("id"))) for name, tables in sections.items()
        }
        every = list(chain.from_iterable(self.ids.values()))
        if all_of(every, str) and len(set(every)) == len(every):
            joined = "\n".join(every)  # all are str, checked above
            # An id with a line break in it would pass the match as two: the count catches it.
            if joined.count("\n") == len(every) - 1 and _joined_ids(
                rules.ID_PATTERN.pattern
            ).fullmatch(joined):
                self.actor_ids = frozenset(self.ids["actors"])
                return
        if not self.report:
            raise NotClean
        self.kinds = collect_ids(self.checker, sections)
        counts = Counter(value for value in every if type(value) is str)
        self.unclean = {
            value for value, count in counts.items() if count > 1 or value not in self.kinds
        }
        self.actor_ids = frozenset(k for k, v in self.kinds.items() if v == "actor")

    # --- entries ---------------------------------------------------------------------------

    # Each kind of entry: its values, checked (`*_values`, which `fast_check` shares), then
    # the entry made of them.

    def _paragraph_values(self, table: dict[str, Any]) -> tuple[Any, ...]:
        paragraph_id, kind, text, extensions = self.sections["paragraphs"].values(table)
        if kind is None:
            kind = "body"
        elif kind not in PARAGRAPH_KINDS:
            raise NotClean
        return paragraph_id, kind, text, extensions

    def _paragraph(self, table: dict[str, Any], index: int) -> Paragraph | None:
        paragraph_id, kind, text, extensions = self._paragraph_values(table)
        paragraph = _new(Paragraph, (paragraph_id, len(self.paragraphs), text, kind, extensions))
        self.paragraphs.append(paragraph)
        self.folded[paragraph_id] = FoldedText.of(text)
        return paragraph

    def _actor_values(self, table: dict[str, Any]) -> tuple[Any, ...]:
        values = self.sections["actors"].values(table)
        if values[2] not in ACTOR_KINDS:
            raise NotClean
        return values

    def _actor(self, table: dict[str, Any], index: int) -> Actor | None:
        actor_id, name, kind, aliases, description, sources, extensions = self._actor_values(
            table
        )
        return Actor(
            actor_id,
            name,
            kind,
            self._sources(sources),
            () if aliases is None else tuple(aliases),
            description,
            extensions,
        )

    def _event(self, table: dict[str, Any], index: int) -> Event | None:
        spec = self.sections["events"]
        event_id, title, when, date, summary, actors, sources, extensions = spec.values(table)
        return _new(
            Event,
            (
                event_id,
                title,
                when,
                self._sources(sources),
                index,
                None if date is None else self._date(date),
                summary,
                self._actor_refs(actors),
                extensions,
            ),
        )

    def _quote_values(self, table: dict[str, Any]) -> tuple[Any, ...]:
        values = self.sections["quotes"].values(table)
        kind, speaker = values[1], values[3]
        if kind not in QUOTE_KINDS:
            raise NotClean
        # A scare quote has no speaker; the others need one.
        if (speaker is not None) if kind == "scare" else speaker not in self.actor_ids:
            raise NotClean
        return values

    def _quote(self, table: dict[str, Any], index: int) -> Quote | None:
        quote_id, kind, text, speaker, cue, about, sources, extensions = self._quote_values(
            table
        )
        links = self._sources(sources)
        if kind != "reported":  # direct and scare quotes are words of each linked paragraph
            links = self._quote_spans(fold(text), links)
        return Quote(
            quote_id,
            kind,
            text,
            links,
            speaker,
            cue,
            self._actor_refs(about),
            extensions,
        )

    # --- parts of entries ------------------------------------------------------------------

    def _sources(self, value: list[Any]) -> tuple[SourceLink, ...]:
        if not value:
            raise NotClean
        if len(value) == 1:  # most entries: one link, made without a list
            return (self._link(value[0]),)
        return tuple([self._link(table) for table in value])

    def _link(self, table: dict[str, Any]) -> SourceLink:
        paragraph, exact, prefix, suffix, extensions = self.source.values(table)
        target = self.folded.get(paragraph)
        if target is None:
            raise NotClean
        if exact is None:
            if prefix is not None or suffix is not None:
                raise NotClean
            return SourceLink(paragraph, extensions=extensions)
        if prefix is None and suffix is None:  # most links: `exact` alone, found once
            span = find_once(target, exact)
            if span is None:
                raise NotClean
            return _new(SourceLink, (paragraph, exact, None, None, *span, extensions))
        found = self.selectors.match(target, exact, prefix, suffix)
        if not found.ok:
            raise NotClean
        return SourceLink(paragraph, exact, prefix, suffix, found.start, found.end, extensions)

    def _quote_spans(
        self, folded_text: str, sources: tuple[SourceLink, ...]
    ) -> tuple[SourceLink, ...]:
        spanned: list[SourceLink] = []
        for link in sources:
            each = quote_span(self.folded[link.paragraph], folded_text, link)
            if each is None:
                raise NotClean
            spanned.append(each)
        return tuple(spanned)

    def _date(self, text: str) -> EdtfDate:
        date = self.dates.get(text)
        if date is None:
            try:
                date = self.dates[text] = parse_edtf(text)
            except EdtfError:
                raise NotClean from None
        return date

    def _actor_refs(self, value: list[str] | None) -> tuple[str, ...]:
        """An event's `actors` or a quote's `about`: actor ids, none twice (that warns)."""
        if not value:
            return ()
        if not self.actor_ids.issuperset(value):
            raise NotClean
        if len(value) > 1 and len(set(value)) != len(value):
            raise NotClean
        return tuple(value)


def _is_one_of(value: object, ids: set[str]) -> bool:
    return type(value) is str and value in ids
