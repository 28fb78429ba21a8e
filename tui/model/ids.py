"""Ids across a bundle: each well-formed id and the kind of entry that has it; bad and
repeated ids reported."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
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


class KindsBySection(Mapping[str, str]):
    """What `collect_ids` gives for ids that are all well-formed and each used once, read
    from each section's list of ids: the reporting validator looks up a few of them, and a
    set per kind, made at the first look, is quicker to make than one dict of them all."""

    __slots__ = ("_by_kind", "_sets")

    def __init__(self, by_kind: Mapping[str, list[str]]) -> None:
        self._by_kind = by_kind  # kind -> its ids, in file order, sections in order
        self._sets: dict[str, frozenset[str]] | None = None

    def __getitem__(self, key: str) -> str:
        if self._sets is None:
            self._sets = {kind: frozenset(ids) for kind, ids in self._by_kind.items()}
        for kind, ids in self._sets.items():
            if key in ids:
                return kind
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(self._by_kind.values())

    def __len__(self) -> int:
        return sum(map(len, self._by_kind.values()))
