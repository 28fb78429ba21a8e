"""Links re-anchored after the text was corrected, as edits the story writer can save.

`check --fix --write` and the app's repair mode turn the model's repairs (each link that no
longer matched, and where its words are now) into one Batch of entry updates: only the
links' `exact`/`prefix`/`suffix`/`paragraph` (and a direct quote's `text`) change. Orphans
are left as they are, for a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tui.authoring.edits import Batch, Update
from tui.authoring.story_file import StoryFile
from tui.model.repair import LinkRepair


def fixed_fields(fields: dict[str, Any], repairs: Iterable[LinkRepair]) -> dict[str, Any]:
    """`fields` (one entry's table) with each repairable link of `repairs` where its words
    are now."""
    fields = dict(fields)
    sources = [dict(link) for link in fields.get("sources", [])]
    for repair in repairs:
        found = repair.anchoring
        if not repair.fixable or repair.source >= len(sources):
            continue
        link = sources[repair.source]
        if repair.field == "text":
            fields["text"] = found.exact
            if "exact" not in link:
                link["paragraph"] = found.paragraph
            continue
        link["paragraph"] = found.paragraph
        link["exact"] = found.exact
        for key in ("prefix", "suffix"):
            value = getattr(found, key)
            if value is None:
                link.pop(key, None)
            else:
                link[key] = value
    fields["sources"] = sources
    return fields


def fix_edit(story: StoryFile, repairs: Sequence[LinkRepair]) -> Batch:
    """One update per entry that has a repairable link (in file order)."""
    by_entry: dict[str, list[LinkRepair]] = {}
    for repair in repairs:
        if repair.fixable:
            by_entry.setdefault(repair.entry, []).append(repair)
    edits: list[Update] = []
    for entry_id, entry_repairs in by_entry.items():
        fields = story.fields(entry_id)
        if fields is not None:
            edits.append(Update(entry_id, fixed_fields(fields, entry_repairs)))
    return Batch(tuple(edits))
