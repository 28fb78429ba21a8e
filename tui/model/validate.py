"""Check a parsed story bundle against format 1 and build the linked model.

Every rule in `story-bundle.md` is checked here, and every problem is collected (not only
the first) with the path of the offending key, so `load` can place it on a line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
from tui.model.folding import FoldedText, fold, match_selector
from tui.model.problems import Severity
from tui.model.toml_lines import Path

FORMAT = "story-bundle/1"
SUPPORTED_FORMATS = (FORMAT,)

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_SLUG = re.compile(r"[a-z0-9-]+")
# RFC 5646 well-formed language tags (grandfathered irregular tags aside from the common ones).
_BCP47 = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"
    r"|x(?:-[a-z0-9]{1,8})+"
    r"|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)"
    r"|en-gb-oed|sgn-(?:be-fr|be-nl|ch-de)",
    # ASCII: without it, IGNORECASE lets [a-z] match U+017F, U+0130, U+0131 and U+212A.
    re.IGNORECASE | re.ASCII,
)
# Characters that could drive a terminal or reorder text: C0 (but tab and newline), DEL,
# C1, and the Unicode bidi embedding/override/isolate controls.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# An array of tables as validated: an element that is not a table is None.
_Tables = list[dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class PathProblem:
    """A problem placed by its path in the document; `load` turns the path into a line."""

    path: Path
    entry: str
    code: str
    message: str
    severity: Severity = Severity.ERROR


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    list: "an array",
    dict: "a table",
}


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return "a date/time"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_shown(key: str) -> str:
    """A key as written in a message: bare keys in backticks, any other (a quoted key with
    spaces, line breaks or terminal controls in it) as an escaped Python string."""
    return f"`{key}`" if _BARE_KEY.fullmatch(key) else repr(key)


def _quoted(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


@dataclass
class _Spec:
    """What a table may hold: key -> (kind, required)."""

    fields: dict[str, tuple[str, bool]]


_STORY = _Spec(
    {
        "id": ("string", True),
        "headline": ("string", True),
        "standfirst": ("string", False),
        "published": ("string", False),
        "outlet": ("string", False),
        "byline": ("string", False),
        "url": ("string", False),
        "language": ("string", False),
    }
)
_PARAGRAPH = _Spec({"id": ("string", True), "kind": ("string", False), "text": ("string", True)})
_SOURCE = _Spec(
    {
        "paragraph": ("string", True),
        "exact": ("string", False),
        "prefix": ("string", False),
        "suffix": ("string", False),
    }
)
_ACTOR = _Spec(
    {
        "id": ("string", True),
        "name": ("string", True),
        "kind": ("string", True),
        "aliases": ("strings", False),
        "description": ("string", False),
        "sources": ("tables", True),
    }
)
_EVENT = _Spec(
    {
        "id": ("string", True),
        "title": ("string", True),
        "when": ("string", True),
        "date": ("string", False),
        "summary": ("string", False),
        "actors": ("strings", False),
        "sources": ("tables", True),
    }
)
_QUOTE = _Spec(
    {
        "id": ("string", True),
        "kind": ("string", True),
        "text": ("string", True),
        "speaker": ("string", False),
        "cue": ("string", False),
        "about": ("strings", False),
        "sources": ("tables", True),
    }
)
_TOP = _Spec(
    {
        "format": ("string", True),
        "story": ("table", True),
        "paragraphs": ("tables", True),
        "actors": ("tables", False),
        "events": ("tables", False),
        "quotes": ("tables", False),
    }
)
_KIND_WORDS = {
    "string": "a string",
    "strings": "an array of strings",
    "table": "a table",
    "tables": "an array of tables",
}


@dataclass
class _Checker:
    problems: list[PathProblem] = field(default_factory=list)

    def error(self, path: Path, entry: str, code: str, message: str) -> None:
        self.problems.append(PathProblem(path, entry, code, message))

    def warn(self, path: Path, entry: str, code: str, message: str) -> None:
        self.problems.append(PathProblem(path, entry, code, message, Severity.WARNING))

    def table(
        self, value: dict[str, Any], spec: _Spec, path: Path, entry: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Check keys and value types; return (the valid fields, the x- extensions).

        An array whose elements are not all of the right type is kept, with each wrong
        element reported and replaced by None, so the right ones are still checked (and
        keep their index). At the top level (`entry` empty) each key names itself.
        """
        valid: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for key, item in value.items():
            key_path = (*path, key)
            if key.startswith("x-"):
                extensions[key] = item
                continue
            key_entry = entry or _key_shown(key).strip("`")
            if key not in spec.fields:
                hint = difflib.get_close_matches(key, spec.fields, n=1)
                better = f"; did you mean `{hint[0]}`?" if hint else ""
                allowed = ", ".join(spec.fields)
                self.error(
                    key_path,
                    key_entry,
                    "unknown-key",
                    f"unknown key {_key_shown(key)}{better} "
                    f"(allowed here: {allowed}, or x-* extensions)",
                )
                continue
            kind, required = spec.fields[key]
            checked = self._typed(item, kind, key, key_path, key_entry, required)
            if checked is not None:
                valid[key] = checked
        for key, (kind, required) in spec.fields.items():
            if required and key not in value:
                self.error(
                    path,
                    entry or key,
                    "missing-key",
                    f"`{key}` is required: add {key} = … ({_KIND_WORDS[kind]})",
                )
        return valid, extensions

    def _typed(self, item: Any, kind: str, key: str, path: Path, entry: str, required: bool) -> Any:
        """The value if it has the right type (arrays: wrong elements set to None), else None."""
        expected = _KIND_WORDS[kind]
        wrong = f"`{key}` must be {expected}, not {_type_name(item)}"
        if kind == "string":
            if not isinstance(item, str):
                self.error(path, entry, "wrong-type", wrong)
                return None
            self.text(item, key, path, entry)
            if required and not item.strip() and not (key == "when" and item == ""):
                self.error(path, entry, "blank", f"`{key}` must hold more than white space")
                return None
            return item
        if kind == "table":
            if not isinstance(item, dict):
                self.error(path, entry, "wrong-type", wrong)
                return None
            return item
        if not isinstance(item, list):
            self.error(path, entry, "wrong-type", wrong)
            return None
        element_type = str if kind == "strings" else dict
        elements: list[Any] = []
        for index, element in enumerate(item):
            if not isinstance(element, element_type):
                element_name = "a string" if kind == "strings" else "a table"
                self.error(
                    (*path, index),
                    entry,
                    "wrong-type",
                    f"`{key}[{index}]` must be {element_name}, not {_type_name(element)}",
                )
                elements.append(None)
                continue
            if isinstance(element, str):
                self.text(element, f"{key}[{index}]", (*path, index), entry)
            elements.append(element)
        return elements

    def text(self, value: str, key: str, path: Path, entry: str) -> None:
        found = UNSAFE_CHARACTERS.search(value)
        if found:
            code_point = f"U+{ord(found.group()):04X}"
            self.warn(
                path,
                entry,
                "control-character",
                f"`{key}` contains the control character {code_point}; it is shown as a "
                "visible placeholder, never sent to the terminal",
            )


