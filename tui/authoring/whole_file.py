"""The slow path: edit a story file as one tomlkit document.

For files the header scan cannot vouch for (see `draft`): a section written as an inline array
of tables (`events = [ { id = "…", … }, … ]`), a header-like line inside a multi-line string or
array, an entry with a sub-table further down the file. tomlkit keeps every byte it is not told
to change, so only the edited entry's text changes here too; it just takes seconds, not
milliseconds, on a file of many megabytes.
"""

from __future__ import annotations

from typing import Any

from tui.authoring import values
from tui.authoring.edits import Fields
from tui.authoring.entry_text import EntryStyle, entry_text, ordered_keys
from tui.authoring.entry_update import EntryUpdater


def parse(raw: bytes) -> Any:
    import tomlkit

    return tomlkit.parse(raw.decode("utf-8"))


def text(document: Any) -> str:
    result: str = document.as_string()
    return result


def update(
    document: Any, section: str, position: int, old: Fields, new: Fields, style: EntryStyle
) -> None:
    EntryUpdater(section, style).table(document[section][position], old, new, top=True)


def create(document: Any, section: str, position: int, fields: Fields, style: EntryStyle) -> None:
    import tomlkit
    from tomlkit.items import AoT

    if section not in document:
        document.add(tomlkit.nl())
        document.add(section, tomlkit.aot())
    container = document[section]
    if isinstance(container, AoT):
        table = tomlkit.parse(entry_text(section, fields, style))[section][0]
        container.insert(position, table)
        return
    ordered = {key: fields[key] for key in ordered_keys(section, fields)}
    written = values.inline_table(ordered, padded=style.padded, lower=style.lower_hex)
    item = tomlkit.parse(f"v = {written}\n")["v"]
    container.insert(position, item)


def delete(document: Any, section: str, position: int) -> None:
    del document[section][position]
