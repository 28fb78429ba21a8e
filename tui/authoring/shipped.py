"""The shipped story lives inside the installed package: it is edited as a copy.

    if is_shipped(story.path):
        copy = copy_story(story.path, Path.cwd())   # the app asks where; the default is here
        story = StoryFile.open(copy)
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.authoring.story_file import MAX_BYTES, real_path
from tui.fileio import atomic_create, atomic_write, read_regular
from tui.model.content import shipped_bundle_path


def is_shipped(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is the story that comes with the program (inside the package, or
    `content/` in a source checkout): never edited in place."""
    try:
        return real_path(path) == real_path(shipped_bundle_path())
    except OSError:
        return False


def copy_story(
    source: str | os.PathLike[str], destination: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Copy the story file `source` to `destination` (a folder: keeps the file's name) and
    return the copy's path. Written whole or not at all; an existing file (or link) there is
    refused with FileExistsError unless `force`, and a link is never written through."""
    target = Path(destination)
    if target.is_dir():
        target = target / Path(source).name
    data = read_regular(real_path(source), limit=MAX_BYTES)
    if force and os.path.lexists(target):
        atomic_write(target, data)
    else:
        atomic_create(target, data)
    return target


def copy_shipped_story(destination: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Copy the shipped story to `destination` (see copy_story)."""
    return copy_story(shipped_bundle_path(), destination, force=force)