def _entry_name(table: dict[str, Any], section: str, index: int) -> str:
    value = table.get("id")
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    return f"{section}[{index}]"


@dataclass
class _Linker:
    """Resolves ids and source links once every paragraph and id is known."""

    checker: _Checker
    paragraphs: dict[str, FoldedText]
    kinds: dict[str, str]  # id -> section singular ("paragraph", "actor", ...)

    def reference(self, target: str, wanted: str, key: str, path: Path, entry: str) -> bool:
        found = self.kinds.get(target)
        if found == wanted:
            return True
        if found is None:
            known = [k for k, v in self.kinds.items() if v == wanted]
            hint = difflib.get_close_matches(target, known, n=1)
            better = f"; did you mean {hint[0]!r}?" if hint else ""
            self.checker.error(
                path,
                entry,
                "unknown-reference",
                f"`{key}` names {target!r}, but no {wanted} has that id{better}",
            )
        else:
            self.checker.error(
                path,
                entry,
                "wrong-reference",
                f"`{key}` names {target!r}, which is {_a(found)}, not {_a(wanted)}",
            )
        return False

    def sources(
        self, value: list[dict[str, Any] | None] | None, path: Path, entry: str
    ) -> list[SourceLink]:
        """Resolve the links; `value` None means `sources` is missing or not an array,
        which was reported already."""
        if value is None:
            return []
        if not value:
            self.checker.error(
                path,
                entry,
                "no-sources",
                '`sources` must hold at least one link: [{ paragraph = "p1", exact = "…" }]',
            )
        links: list[SourceLink] = []
        for index, table in enumerate(value):
            if table is None:  # not a table: reported already
                continue
            link_path = (*path, index)
            fields, extensions = self.checker.table(table, _SOURCE, link_path, entry)
            link = self._link(fields, extensions, link_path, entry, f"sources[{index}]")
            if link is not None:
                links.append(link)
        return links

    def _link(
        self,
        fields: dict[str, Any],
        extensions: dict[str, Any],
        path: Path,
        entry: str,
        name: str,
    ) -> SourceLink | None:
        paragraph = fields.get("paragraph")
        if paragraph is None:
            return None
        if not self.reference(
            paragraph, "paragraph", f"{name}.paragraph", (*path, "paragraph"), entry
        ):
            return None
        if paragraph not in self.paragraphs:
            # The paragraph's id is fine but its text is missing or wrong, which was
            # reported on the paragraph: nothing to match the link against.
            return None
        exact = fields.get("exact")
        prefix = fields.get("prefix")
        suffix = fields.get("suffix")
        if exact is None:
            for key, given in (("prefix", prefix), ("suffix", suffix)):
                if given is not None:
                    self.checker.error(
                        (*path, key),
                        entry,
                        "selector-without-exact",
                        f"{name}.{key} only tells apart places where `exact` occurs; "
                        "add `exact`, or remove it",
                    )
            return SourceLink(paragraph, extensions=extensions)
        found = match_selector(self.paragraphs[paragraph], exact, prefix, suffix)
        if found.ok:
            return SourceLink(paragraph, exact, prefix, suffix, found.start, found.end, extensions)
        self._explain(
            found.candidates, found.matches, paragraph, exact, prefix, suffix, path, entry, name
        )
        return None

    def _explain(
        self,
        candidates: int,
        matches: int,
        paragraph: str,
        exact: str,
        prefix: str | None,
        suffix: str | None,
        path: Path,
        entry: str,
        name: str,
    ) -> None:
        if candidates == 0:
            folded = self.paragraphs[paragraph].folded
            hint = ""
            if fold(exact).casefold() in folded.casefold():
                hint = " (it does in other letter case: matching is to the character)"
            self.checker.error(
                (*path, "exact"),
                entry,
                "exact-not-found",
                f"{name}.exact {_quoted(exact)} does not occur in paragraph {paragraph}{hint}",
            )
        elif matches == 0:
            given = [k for k, v in (("prefix", prefix), ("suffix", suffix)) if v is not None]
            self.checker.error(
                (*path, given[0]),
                entry,
                "selector-mismatch",
                f"{name}: the {' and '.join(given)} given match"
                f"{'es' if len(given) == 1 else ''} none of the {candidates} place(s) "
                f"{_quoted(exact)} occurs in paragraph {paragraph}; prefix must be the text "
                "right before `exact` and suffix the text right after (spaces included)",
            )
        else:
            self.checker.error(
                (*path, "exact"),
                entry,
                "ambiguous-exact",
                f"{name}.exact {_quoted(exact)} occurs {matches} times in paragraph "
                f"{paragraph}; add `prefix` or `suffix` to pick one",
            )


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _suggest(value: str, allowed: tuple[str, ...]) -> str:
    hint = difflib.get_close_matches(value, allowed, n=1)
    better = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"{value!r} is not one of {', '.join(allowed)}{better}"


