"""Ids across a bundle: each well-formed id and the kind of entry that has it; bad and
repeated ids reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tui.model import rules
from tui.model.schema import Checker


def collect_ids(
    checker: Checker, sections: Mapping[str, Sequence[dict[str, Any] | None]]
) -> dict[str, str]:
    """Every well-formed id -> the kind of entry that has it first; bad and repeated ids
    are reported."""
    kinds: dict[str, str] = {}
    first_place: dict[str, str] = {}  # id -> where it is first used, e.g. `events[3]`
    pattern = rules.ID_PATTERN  # read at each call: the rule table is the one place for it
    for section, tables in sections.items():
        kind = rules.SECTIONS[section][1]
        for index, table in enumerate(tables):
            value = table.get("id") if table.__class__ is dict else None
            if value.__class__ is not str or not value.strip():
                continue
            if value in kinds:  # only well-formed ids are in kinds
                checker.error(
                    (section, index, "id"),
                    value,
                    "duplicate-id",
                    f"id {value!r} is already used by {first_place[value]}; ids are "
                    "unique across paragraphs, actors, events and quotes",
                )
            elif pattern.fullmatch(value):
                kinds[value] = kind
                first_place[value] = f"{section}[{index}]"
            else:
                checker.error(
                    (section, index, "id"),
                    f"{section}[{index}]",
                    "bad-id",
                    f"id {value!r} must match {pattern.pattern}: lower-case letters, digits "
                    "and -, not starting with -",
                )
    return kinds
