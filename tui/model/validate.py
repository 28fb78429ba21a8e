"""Check a parsed story bundle against format 1 and build the linked model.

Every rule in `story-bundle.md` is checked (shapes in `schema`, references and source
links in `linking`), and every problem is collected, not only the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

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
from tui.model.schema import (
    ACTOR,
    EVENT,
    PARAGRAPH,
    QUOTE,
    SLUG_PATTERN,
    STORY,
    SUPPORTED_FORMATS,
    TOP,
    Checker,
    PathProblem,
    Tables,
    TableSpec,
    is_language_tag,
    not_one_of,
)

if TYPE_CHECKING:
    from tui.model.toml_lines import Path

__all__ = ["PathProblem", "validate"]


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
    sections = {
        "paragraphs": paragraph_tables,
        "actors": top.get("actors", []),
        "events": top.get("events", []),
        "quotes": top.get("quotes", []),
    }
    kinds = collect_ids(checker, sections)
    paragraphs = _paragraphs(checker, paragraph_tables, kinds)
    linker = Linker(checker, {p.id: FoldedText.of(p.text) for p in paragraphs}, kinds)
    actors = _actors(linker, sections["actors"])
    events = _events(linker, sections["events"])
    quotes = _quotes(linker, sections["quotes"])
    warn_out_of_order(checker, events)
    if any(p.severity is Severity.ERROR for p in checker.problems) or story is None:
        return None, checker.problems
    bundle = Bundle(
        path=path,
        format=str(fmt),
        story=story,
        paragraphs=tuple(paragraphs),
        actors=tuple(actors),
        events=tuple(events),
        quotes=tuple(quotes),
        extensions=top_extensions,
    )
    return bundle, checker.problems


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
    if not ok or "id" not in fields or "headline" not in fields:
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


def _each(
    checker: Checker,
    tables: Tables,
    section: str,
    spec: TableSpec,
    kinds: dict[str, str],
    build: Callable[[dict[str, Any], Mapping[str, Any], Path, str, int], None],
) -> None:
    """Check each table of a section and hand it to `build` with its path and name.

    An entry is named by its id when that is a well-formed id (all of them are in `kinds`,
    first or duplicate), else by its place, e.g. `events[3]`.
    """
    for index, table in enumerate(tables):
        if table is None:  # not a table: reported already
            continue
        value = table.get("id")
        entry = value if value.__class__ is str and value in kinds else f"{section}[{index}]"
        path: Path = (section, index)
        fields, extensions = checker.table(table, spec, path, entry)
        build(fields, extensions, path, entry, index)


def _paragraphs(checker: Checker, tables: Tables, kinds: dict[str, str]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()

    def build(
        fields: dict[str, Any], ext: Mapping[str, Any], path: Path, entry: str, index: int
    ) -> None:
        kind = fields.get("kind", "body")
        if kind not in PARAGRAPH_KINDS:
            checker.error(
                (*path, "kind"),
                entry,
                "bad-kind",
                f"paragraph kind {not_one_of(kind, PARAGRAPH_KINDS)}",
            )
        # A duplicate id was reported already; links resolve against the first paragraph.
        paragraph_id = fields.get("id")
        if (
            "text" in fields
            and paragraph_id is not None
            and kinds.get(paragraph_id) == "paragraph"
            and paragraph_id not in seen
        ):
            seen.add(paragraph_id)
            paragraphs.append(Paragraph(paragraph_id, len(paragraphs), fields["text"], kind, ext))

    _each(checker, tables, "paragraphs", PARAGRAPH, kinds, build)
    return paragraphs


def _references(
    linker: Linker, fields: dict[str, Any], key: str, path: Path, entry: str
) -> tuple[str, ...]:
    names: list[str | None] | None = fields.get(key)
    if not names:
        return ()
    kinds = linker.kinds
    good: list[str] = []
    for index, name in enumerate(names):
        if name is None:  # not a string: reported already
            continue
        if kinds.get(name) != "actor":
            linker.reference(name, "actor", f"{key}[{index}]", (*path, key, index), entry)
        elif name in good:
            linker.checker.warn(
                (*path, key, index),
                entry,
                "repeated-reference",
                f"`{key}` lists {name!r} more than once",
            )
        else:
            good.append(name)
    return tuple(good)


def _actors(linker: Linker, tables: Tables) -> list[Actor]:
    actors: list[Actor] = []

    def build(
        fields: dict[str, Any], ext: Mapping[str, Any], path: Path, entry: str, index: int
    ) -> None:
        kind = fields.get("kind")
        if kind is not None and kind not in ACTOR_KINDS:
            linker.checker.error(
                (*path, "kind"), entry, "bad-kind", f"actor kind {not_one_of(kind, ACTOR_KINDS)}"
            )
            kind = None
        sources = linker.sources(fields.get("sources"), path, entry)
        if kind and sources and {"id", "name"} <= fields.keys():
            actors.append(
                Actor(
                    fields["id"],
                    fields["name"],
                    kind,
                    tuple(sources),
                    tuple(fields.get("aliases", ())),
                    fields.get("description"),
                    ext,
                )
            )

    _each(linker.checker, tables, "actors", ACTOR, linker.kinds, build)
    return actors


def _events(linker: Linker, tables: Tables) -> list[Event]:
    events: list[Event] = []

    def build(
        fields: dict[str, Any], ext: Mapping[str, Any], path: Path, entry: str, index: int
    ) -> None:
        date = None
        if "date" in fields:
            date = _edtf(linker.checker, fields["date"], path, entry, "date")
        actors = _references(linker, fields, "actors", path, entry)
        sources = linker.sources(fields.get("sources"), path, entry)
        if sources and {"id", "title", "when"} <= fields.keys():
            events.append(
                Event(
                    fields["id"],
                    fields["title"],
                    fields["when"],
                    tuple(sources),
                    index,
                    date,
                    fields.get("summary"),
                    actors,
                    ext,
                )
            )

    _each(linker.checker, tables, "events", EVENT, linker.kinds, build)
    return events


def _quotes(linker: Linker, tables: Tables) -> list[Quote]:
    quotes: list[Quote] = []

    def build(
        fields: dict[str, Any], ext: Mapping[str, Any], path: Path, entry: str, index: int
    ) -> None:
        checker = linker.checker
        kind = fields.get("kind")
        if kind is not None and kind not in QUOTE_KINDS:
            checker.error(
                (*path, "kind"), entry, "bad-kind", f"quote kind {not_one_of(kind, QUOTE_KINDS)}"
            )
            kind = None
        speaker = fields.get("speaker")
        speaker_given = speaker is not None or any(
            p.path[: len(path) + 1] == (*path, "speaker") for p in checker.problems
        )
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
        if speaker is not None and not linker.reference(
            speaker, "actor", "speaker", (*path, "speaker"), entry
        ):
            speaker = None
        about = _references(linker, fields, "about", path, entry)
        sources = linker.sources(fields.get("sources"), path, entry)
        text = fields.get("text")
        if text is not None and kind in ("direct", "scare"):
            sources = quote_spans(linker, text, sources, path, entry)
        if kind and sources and text is not None and "id" in fields:
            quotes.append(
                Quote(
                    fields["id"], kind, text, tuple(sources), speaker, fields.get("cue"), about, ext
                )
            )

    _each(linker.checker, tables, "quotes", QUOTE, linker.kinds, build)
    return quotes


def warn_out_of_order(checker: Checker, events: list[Event]) -> None:
    latest: Event | None = None
    for event in events:
        if event.date is None:
            continue
        if (
            latest is not None
            and latest.date is not None
            and event.date.definitely_before(latest.date)
        ):
            checker.warn(
                ("events", event.position, "date"),
                event.id,
                "out-of-order",
                f"dated {event.date.text} but comes after {latest.id} ({latest.date.text}); "
                "events are listed in chronological order",
            )
        if (
            latest is None
            or latest.date is None
            or (
                event.date.lower is not None
                and (latest.date.lower is None or event.date.lower > latest.date.lower)
            )
        ):
            latest = event