def validate(data: dict[str, Any], path: str) -> tuple[Bundle | None, list[PathProblem]]:
    """Validate parsed TOML; return the bundle (None when there are errors) and problems."""
    checker = _Checker()
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
    top, top_extensions = checker.table(data, _TOP, (), "")
    story = _story(checker, top.get("story"))
    paragraph_tables: _Tables = top.get("paragraphs", [])
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
    kinds = _collect_ids(checker, sections)
    paragraphs = _paragraphs(checker, paragraph_tables)
    linker = _Linker(checker, {p.id: FoldedText.of(p.text) for p in paragraphs}, kinds)
    actors = _actors(linker, sections["actors"])
    events = _events(linker, sections["events"])
    quotes = _quotes(linker, sections["quotes"])
    _warn_out_of_order(checker, events)
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


def _story(checker: _Checker, value: dict[str, Any] | None) -> Story | None:
    if value is None:
        return None
    fields, extensions = checker.table(value, _STORY, ("story",), "story")
    ok = True
    story_id = fields.get("id")
    if story_id is not None and not _SLUG.fullmatch(story_id):
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
        published_date = _edtf(checker, published, ("story", "published"), "story", "published")
        ok = ok and published_date is not None
    language = fields.get("language", "en")
    if "language" in fields and not _BCP47.fullmatch(language):
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


