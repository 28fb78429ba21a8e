"""Change an existing entry's text with tomlkit, keeping what did not change as it was written.

Only the entry's own lines are parsed (a few hundred bytes, however large the file). A key whose
value is unchanged keeps its text, quoting and comment; a changed string keeps its style
(literal, multi-line) where the new value allows it; a changed array or table of links is
changed element by element, so untouched links keep their text. The caller checks the result
with tomli and falls back to writing the entry afresh when tomlkit gets something wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tui.authoring import values
from tui.authoring.entry_text import EntryStyle, link_text, ordered_keys, ordered_link_keys

if TYPE_CHECKING:
    from tomlkit.container import Container
    from tomlkit.items import AoT, Array, Item


def updated_text(
    text: str, section: str, old: Mapping[str, Any], new: Mapping[str, Any], style: EntryStyle
) -> str:
    """The entry's `text` (a `[[section]]` table) changed from `old` to `new` fields."""
    import tomlkit

    document = tomlkit.parse(text)
    table = document[section][0]
    EntryUpdater(section, style).table(table, old, new, top=True)
    result: str = document.as_string()
    if style.newline == "\r\n":  # tomlkit ends the lines it adds with "\n" alone
        result = re.sub("(?<!\r)\n", "\r\n", result)
    return result if result.endswith("\n") else result + style.newline


class EntryUpdater:
    def __init__(self, section: str, style: EntryStyle) -> None:
        self.section = section
        self.style = style

    def table(
        self, table: Any, old: Mapping[str, Any], new: Mapping[str, Any], *, top: bool
    ) -> None:
        """Change a tomlkit table or inline table from `old` to `new` in place."""
        for name in old:
            if name not in new:
                del table[name]
        for name, item in new.items():
            if name not in old:
                self._insert(table, name, item, top=top)
            elif not values.same(old[name], item):
                self._replace(table, name, old[name], item)

    def _replace(self, table: Any, name: str, old: Any, new: Any) -> None:
        from tomlkit.items import AoT, Array, InlineTable

        current = table[name]
        if isinstance(current, AoT) and _all_tables(new):
            self._tables(current, old, new)
        elif isinstance(current, Array) and isinstance(new, list) and isinstance(old, list):
            self._array(current, old, new)
        elif isinstance(current, InlineTable) and isinstance(new, dict) and isinstance(old, dict):
            self.table(current, old, new, top=False)
        else:
            table[name] = _with_trivia(self._item(new, like=current), current)

    def _item(self, item: Any, like: Any = None) -> Item:
        """A tomlkit item for `item`, its strings in the style of `like` where they can be."""
        import tomlkit

        style = _string_style(like, self.style)
        if isinstance(item, dict) and set(item) & {"paragraph", "exact"}:
            text = link_text(item, self.style)
        else:
            text = values.value(item, style, padded=self.style.padded, lower=self.style.lower_hex)
        parsed: Item = tomlkit.parse(f"v = {text}\n")["v"]
        return parsed

    def _insert(self, table: Any, name: str, item: Any, *, top: bool) -> None:
        """Add `name` where the entry's order puts it: the inline keys that follow it are
        taken out and put back after it (tables and arrays of tables come last anyway)."""
        from tomlkit.items import AoT, Table

        container: Container = table.value if hasattr(table.value, "body") else table
        present = [key.key for key, _ in _body(container) if key is not None]
        order = ordered_keys(self.section if top else "link", [*present, name], present)
        after = set(order[order.index(name) + 1 :])
        movers = [
            (key, value)
            for key, value in _body(container)
            if key is not None and key.key in after and not isinstance(value, AoT | Table)
        ]
        for key, _ in movers:
            table.remove(key)
        table.add(name, self._item(item))
        for key, value in movers:
            table.add(key, value)

    def _array(self, array: Array, old: list[Any], new: list[Any]) -> None:
        def change(index: int, before: Any, after: Any) -> None:
            from tomlkit.items import InlineTable

            current = array[index]
            if isinstance(current, InlineTable) and _both_tables(before, after):
                self.table(current, before, after, top=False)
            else:
                array[index] = self._item(after, like=current)

        _change_elements(array, old, new, change, lambda x: self._item(x, like=_first(array)))

    def _tables(self, aot: AoT, old: list[Any], new: list[Any]) -> None:
        """`[[events.sources]]` tables, changed one by one."""
        import tomlkit

        def change(index: int, before: Any, after: Any) -> None:
            self.table(aot[index], before, after, top=False)

        def make(link: dict[str, Any]) -> Any:
            lines = ["[[t.sources]]"] + [
                f"{values.key(k)} = "
                f"{values.value(link[k], padded=self.style.padded, lower=self.style.lower_hex)}"
                for k in ordered_link_keys(link)
            ]
            return tomlkit.parse("\n".join(lines) + "\n")["t"]["sources"][0]

        _change_elements(aot, old, new, change, make)
        for table in list(aot)[:-1]:  # a blank line between tables, as the file has them
            if not table.as_string().endswith("\n\n"):
                table.add(tomlkit.nl())


