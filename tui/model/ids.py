"""Ids across a bundle: each well-formed id and the kind of entry that has it; bad and
repeated ids reported."""

from __future__ import annotations

from tui.model.schema import ID_PATTERN, Checker, Tables

_SECTION_KIND = {"paragraphs": "paragraph", "actors": "actor", "events": "event", "quotes": "quote"}


def collect_ids(checker: Checker, sections: dict[str, Tables]) -> dict[str, str]:
    """Every well-formed id -> the kind of entry that has it first; bad and repeated ids
    are reported."""
    kinds: dict[str, str] = {}
    for section, tables in sections.items():
        kind = _SECTION_KIND[section]
        for index, table in enumerate(tables):
            value = table.get("id") if table.__class__ is dict else None
            if value.__class__ is not str or not value.strip():
                continue
            if value in kinds:  # only well-formed ids are in kinds
                checker.error(
                    (section, index, "id"),
                    value,
                    "duplicate-id",
                    f"id {value!r} is already used by {_first_place(sections, value)}; ids are "
                    "unique across paragraphs, actors, events and quotes",
                )
            elif ID_PATTERN.fullmatch(value):
                kinds[value] = kind
            else:
                checker.error(
                    (section, index, "id"),
                    f"{section}[{index}]",
                    "bad-id",
                    f"id {value!r} must match [a-z0-9][a-z0-9-]*: lower-case letters, digits "
                    "and -, not starting with -",
                )
    return kinds


def _first_place(sections: dict[str, Tables], entry_id: str) -> str:
    """Where `entry_id` is first used, e.g. `events[3]` (looked for only to report a repeat)."""
    for section, tables in sections.items():
        for index, table in enumerate(tables):
            if table.__class__ is dict and table.get("id") == entry_id:
                return f"{section}[{index}]"
    return "another entry"  # not reached: the id was collected from one of these tables