def _edtf(checker: _Checker, text: str, path: Path, entry: str, key: str) -> EdtfDate | None:
    try:
        return parse_edtf(text)
    except EdtfError as error:
        checker.error(path, entry, "bad-date", f"`{key}` {error}")
        return None


_SECTION_KIND = {"paragraphs": "paragraph", "actors": "actor", "events": "event", "quotes": "quote"}


def _collect_ids(checker: _Checker, sections: dict[str, _Tables]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    first_seen: dict[str, str] = {}
    for section, tables in sections.items():
        for index, table in enumerate(tables):
            value = table.get("id") if isinstance(table, dict) else None
            if not isinstance(value, str) or not value.strip():
                continue
            place = f"{section}[{index}]"
            if not _ID.fullmatch(value):
                checker.error(
                    (section, index, "id"),
                    place,
                    "bad-id",
                    f"id {value!r} must match [a-z0-9][a-z0-9-]*: lower-case letters, digits "
                    "and -, not starting with -",
                )
                continue
            if value in kinds:
                checker.error(
                    (section, index, "id"),
                    value,
                    "duplicate-id",
                    f"id {value!r} is already used by {first_seen[value]}; ids are unique "
                    "across paragraphs, actors, events and quotes",
                )
                continue
            kinds[value] = _SECTION_KIND[section]
            first_seen[value] = place
    return kinds


def _each(
    checker: _Checker,
    tables: _Tables,
    section: str,
    spec: _Spec,
    build: Callable[[dict[str, Any], dict[str, Any], Path, str, int], None],
) -> None:
    for index, table in enumerate(tables):
        if table is None:  # not a table: reported already
            continue
        entry = _entry_name(table, section, index)
        path: Path = (section, index)
        fields, extensions = checker.table(table, spec, path, entry)
        build(fields, extensions, path, entry, index)


def _paragraphs(checker: _Checker, tables: _Tables) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()

    def build(
        fields: dict[str, Any], ext: dict[str, Any], path: Path, entry: str, index: int
    ) -> None:
        kind = fields.get("kind", "body")
        if kind not in PARAGRAPH_KINDS:
            checker.error(
                (*path, "kind"),
                entry,
                "bad-kind",
                f"paragraph kind {_suggest(kind, PARAGRAPH_KINDS)}",
            )
        # A duplicate id was reported already; links resolve against the first paragraph.
        if (
            "id" in fields
            and "text" in fields
            and _ID.fullmatch(fields["id"])
            and fields["id"] not in seen
        ):
            seen.add(fields["id"])
            paragraphs.append(Paragraph(fields["id"], len(paragraphs), fields["text"], kind, ext))

    _each(checker, tables, "paragraphs", _PARAGRAPH, build)
    return paragraphs


def _references(
    linker: _Linker, fields: dict[str, Any], key: str, path: Path, entry: str
) -> tuple[str, ...]:
    names: list[str | None] = fields.get(key, [])
    good: list[str] = []
    for index, name in enumerate(names):
        if name is None:  # not a string: reported already
            continue
        if linker.reference(name, "actor", f"{key}[{index}]", (*path, key, index), entry):
            if name in good:
                linker.checker.warn(
                    (*path, key, index),
                    entry,
                    "repeated-reference",
                    f"`{key}` lists {name!r} more than once",
                )
            else:
                good.append(name)
    return tuple(good)


def _actors(linker: _Linker, tables: _Tables) -> list[Actor]:
    actors: list[Actor] = []

    def build(
        fields: dict[str, Any], ext: dict[str, Any], path: Path, entry: str, index: int
    ) -> None:
        kind = fields.get("kind")
        if kind is not None and kind not in ACTOR_KINDS:
            linker.checker.error(
                (*path, "kind"), entry, "bad-kind", f"actor kind {_suggest(kind, ACTOR_KINDS)}"
            )
            kind = None
        sources = linker.sources(fields.get("sources"), (*path, "sources"), entry)
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

    _each(linker.checker, tables, "actors", _ACTOR, build)
    return actors


def _events(linker: _Linker, tables: _Tables) -> list[Event]:
    events: list[Event] = []

    def build(
        fields: dict[str, Any], ext: dict[str, Any], path: Path, entry: str, index: int
    ) -> None:
        date = None
        if "date" in fields:
            date = _edtf(linker.checker, fields["date"], (*path, "date"), entry, "date")
        actors = _references(linker, fields, "actors", path, entry)
        sources = linker.sources(fields.get("sources"), (*path, "sources"), entry)
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

    _each(linker.checker, tables, "events", _EVENT, build)
    return events


def _quotes(linker: _Linker, tables: _Tables) -> list[Quote]:
    quotes: list[Quote] = []

    def build(
        fields: dict[str, Any], ext: dict[str, Any], path: Path, entry: str, index: int
    ) -> None:
        checker = linker.checker
        kind = fields.get("kind")
        if kind is not None and kind not in QUOTE_KINDS:
            checker.error(
                (*path, "kind"), entry, "bad-kind", f"quote kind {_suggest(kind, QUOTE_KINDS)}"
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
        sources = linker.sources(fields.get("sources"), (*path, "sources"), entry)
        text = fields.get("text")
        if text is not None and kind in ("direct", "scare"):
            sources = _quote_spans(linker, text, sources, path, entry)
        if kind and sources and text is not None and "id" in fields:
            quotes.append(
                Quote(
                    fields["id"], kind, text, tuple(sources), speaker, fields.get("cue"), about, ext
                )
            )

    _each(linker.checker, tables, "quotes", _QUOTE, build)
    return quotes


def _quote_spans(
    linker: _Linker, text: str, sources: list[SourceLink], path: Path, entry: str
) -> list[SourceLink]:
    """Direct and scare quotes: `text` must occur in each linked paragraph.

    A link without `exact` then highlights the quoted words themselves.
    """
    linked: list[SourceLink] = []
    for index, link in enumerate(sources):
        paragraph = linker.paragraphs[link.paragraph]
        folded_text = fold(text)
        position = paragraph.folded.find(folded_text)
        if position < 0:
            linker.checker.error(
                (*path, "text"),
                entry,
                "quote-not-in-paragraph",
                f"quote text {_quoted(text)} does not occur in paragraph {link.paragraph} "
                f"(sources[{index}]); direct and scare quotes are the words to the character",
            )
            continue
        if not link.has_span:
            start, end = paragraph.original_span(position, position + len(folded_text))
            link = SourceLink(link.paragraph, None, None, None, start, end, link.extensions)
        linked.append(link)
    return linked


def _warn_out_of_order(checker: _Checker, events: list[Event]) -> None:
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
                ("events", event.index, "date"),
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
