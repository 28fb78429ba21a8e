"""The TOML text of a new entry, written the way its neighbours in the file are written.

`EntryStyle.of(text)` reads how an existing entry is laid out: its header line, the order of
its keys, whether its source links are an inline array over several lines (and with what
indent and trailing comma), on one line, or `[[events.sources]]` tables, the spacing inside
braces, and whether its strings are literal ('...') or basic ("..."). `entry_text` writes any
entry in that style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from tui.authoring import values

SourcesLayout = Literal["multi", "single", "tables"]

# The order keys are written in when neither the entry nor a neighbour says otherwise: the
# shipped story's (x- keys go just before `sources`).
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "paragraphs": ("id", "kind", "text"),
    "actors": ("id", "name", "kind", "aliases", "description", "sources"),
    "events": ("id", "title", "when", "date", "summary", "actors", "sources"),
    "quotes": ("id", "kind", "speaker", "cue", "text", "about", "sources"),
}
LINK_ORDER = ("paragraph", "exact", "prefix", "suffix")

_SUB_TABLES = re.compile(r"^[ \t]*\[\[[ \t]*[\w-]+[ \t]*\.[ \t]*sources[ \t]*\]\]", re.M)
_MULTI = re.compile(r"^[ \t]*sources[ \t]*=[ \t]*\[[ \t]*\r?\n([ \t]*)", re.M)
_LINK = re.compile(r"\{([ \t]?)[ \t]*paragraph([ \t]*=[ \t]*)")
_LAST_LINK_COMMA = re.compile(r"\}[ \t]*(,?)[ \t]*(?:#[^\n]*)?\r?\n[ \t]*\]")
_STRING_VALUE = re.compile(r"""^[ \t]*[\w"'-]+[ \t]*=[ \t]*(["'])""", re.M)


class EntryStyle(NamedTuple):
    header: str | None = None  # the header line as written, e.g. "[[events]]"; None: plain
    order: tuple[str, ...] = ()  # keys in the order an existing entry writes them
    sources: SourcesLayout = "multi"
    indent: str = "  "
    trailing_comma: bool = True
    padded: bool = True  # "{ a = 1 }" rather than "{a = 1}"
    eq: str = " = "  # inside source links
    literal: bool = False
    newline: str = "\n"
    lower_hex: bool = False  # \u escapes in lower case, as the entry writes them

    @classmethod
    def of(cls, text: str, order: Iterable[str] = ()) -> EntryStyle:
        """The style of an entry's text (a `[[section]]` table and its sub-tables)."""
        first_line = text.split("\n", 1)[0].rstrip("\r")
        header = first_line.split("#", 1)[0].rstrip() if "]]" in first_line else None
        layout: SourcesLayout = "single"
        indent, trailing = "  ", True
        multi = _MULTI.search(text)
        if _SUB_TABLES.search(text):
            layout = "tables"
        elif multi:
            layout, indent = "multi", multi.group(1) or "  "
            last = _LAST_LINK_COMMA.search(text, multi.end())
            trailing = last is None or last.group(1) == ","
        link = _LINK.search(text)
        quotes = [match.group(1) for match in _STRING_VALUE.finditer(text)]
        return cls(
            header=header,
            order=tuple(order),
            sources=layout,
            indent=indent,
            trailing_comma=trailing,
            padded=link is None or link.group(1) == " ",
            eq=link.group(2) if link else " = ",
            literal=bool(quotes) and all(q == "'" for q in quotes),
            newline="\r\n" if "\r\n" in text else "\n",
            lower_hex=values.lower_hex(text),
        )

    def for_section(self, section: str, *, same_section: bool) -> EntryStyle:
        """This style for an entry of `section` (a neighbour from another section lends its
        layout, not its header or key order)."""
        if same_section:
            return self
        return self._replace(header=None, order=())


def ordered_keys(section: str, keys: Iterable[str], hint: Sequence[str] = ()) -> list[str]:
    """`keys` in the order an entry of `section` (or a source link, for section "link") writes
    them: the order of `hint` (an existing entry) for the keys it has, every other key placed
    by the format's order, x- keys just before `sources` (last, in a link)."""
    canonical = LINK_ORDER if section == "link" else KEY_ORDER.get(section, ())
    wanted = list(dict.fromkeys(keys))

    def rank(name: str) -> float:
        if name in canonical:
            return float(canonical.index(name))
        if "sources" in canonical:
            return canonical.index("sources") - 0.5
        return float(len(canonical))

    result = [name for name in dict.fromkeys(hint) if name in wanted]
    missing = [name for name in wanted if name not in result]
    missing.sort(key=lambda name: (rank(name), wanted.index(name)))
    for name in missing:
        position = 0
        for index, placed in enumerate(result):
            if rank(placed) <= rank(name):
                position = index + 1
        result.insert(position, name)
    return result


def link_text(link: Mapping[str, Any], style: EntryStyle) -> str:
    """One source link as an inline table."""
    ordered = {name: link[name] for name in ordered_link_keys(link)}
    return values.inline_table(
        ordered, _string_style(style), padded=style.padded, eq=style.eq, lower=style.lower_hex
    )


def _value(item: Any, strings: values.StringStyle, style: EntryStyle) -> str:
    return values.value(item, strings, padded=style.padded, lower=style.lower_hex)


def ordered_link_keys(link: Mapping[str, Any]) -> list[str]:
    return ordered_keys("link", link)


def entry_text(section: str, fields: Mapping[str, Any], style: EntryStyle) -> str:
    """The whole entry: header, keys, sources, ending with a line break."""
    strings = _string_style(style)
    lines = [style.header or f"[[{values.key(section)}]]"]
    keys = ordered_keys(section, fields, style.order)
    links = fields.get("sources")
    as_tables = style.sources == "tables" and _is_links(links)
    for name in keys:
        item = fields[name]
        if name == "sources" and _is_links(item) and not as_tables:
            lines.append(_inline_sources(item, style))
        elif not (name == "sources" and as_tables):
            lines.append(f"{values.key(name)} = {_value(item, strings, style)}")
    if as_tables:
        assert isinstance(links, list)
        for link in links:
            lines += ["", f"[[{values.key(section)}.sources]]"]
            lines += [
                f"{values.key(name)} = {_value(link[name], strings, style)}"
                for name in ordered_link_keys(link)
            ]
    return style.newline.join(lines) + style.newline


def _inline_sources(links: list[Mapping[str, Any]], style: EntryStyle) -> str:
    texts = [link_text(link, style) for link in links]
    if style.sources != "multi" or not texts:
        return "sources = [" + ", ".join(texts) + "]"
    rows = [f"{style.indent}{text}," for text in texts]
    if not style.trailing_comma:
        rows[-1] = rows[-1][:-1]
    return style.newline.join(["sources = [", *rows, "]"])


def _is_links(item: object) -> bool:
    return isinstance(item, list) and bool(item) and all(isinstance(x, Mapping) for x in item)


def _string_style(style: EntryStyle) -> values.StringStyle:
    return "literal" if style.literal else "basic"
