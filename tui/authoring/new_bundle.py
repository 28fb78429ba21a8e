"""A whole new story file (`baghouz-tui new`, an imported article): written only if valid.

    text = render_bundle({"format": "story-bundle/1", "story": {...}, "paragraphs": [...]})
    outcome = write_new_bundle(path, text)      # Saved-like NewBundle, or Refused problems

The text is laid out as the shipped story is: `format`, `[story]`, then each entry as a
`[[section]]` table with its source links on lines of their own, a blank line between.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tui.authoring import values
from tui.authoring.edits import normalized
from tui.authoring.entry_text import EntryStyle, entry_text
from tui.authoring.story_file import ENTRY_SECTIONS
from tui.fileio import atomic_create, atomic_write
from tui.model.entities import Bundle
from tui.model.load import parse
from tui.model.problems import Problem, Severity

_STORY_ORDER = ("id", "headline", "standfirst", "published", "outlet", "byline", "url", "language")


def render_bundle(data: Mapping[str, Any]) -> str:
    """The TOML text of a whole bundle given as parsed tables (what tomli would read)."""
    top = {key: item for key, item in data.items() if key not in ("story", *ENTRY_SECTIONS)}
    lines = [f"{values.key(key)} = {values.value(item)}" for key, item in top.items()]
    story = data.get("story")
    if isinstance(story, Mapping):
        lines += ["", "[story]"]
        ordered = [k for k in _STORY_ORDER if k in story]
        ordered += [k for k in story if k not in _STORY_ORDER]
        lines += [f"{values.key(key)} = {values.value(story[key])}" for key in ordered]
    text = "\n".join(lines) + "\n"
    style = EntryStyle()
    for section in ENTRY_SECTIONS:
        for table in data.get(section, []) or []:
            text += "\n" + entry_text(section, normalized(table), style)
    return text


class NewBundle(NamedTuple):
    path: Path
    bundle: Bundle
    problems: tuple[Problem, ...]  # check's warnings


class NotWritten(NamedTuple):
    problems: tuple[Problem, ...]  # why check refuses the text, errors first


def write_new_bundle(
    path: str | os.PathLike[str], text: str, *, force: bool = False
) -> NewBundle | NotWritten:
    """Write `text` as a new story file at `path` if check passes it (warnings allowed).

    Whole or not at all. An existing file, link or anything else at `path` is refused with
    FileExistsError unless `force`, which replaces a regular file (never through a link:
    SymlinkRefused). Raises OSError when the folder cannot be written.
    """
    target = Path(path)
    data = text.encode("utf-8")
    bundle, found = parse(text, os.fspath(path), raw=data)
    errors = tuple(p for p in found if p.severity is Severity.ERROR)
    if bundle is None or errors:
        return NotWritten(errors + tuple(p for p in found if p.severity is not Severity.ERROR))
    if force and os.path.lexists(target):
        atomic_write(target, data)
    else:
        atomic_create(target, data)
    return NewBundle(target, bundle, tuple(found))
