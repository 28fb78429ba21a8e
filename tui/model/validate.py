"""Check a parsed story bundle against format 1 and build the linked model.

Every rule in `story-bundle.md` is checked (shapes in `schema`, references and source
links in `linking`), and every problem is collected, not only the first. `Reporter` checks
one entry at a time, so the fast path (`fast_path`) hands it just the entries it cannot
build itself and keeps its own work for the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

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
    Story,
)
from tui.model.folding import FoldedText
from tui.model.ids import collect_ids
from tui.model.linking import Linker, quote_spans
from tui.model.problems import Severity
from tui.model.rules import (
    ACTOR,
    EVENT,
    PARAGRAPH,
    QUOTE,
    SLUG_PATTERN,
    STORY,
    SUPPORTED_FORMATS,
    TOP,
)
from tui.model.schema import Checker, PathProblem, Tables, is_language_tag, not_one_of

if TYPE_CHECKING:
    from tui.model.toml_lines import Path

__all__ = ["PathProblem", "Reporter", "validate"]


def validate(
    data: dict[str, Any], path: str, *, scan_text: bool = True
) -> tuple[Bundle | None, list[PathProblem]]:
    """Validate parsed TOML; return the bundle (None when there are errors) and problems.

    `scan_text=False` promises that no string can hold a control character (see load).
    """
    checker = Checker(scan_text=scan_text)
    fmt = data.get("format")
    if isinstance(fmt, str) and fmt.strip() and fmt not in SUPPORTED_FORMATS:
        # Another format has other rules: judging the rest by these would only mislead.
        checker.error(
            ("format",),
            "format",
            "unsupported-format",
            f"format {fmt!r} is not one this program reads; it reads "
            f"{', '.join(repr(f) for f in SUPPORTED_FORMATS)}",
        )
        return None, checker.problems
    top, top_extensions = checker.table(data, TOP, (), "")
    story = build_story(checker, top.get("story"))
    paragraph_tables: Tables = top.get("paragraphs", [])
    if "paragraphs" in top and not paragraph_tables:
        checker.error(
            ("paragraphs",),
            "paragraphs",
            "no-paragraphs",
            "`paragraphs` must hold at least one [[paragraphs]] table",
        )
    sections: dict[str, Tables] = {
        "paragraphs": paragraph_tables,
        "actors": top.get("actors", []),
        "events": top.get("events", []),
        "quotes": top.get("quotes", []),
    }
    reporter = Reporter(checker, collect_ids(checker, sections), {}, [])
    _built(reporter.paragraph, paragraph_tables)
    actors = _built(reporter.actor, sections["actors"])
    events = _built(reporter.event, sections["events"])
    quotes = _built(reporter.quote, sections["quotes"])
    warn_out_of_order(checker, events)
    if story is None or any(p.severity is Severity.ERROR for p in checker.problems):
        return None, checker.problems
    bundle = Bundle(
        path=path,
        format=str(fmt),
        story=story,
        paragraphs=tuple(reporter.paragraphs),
        actors=tuple(actors),
        events=tuple(events),
        quotes=tuple(quotes),
        extensions=top_extensions,
    )
    return bundle, checker.problems


_Entry = TypeVar("_Entry")


def _built(build: Callable[[dict[str, Any], int], _Entry | None], tables: Tables) -> list[_Entry]:
    """What `build` makes of each table of a section (None: not a table, reported already)."""
    return [
        entry
        for index, table in enumerate(tables)
        if table is not None and (entry := build(table, index)) is not None
    ]


def build_story(checker: Checker, value: dict[str, Any] | None) -> Story | None:
    if value is None:
        return None
    fields, extensions = checker.table(value, STORY, ("story",), "story")
    ok = True
    story_id = fields.get("id")
    if story_id is not None and not SLUG_PATTERN.fullmatch(story_id):
        checker.error(
            ("story", "id"),
            "story",
            "bad-id",
            f"story id {story_id!r} must be a slug: lower-case letters, digits and -",
        )
        ok = False
    published_date = None
    published = fields.get("published")
    if published is not None:
        published_date = _edtf(checker, published, ("story",), "story", "published")
        ok = ok and published_date is not None
    language = fields.get("language", "en")
    if "language" in fields and not is_language_tag(language):
        checker.error(
            ("story", "language"),
            "story",
            "bad-language",
            f"language {language!r} is not a BCP 47 tag such as 'en' or 'en-GB'",
        )
        ok = False
    if not ok or not STORY.required <= fields.keys():
        return None
    return Story(
        id=story_id or "",
        headline=fields["headline"],
        standfirst=fields.get("standfirst"),
        published=published,
        published_date=published_date,
        outlet=fields.get("outlet"),
        byline=fields.get("byline"),
        url=fields.get("url"),
        language=language,
        extensions=extensions,
    )


def _edtf(checker: Checker, text: str, path: Path, entry: str, key: str) -> EdtfDate | None:
    """The date at `key` of the table at `path`, or None when it is not one (reported)."""
    try:
        return parse_edtf(text)
    except EdtfError as error:
        checker.error((*path, key), entry, "bad-date", f"`{key}` {error}")
        return None


class Reporter:
    """Checks entries one at a time and words every problem; builds those that are right.

    Paragraphs go first, all of them: the entries after them link into `folded`, which
    `paragraph` fills (and the fast path too, for the paragraphs it builds itself).
    """

    __slots__ = ("checker", "kinds", "linker", "paragraphs")

    def __init__(
        self,
        checker: Checker,
        kinds: Mapping[str, str],
        folded: dict[str, FoldedText],
        paragraphs: list[Paragraph],
    ) -> None:
        """`paragraphs` (built so far) and `folded` (their text, by id) are shared with the
        caller, and grow as `paragraph` builds more."""
        self.checker = checker
        self.kinds = kinds  # every well-formed id -> the kind of the first entry with it
        self.linker = Linker(checker, folded, kinds)
        self.paragraphs = paragraphs

    def _entry(self, table: dict[str, Any], section: str, index: int) -> str:
        """An entry's name: its id when that is well-formed (first or repeated), else its
        place, e.g. `events[3]`."""
        value = table.get("id")
        return value if isinstance(value, str) and value in self.kinds else f"{section}[{index}]"

    def paragraph(self, table: dict[str, Any], index: int) -> Paragraph | None:
        path: Path = ("paragraphs", index)
        entry = self._entry(table, "paragraphs", index)
        fields, extensions = self.checker.table(table, PARAGRAPH, path, entry)
        kind = fields.get("kind", "body")
        if kind not in PARAGRAPH_KINDS:
            self.checker.error(
                (*path, "kind"),
                entry,
                "bad-kind",
                f"paragraph kind {not_one_of(kind, PARAGRAPH_KINDS)}",
            )
        # A repeated id was reported already; links resolve against the first paragraph
        # (the paragraphs built so far are those with a text to link into).
        paragraph_id: str | None = fields.get("id")
        if (
            paragraph_id is None
            or not PARAGRAPH.required <= fields.keys()
            or self.kinds.get(paragraph_id) != "paragraph"
            or paragraph_id in self.linker.paragraphs
        ):
            return None
        return self.add_paragraph(
            Paragraph(paragraph_id, len(self.paragraphs), fields["text"], kind, extensions)
        )

    def add_paragraph(self, paragraph: Paragraph) -> Paragraph:
        """Take `paragraph` as the next one."""
        self.paragraphs.append(paragraph)
        self.linker.paragraphs[paragraph.id] = FoldedText.of(paragraph.text)
        return paragraph

    def actor(self, table: dict[str, Any], index: int) -> Actor | None:
        path: Path = ("actors", index)
        entry = self._entry(table, "actors", index)
        fields, extensions = self.checker.table(table, ACTOR, path, entry)
        kind = fields.get("kind")
        if kind is not None and kind not in ACTOR_KINDS:
            self.checker.error(
                (*path, "kind"), entry, "bad-kind", f"actor kind {not_one_of(kind, ACTOR_KINDS)}"
            )
            kind = None
        sources = self.linker.sources(fields.get("sources"), path, entry)
        if not (kind and sources and ACTOR.required <= fields.keys()):
            return None
        return Actor(
            fields["id"],
            fields["name"],
            kind,
            tuple(sources),
            tuple(fields.get("aliases", ())),
            fields.get("description"),
            extensions,
        )

    def event(self, table: dict[str, Any], index: int) -> Event | None:
        path: Path = ("events", index)
        entry = self._entry(table, "events", index)
        fields, extensions = self.checker.table(table, EVENT, path, entry)
        date = None
        if "date" in fields:
            date = _edtf(self.checker, fields["date"], path, entry, "date")
        actors = self._references(fields, "actors", path, entry)
        sources = self.linker.sources(fields.get("sources"), path, entry)
        if not (sources and EVENT.required <= fields.keys()):
            return None
        return Event(
            fields["id"],
            fields["title"],
            fields["when"],
            tuple(sources),
            index,
            date,
            fields.get("summary"),
            actors,
            extensions,
        )

    def quote(self, table: dict[str, Any], index: int) -> Quote | None:
        path: Path = ("quotes", index)
        entry = self._entry(table, "quotes", index)
        checker = self.checker
        fields, extensions = checker.table(table, QUOTE, path, entry)
        kind = fields.get("kind")
        if kind is not None and kind not in QUOTE_KINDS:
            checker.error(
                (*path, "kind"), entry, "bad-kind", f"quote kind {not_one_of(kind, QUOTE_KINDS)}"
            )
            kind = None
        speaker = fields.get("speaker")
        # A `speaker` of the wrong type was reported; it is given, only not usable.
        speaker_given = speaker is not None or "speaker" in table
        if kind in ("direct", "reported") and not speaker_given:
            checker.error(
                path,
                entry,
                "missing-speaker",
                f"a {kind} quote needs `speaker`: the id of the actor who said it",
            )
        if kind == "scare" and speaker is not None:
            checker.error(
                (*path, "speaker"),
                entry,
                "scare-with-speaker",
                "a scare quote is the writer's own and has no speaker; remove "
                "`speaker`, or make the quote direct or reported",
            )
        if speaker is not None and not self.linker.reference(
            speaker, "actor", "speaker", (*path, "speaker"), entry
        ):
            speaker = None
        about = self._references(fields, "about", path, entry)
        sources = self.linker.sources(fields.get("sources"), path, entry)
        text = fields.get("text")
        if text is not None and kind in ("direct", "scare"):
            sources = quote_spans(self.linker, text, sources, path, entry)
        if not (kind and sources and QUOTE.required <= fields.keys()):
            return None
        return Quote(
            fields["id"],
            kind,
            fields["text"],
            tuple(sources),
            speaker,
            fields.get("cue"),
            about,
            extensions,
        )

    def _references(
        self, fields: dict[str, Any], key: str, path: Path, entry: str
    ) -> tuple[str, ...]:
        names: list[str | None] | None = fields.get(key)
        if not names:
            return ()
        kinds = self.kinds
        good: list[str] = []
        for index, name in enumerate(names):
            if name is None:  # not a string: reported already
                continue
            if kinds.get(name) != "actor":
                self.linker.reference(name, "actor", f"{key}[{index}]", (*path, key, index), entry)
            elif name in good:
                self.checker.warn(
                    (*path, key, index),
                    entry,
                    "repeated-reference",
                    f"`{key}` lists {name!r} more than once",
                )
            else:
                good.append(name)
        return tuple(good)


def warn_out_of_order(checker: Checker, events: list[Event]) -> None:
    """Warn about each dated event that ends before the latest-starting event before it
    (by its earliest instant) can begin: whatever the dates' uncertainty, out of order."""
    latest: tuple[str, EdtfDate] | None = None  # the id and date of that event
    latest_lower: tuple[int, ...] | None = None  # its earliest instant (None: open)
    for event in events:
        date = event.date
        if date is None:
            continue
        lower, upper = date.lower, date.upper
        if (
            latest is not None
            and upper is not None
            and latest_lower is not None
            and upper < latest_lower
        ):
            checker.warn(
                ("events", event.position, "date"),
                event.id,
                "out-of-order",
                f"dated {date.text} but comes after {latest[0]} ({latest[1].text}); "
                "events are listed in chronological order",
            )
        if latest is None or (lower is not None and (latest_lower is None or lower > latest_lower)):
            latest, latest_lower = (event.id, date), lower
