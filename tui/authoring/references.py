"""Which entries refer to an actor (an actor they refer to is not deleted; one renamed is
renamed in them too)."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.authoring.edits import Batch, Edit, Update

if TYPE_CHECKING:
    from tui.authoring.story_file import StoryFile

_REFERENCE_KEYS = ("actors", "speaker", "about")


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


def update_renaming(story: StoryFile, entry_id: str, fields: Mapping[str, Any]) -> Edit:
    """`Update(entry_id, fields)`; when `fields` gives an actor a new id, a Batch that also
    names the new id in every entry that named the old one (one save, one undo)."""
    update = Update(entry_id, fields)
    new_id = fields.get("id")
    where = story.locate(entry_id)
    if not isinstance(new_id, str) or new_id == entry_id or where is None:
        return update
    if where[0] != "actors":
        return update
    renamed: list[Edit] = [update]
    for reference_id in dict.fromkeys(r.entry_id for r in references_to(story.data, entry_id)):
        table = story.fields(reference_id)
        if table is None:
            continue
        for key in _REFERENCE_KEYS:
            value = table.get(key)
            if value == entry_id:
                table[key] = new_id
            elif isinstance(value, list):
                table[key] = [new_id if each == entry_id else each for each in value]
        renamed.append(Update(reference_id, table))
    return update if len(renamed) == 1 else Batch(tuple(renamed))


def named_actors(fields: Mapping[str, Any]) -> set[str]:
    """The actor ids an entry's fields name (as speaker, in `actors` or `about`)."""
    named: set[str] = set()
    for key in _REFERENCE_KEYS:
        value = fields.get(key)
        values = value if isinstance(value, list) else [value]
        named.update(each for each in values if isinstance(each, str))
    return named


def following_renames(
    fields: Mapping[str, Any], known: Container[str], resolve: Callable[[str], str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """`fields` with each actor it names that is not in the story (`known`) but was renamed
    to one that is (`resolve`: the id an old one lives under now) named by its new id; and
    each (old, new) followed. A form opened before another editor renamed an actor still
    offers the old id, which check would refuse; an old id used again for a new actor is
    known, and stays."""

    def followed(actor_id: Any) -> Any:
        if not isinstance(actor_id, str) or actor_id in known:
            return actor_id
        new_id = resolve(actor_id)
        if new_id == actor_id or new_id not in known:
            return actor_id
        moves.append((actor_id, new_id))
        return new_id

    moves: list[tuple[str, str]] = []
    result = dict(fields)
    for key in _REFERENCE_KEYS:
        value = result.get(key)
        if isinstance(value, list):
            result[key] = [followed(each) for each in value]
        elif value is not None:
            result[key] = followed(value)
    return result, list(dict.fromkeys(moves))
