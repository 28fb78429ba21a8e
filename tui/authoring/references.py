"""Which entries refer to an actor (an actor they refer to is not deleted)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Reference(NamedTuple):
    entry_id: str
    section: str  # "events" or "quotes"
    key: str  # "actors", "speaker" or "about"


def references_to(data: Mapping[str, Any], actor_id: str) -> list[Reference]:
    """Every entry of the parsed file `data` (`StoryFile.data`) that names `actor_id`."""
    found: list[Reference] = []
    for section, keys in (("events", ("actors",)), ("quotes", ("speaker", "about"))):
        tables = data.get(section, [])
        for table in tables if isinstance(tables, list) else []:
            for key in keys:
                value = table.get(key)
                if value == actor_id or (isinstance(value, list) and actor_id in value):
                    found.append(Reference(str(table.get("id")), section, key))
    return found


def describe(references: list[Reference], limit: int = 8) -> str:
    """`offensive-begins (actors), overdue (speaker)` and how many more."""
    shown = ", ".join(f"{r.entry_id} ({r.key})" for r in references[:limit])
    more = len(references) - limit
    return shown + (f" and {more} more" if more > 0 else "")
