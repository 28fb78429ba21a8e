"""What an edit is, what saving one can come to, and an entry's fields as the file holds them.

An entry is edited as its TOML table, `Fields`: a dict of the keys the format names (`id`,
`title`, `sources`, ...) and any `x-` keys, exactly as tomli reads them. Source links are
dicts too (`{"paragraph": "p5", "exact": "…"}`). A key set to None is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.model.entities import Actor, Entry, EntryType, Event, Quote, SourceLink

if TYPE_CHECKING:
    from tui.authoring.story_file import StoryFile
    from tui.model.problems import Problem

Fields = dict[str, Any]

SECTION_OF = {EntryType.EVENT: "events", EntryType.ACTOR: "actors", EntryType.QUOTE: "quotes"}
EDITABLE_SECTIONS = ("paragraphs", "actors", "events", "quotes")


class Create(NamedTuple):
    """Add an entry to `section` at `position` among its entries; None: at the end (an event
    with a date: after the last event that is not later). `text`: the exact TOML to write,
    when it parses to `fields` (undo uses it to put back the very lines it took out)."""

    section: str
    fields: Mapping[str, Any]
    position: int | None = None
    text: str | None = None
    # Set by the undo of a deletion: (byte offset, the bytes taken out, the SHA-256 of the
    # file they were taken from). While the file is just as the deletion left it, they go
    # back where they were, blank lines and all.
    restore: tuple[int, str, str] | None = None


class Update(NamedTuple):
    """Make the entry `entry_id` hold `fields` (every key; one left out is removed). An id
    changed in `fields` renames the entry (check refuses it while anything refers to it)."""

    entry_id: str
    fields: Mapping[str, Any]
    text: str | None = None


class Delete(NamedTuple):
    entry_id: str


class Batch(NamedTuple):
    """Several edits saved at once: one check, one write (a `check --fix` of many links)."""

    edits: tuple[Edit, ...]


Edit = Create | Update | Delete | Batch


def renamed_ids(edit: Edit) -> list[tuple[str, str]]:
    """(old id, new id) of each entry `edit` gives another id (an undo of a rename too)."""
    edits = edit.edits if isinstance(edit, Batch) else (edit,)
    return [
        (each.entry_id, str(each.fields["id"]))
        for each in edits
        if isinstance(each, Update) and each.fields.get("id", each.entry_id) != each.entry_id
    ]


class Saved(NamedTuple):
    """The edit is in the file. `story` is the file as now written; `inverse` undoes the edit;
    `reloaded` says the file had changed on disk and the edit was made to that version (so
    the app should show `story`, which holds the other changes too); `problems` are the
    warnings check gives the file now."""

    story: StoryFile
    edit: Edit
    inverse: Edit
    reloaded: bool = False
    problems: tuple[Problem, ...] = ()


class Refused(NamedTuple):
    """Nothing was written: the edited bundle would not pass check. `problems` are check's
    messages for it (file, line, entry), errors first; `story` is the version tried."""

    problems: tuple[Problem, ...]
    story: StoryFile

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class Conflict(NamedTuple):
    """Nothing was written: the entry changed on disk since it was loaded. `base` is the entry
    as loaded, `theirs` as it is on disk now (None: deleted there, or for a new entry, the
    entry on disk that has its id), `ours` what the edit would make it (None: a deletion).
    `story` is the file as it is on disk now: apply an edit to it to keep ours."""

    entry_id: str
    base: Fields | None
    theirs: Fields | None
    ours: Fields | None
    story: StoryFile


class Failed(NamedTuple):
    """Nothing was written: the file could not be read, locked or replaced (a read-only
    folder, a lock held too long, a full disk, a file no longer valid on disk)."""

    message: str
    problems: tuple[Problem, ...] = ()
    busy: bool = False  # only because another save held the lock: worth trying again soon


Outcome = Saved | Refused | Conflict | Failed


def fields_of(entry: Entry) -> Fields:
    """The TOML table of a loaded entry, keys in the shipped story's order."""
    fields: Fields = {"id": entry.id}
    if isinstance(entry, Event):
        fields |= {"title": entry.title, "when": entry.when}
        _optional(fields, "date", entry.date.text if entry.date else None)
        _optional(fields, "summary", entry.summary)
        _optional(fields, "actors", list(entry.actors) or None)
    elif isinstance(entry, Actor):
        fields |= {"name": entry.name, "kind": entry.kind}
        _optional(fields, "aliases", list(entry.aliases) or None)
        _optional(fields, "description", entry.description)
    elif isinstance(entry, Quote):
        fields["kind"] = entry.kind
        _optional(fields, "speaker", entry.speaker)
        _optional(fields, "cue", entry.cue)
        fields["text"] = entry.text
        _optional(fields, "about", list(entry.about) or None)
    fields |= dict(entry.extensions)
    fields["sources"] = [link_fields(link) for link in entry.sources]
    return fields


def link_fields(link: SourceLink) -> Fields:
    fields: Fields = {"paragraph": link.paragraph}
    _optional(fields, "exact", link.exact)
    _optional(fields, "prefix", link.prefix)
    _optional(fields, "suffix", link.suffix)
    return fields | dict(link.extensions)


def _optional(fields: Fields, key: str, value: object) -> None:
    if value is not None:
        fields[key] = value


def normalized(fields: Mapping[str, Any]) -> Fields:
    """`fields` as tomli would read them back: None values dropped (at the top and in each
    source link), tuples made lists, mappings made dicts."""
    result: Fields = {}
    for key, item in fields.items():
        if item is None:
            continue
        if key == "sources" and isinstance(item, list | tuple):
            result[key] = [
                {k: _plain(v) for k, v in link.items() if v is not None}
                if isinstance(link, Mapping)
                else _plain(link)
                for link in item
            ]
        else:
            result[key] = _plain(item)
    return result


def _plain(item: Any) -> Any:
    if isinstance(item, Mapping):
        return {str(k): _plain(v) for k, v in item.items()}
    if isinstance(item, list | tuple):
        return [_plain(v) for v in item]
    return item


def merged(base: Mapping[str, Any], theirs: Mapping[str, Any], ours: Mapping[str, Any]) -> Fields:
    """A three-way merge by field (each side `normalized`): our value where we changed a
    field from `base` (or took it out), theirs wherever we left it as it was. Keeping my new
    title must not undo the date, or the renamed actor, someone else saved meanwhile."""
    from tui.authoring.values import same

    result: Fields = {}
    for key in dict.fromkeys([*theirs, *ours]):
        if key in ours and (key not in base or not same(ours[key], base[key])):
            result[key] = ours[key]
        elif key in base and key not in ours:
            continue  # we took it out
        elif key in theirs:
            result[key] = theirs[key]
    return result