def _change_elements(
    container: Any,
    old: list[Any],
    new: list[Any],
    change: Callable[[int, Any, Any], None],
    make: Callable[[Any], Any],
) -> None:
    """Turn the elements of a tomlkit array (or array of tables) from `old` into `new`: the
    same ones left alone, each replaced one changed in place, the rest taken out and added."""
    for tag, i1, i2, j1, j2 in reversed(_opcodes(old, new)):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                change(i1 + offset, old[i1 + offset], new[j1 + offset])
            continue
        for index in range(i2 - 1, i1 - 1, -1):
            del container[index]
        for offset, item in enumerate(new[j1:j2]):
            container.insert(i1 + offset, make(item))


def _both_tables(before: Any, after: Any) -> bool:
    return isinstance(before, dict) and isinstance(after, dict)


def _body(container: Any) -> list[tuple[Any, Any]]:
    body: list[tuple[Any, Any]] = container.body
    return body


def _with_trivia(item: Item, like: Any) -> Item:
    """`item` with the comment and spacing around `like` (what the line said after it)."""
    trivia = getattr(like, "trivia", None)
    if trivia is not None:
        item.trivia.indent = trivia.indent
        item.trivia.comment_ws = trivia.comment_ws
        item.trivia.comment = trivia.comment
        item.trivia.trail = trivia.trail
    return item


def _string_style(like: Any, style: EntryStyle) -> values.StringStyle:
    from tomlkit.items import String, StringType

    if isinstance(like, String):
        styles: dict[StringType, values.StringStyle] = {
            StringType.SLB: "basic",
            StringType.MLB: "ml-basic",
            StringType.SLL: "literal",
            StringType.MLL: "ml-literal",
        }
        return styles[like.type]
    return "literal" if style.literal else "basic"


def _first(array: Array) -> Any:
    return array[0] if len(array) else None


def _all_tables(item: object) -> bool:
    return isinstance(item, list) and all(isinstance(x, dict) for x in item)


def _opcodes(old: Sequence[Any], new: Sequence[Any]) -> Sequence[tuple[str, int, int, int, int]]:
    import difflib

    matcher = difflib.SequenceMatcher(
        None, [_frozen(x) for x in old], [_frozen(x) for x in new], autojunk=False
    )
    return matcher.get_opcodes()


def _frozen(item: Any) -> Hashable:
    """A hashable stand-in for a TOML value, equal exactly when `values.same` says so."""
    if isinstance(item, dict):
        return ("table", tuple(sorted((k, _frozen(v)) for k, v in item.items())))
    if isinstance(item, list):
        return ("array", tuple(_frozen(x) for x in item))
    if isinstance(item, float) and item != item:
        return ("float", "nan")
    return (type(item).__name__, item)
