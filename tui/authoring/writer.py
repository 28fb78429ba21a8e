"""The story writer: the one place that changes a story file on disk.

The app's edits, `check --fix --write` and `baghouz-tui new` all write through this package.

Loading and editing
    story = StoryFile.open(path)        # BundleError (check's messages) if it does not load
    story.bundle, story.problems        # the linked Bundle and check's warnings
    story.fields(entry_id)              # the entry's TOML table (a dict copy) for a form
    story.line_of(entry_id)             # its header's line, for `$EDITOR +LINE`
    story.ids()                         # every id, for new_entry_id()

    outcome = save_edit(story, Update(entry_id, fields))   # or Create / Delete / Batch
    match outcome:
        case Saved(story=new_story, inverse=undo): ...     # show new_story.bundle
        case Refused(problems=problems): ...               # show them in the form
        case Conflict(base=..., theirs=..., ours=..., story=disk): ...   # ask
        case Failed(message=message): ...                  # read-only, lock held, disk full

Edits (`tui.authoring.edits`) carry fields, not text: `Create(section, fields)`,
`Update(entry_id, fields)`, `Delete(entry_id)`, `Batch(edits)`. `fields` is the entry's TOML
table, every key the format allows and any `x-` key, source links as dicts
(`{"paragraph": "p5", "exact": "…", "prefix": …}`); a key set to None is left out. A Refused
edit's problems are check's messages for the file as it would have been (their lines are its
lines); those with `entry` equal to the edited id belong in the form.

The rest of the package, for the app's forms and screens:
    edits.fields_of(entry)                       the fields of a loaded entry
    selection.link_for_selection(text, s, e)     exact, and prefix/suffix only where needed
    selection.strip_quotation_marks(words)       a direct or scare quote's `text`
    ids.new_entry_id(title, story.ids(), section)
    references.references_to(story.data, actor_id)   who refers to an actor, before `D`
    history.EditHistory                          undo / redo stacks of Saved edits
    preview_edit(story, edit).diff(name)         the change as a unified diff, nothing written
    story.prepare()                              in the background after loading: the first
                                                 save then pays no scan of the file
    shipped.is_shipped(path), copy_story(path, folder)   the shipped story is edited as a copy
    new_bundle.render_bundle(data), write_new_bundle(path, text)   `baghouz-tui new`
    watch.StoryWatcher / watch.watch_story       changes on disk; `story.is_current(stamp)`

What a save does
    1. Locks `STORY.toml.lock` beside the real file (`tui.fileio.FileLock`, `lock_timeout`
       seconds, then Failed): two editors never write at once, the review file's discipline.
    2. Reads the file again. When its bytes differ from `story`'s (another editor saved, a
       `git pull`, `$EDITOR`), it loads that version; if the entries the edit touches are as
       they were in `story`, the edit is made to the new version (Saved with reloaded=True,
       so nothing another editor saved is lost), else Conflict, with both versions. With
       `expect` (entry id -> its fields as the editor saw them: a form opened some time
       ago, the entry as an edit to undo left it), those entries must be so in the version
       the edit is made to, or Conflict: the app may have reloaded `story` meanwhile.
    3. Makes the edit in memory (`draft`): only the edited entry's lines change, new entries
       go at the end of their section (an event with a date: after the last event not later)
       laid out like their neighbours, a deleted entry takes its blank line with it. An actor
       that entries still refer to is not deleted (Refused, naming them).
    4. Judges the result by check's rules (`judge`); any error: Refused, nothing written.
    5. Replaces the file atomically (`tui.fileio.atomic_write`: temp file, fsync, rename).

Undo: `Saved.inverse` is the edit that undoes it (an Update or Create carrying the exact old
text, so undoing puts back the very bytes); `EditHistory` keeps them for `u` / `ctrl+y`.
Review marks follow an entry by id, which an update keeps: its fingerprint changes, so marks
on it show stale.

Repair (`check --fix --write`, the app's repair mode): a file whose links no longer match its
text fails check, yet is what needs editing. `StoryFile.open(path, with_errors=True)` opens it
(`story.valid` is False, `story.problems` has its errors), and `save_edit(..., keep_errors=True)`
writes an edit that leaves the file no error it did not have already (matched by entry, kind
and message): fixes go in one by one, or all at once as a Batch, orphans left for a person.

Saving blocks for as long as the lock is held by someone else (up to `lock_timeout`) and, on
a huge file changed by another editor, for a full parse: the app's entry form asks for a
short `lock_timeout` and tries again on a timer (Failed.busy), so its screen stays live.

Symbolic links: a story path that is a link (to a checkout, say) is edited in the file it
points to, resolved at each save; that file is locked and replaced, and the link stays a link.
A link that now points elsewhere reads as a changed file (step 2).

Speed: a save splices bytes and re-runs the model's fast path on tables it already holds, so
one edit to the 20,000-paragraph benchmark bundle takes less than parsing it once with tomli
(bench/save_edit.py). Files the header scan cannot vouch for take tomlkit's whole-document path
(see `draft`): correct, and seconds on a huge file.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from tui.authoring.draft import Draft, EditError
from tui.authoring.edits import (
    Batch,
    Conflict,
    Create,
    Delete,
    Edit,
    Failed,
    Fields,
    Outcome,
    Refused,
    Saved,
    Update,
    normalized,
)
from tui.authoring.judge import judge
from tui.authoring.story_file import FileStamp, StoryFile, read_with_stat, real_path
from tui.authoring.values import Unwritable, same
from tui.fileio import FileLock, LockTimeout, atomic_write, lock_beside, shown_path
from tui.model.entities import Bundle
from tui.model.problems import BundleError, Problem, Severity

LOCK_TIMEOUT = 5.0
_LAYOUT_CHANGED = Problem(
    "",
    0,
    0,
    "",
    "layout-changed",
    "the file is laid out in a way the writer could not keep outside the edited entry (a "
    "sub-table written after other tables, say): other lines were rewritten too, with the "
    "same content",
    Severity.WARNING,
)


def save_edit(
    story: StoryFile,
    edit: Edit,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    keep_errors: bool = False,
    expect: Mapping[str, Fields | None] | None = None,
) -> Outcome:
    """Make `edit` to the story file and write it; see the module docstring.

    `keep_errors` (repair: `check --fix --write`, the app's repair mode, on a StoryFile
    opened with_errors): the file may keep errors it had before, but gain none.
    """
    real = real_path(story.path)
    lock_path = lock_beside(real)
    try:
        with FileLock(lock_path, timeout=lock_timeout):
            return _save_locked(story, edit, real, keep_errors, expect or {})
    except LockTimeout:
        return Failed(
            f"{shown_path(story.path)} is being saved by someone else (locked for more than "
            f"{lock_timeout:g} s); nothing was written: try again",
            busy=True,
        )
    except OSError as error:
        return Failed(_not_saved(story.path, error))


class Preview(NamedTuple):
    """An edit made in memory only: the file's bytes before and after, the would-be story."""

    before: bytes
    after: bytes
    inverse: Edit
    problems: tuple[Problem, ...]

    def diff(self, name: str) -> str:
        """A unified diff of the change, as `check --fix` prints it."""
        import difflib

        lines = difflib.unified_diff(
            self.before.decode("utf-8").splitlines(keepends=True),
            self.after.decode("utf-8").splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(lines)


def preview_edit(
    story: StoryFile, edit: Edit, *, keep_errors: bool = False
) -> Preview | Refused:
    """What `edit` would make of the file as loaded, judged by check, nothing written."""
    made = _make(story, edit, keep_errors)
    if isinstance(made, Refused):
        return made
    draft, inverse, _, problems = made
    return Preview(story.raw, draft.raw, inverse, problems)


def _save_locked(
    story: StoryFile,
    edit: Edit,
    real: Path,
    keep_errors: bool,
    expect: Mapping[str, Fields | None],
) -> Outcome:
    for _ in range(3):
        outcome = _attempt(story, edit, real, keep_errors, expect)
        if outcome is not None:
            return outcome
    return Failed(f"{shown_path(story.path)} kept changing while it was saved: nothing was written")


def _attempt(
    story: StoryFile,
    edit: Edit,
    real: Path,
    keep_errors: bool,
    expect: Mapping[str, Fields | None],
) -> Outcome | None:
    """Save, or None when the file changed on disk while the edit was being made (an editor
    that does not take the lock): then it is read again, never overwritten."""
    try:
        raw, info = read_with_stat(real)
    except FileNotFoundError:
        return Failed(f"{shown_path(story.path)} is gone: nothing was written")
    base, reloaded = story, False
    if real != story.real or raw != story.raw:
        stamp = FileStamp.of(raw, info)
        disk = StoryFile.from_bytes(story.path, real, raw, stamp, with_errors=keep_errors)
        if disk is None:
            return Failed(
                f"{shown_path(story.path)} was changed on disk and does not pass check now; "
                "nothing was written: fix it (or undo that change) first",
                _problems_of(story.path),
            )
        conflict = _conflict(story, disk, edit)
        if conflict is not None:
            return conflict
        base, edit, reloaded = disk, _rebased(story, disk, edit), True
    unexpected = _unexpected(base, edit, expect)
    if unexpected is not None:
        return unexpected
    if not os.access(real, os.W_OK):
        return Failed(f"{shown_path(story.path)} is read-only: nothing was written")
    made = _make(base, edit, keep_errors)
    if isinstance(made, Refused):
        return made
    draft, inverse, bundle, problems = made
    if draft.raw == raw:  # nothing changed (an empty batch, fields as they were)
        new_stamp = base.stamp._replace(mtime_ns=info.st_mtime_ns, inode=info.st_ino)
    else:
        _remove_stale_temps(real)
        if _looks(os.stat(real, follow_symlinks=False)) != _looks(info):
            return None
        atomic_write(real, draft.raw)
        new_stamp = FileStamp.of(draft.raw, os.stat(real, follow_symlinks=False))
    saved = StoryFile(
        story.path, real, draft.raw, draft.data, bundle, problems, new_stamp, draft.index,
        draft.where,
    )
    return Saved(saved, edit, inverse, reloaded, problems)


def _make(
    base: StoryFile, edit: Edit, keep_errors: bool
) -> tuple[Draft, Edit, Bundle | None, tuple[Problem, ...]] | Refused:
    draft = Draft(base)
    try:
        inverse = draft.apply(edit)
        draft.finish()
    except EditError as error:
        line = base.line_of(error.entry) if error.entry else 0
        problem = Problem(base.path, line, 0, error.entry, error.code, str(error))
        return Refused((problem,), base)
    except Unwritable as error:
        return Refused((Problem(base.path, 0, 0, "", "unwritable", str(error)),), base)
    verdict = judge(
        base.path,
        draft.raw,
        draft.data,
        base_clean=base.clean,
        written=_written(draft),
        known_errors=base.errors if keep_errors else None,
    )
    if not verdict.written:
        return Refused(verdict.problems, base)
    problems = verdict.problems
    if draft.layout_changed:
        problems += (_LAYOUT_CHANGED._replace(file=base.path),)
    return draft, inverse, verdict.bundle, problems


def _written(draft: Draft) -> list[object]:
    found: list[object] = []
    for entry_id in draft.touched:
        where = draft.locate(entry_id)
        if where is not None:
            found.append(draft.data[where[0]][where[1]])
    return found


def _conflict(base: StoryFile, disk: StoryFile, edit: Edit) -> Conflict | None:
    """A Conflict when an entry the edit touches is not on disk as it was in `base`."""
    if isinstance(edit, Batch):
        for each in edit.edits:
            found = _conflict(base, disk, each)
            if found is not None:
                return found
        return None
    if isinstance(edit, Create):
        fields = normalized(edit.fields)
        new_id = str(fields.get("id"))
        if base.locate(new_id) is None and disk.locate(new_id) is not None:
            return Conflict(new_id, None, disk.fields(new_id), fields, disk)
        return None
    entry_id = edit.entry_id
    changed = _unexpected(disk, edit, {entry_id: base.fields(entry_id)})
    if changed is not None:
        return changed
    ours = _ours(edit, entry_id)
    if ours is not None and ours.get("id") != entry_id:
        new_id = str(ours.get("id"))
        if base.locate(new_id) is None and disk.locate(new_id) is not None:
            return Conflict(new_id, None, disk.fields(new_id), ours, disk)
    return None


def _unexpected(
    base: StoryFile, edit: Edit, expect: Mapping[str, Fields | None]
) -> Conflict | None:
    """A Conflict when an entry of `expect` is not in `base` as expected."""
    for entry_id, expected in expect.items():
        now = base.fields(entry_id)
        if not same(expected, now):
            return Conflict(entry_id, expected, now, _ours(edit, entry_id), base)
    return None


def _ours(edit: Edit, entry_id: str) -> Fields | None:
    """What `edit` makes of the entry `entry_id` (None: it deletes it, or leaves it alone)."""
    if isinstance(edit, Batch):
        for each in edit.edits:
            found = _ours(each, entry_id)
            if found is not None:
                return found
        return None
    if isinstance(edit, Update) and edit.entry_id == entry_id:
        return normalized(edit.fields)
    if isinstance(edit, Create) and edit.fields.get("id") == entry_id:
        return normalized(edit.fields)
    return None


def _rebased(base: StoryFile, disk: StoryFile, edit: Edit) -> Edit:
    """`edit` for the version on disk: a Create at a position goes after the same entry."""
    if isinstance(edit, Batch):
        return Batch(tuple(_rebased(base, disk, each) for each in edit.edits))
    if not isinstance(edit, Create) or edit.position is None:
        return edit
    if edit.position <= 0:
        return edit._replace(position=0)
    tables = base.tables(edit.section)
    anchor = tables[min(edit.position, len(tables)) - 1].get("id") if tables else None
    where = disk.locate(anchor) if isinstance(anchor, str) else None
    return edit._replace(position=None if where is None else where[1] + 1)


def _looks(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _problems_of(path: str) -> tuple[Problem, ...]:
    try:
        StoryFile.open(path)
    except BundleError as error:
        return tuple(error.problems)
    return ()


def _remove_stale_temps(real: Path) -> None:
    """Temp files a killed writer left (we hold the lock, so no writer is using one)."""
    prefix = f".{real.name}."
    with suppress(OSError):
        for name in os.listdir(real.parent):
            if name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + 16:
                with suppress(OSError):
                    os.unlink(real.parent / name)


def _not_saved(path: str, error: OSError) -> str:
    where = shown_path(path)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"{where} cannot be saved: its folder is read-only for you ({error.strerror}); "
            "nothing was written: copy the story somewhere you can write"
        )
    if error.errno == errno.ENOSPC:
        return f"{where} cannot be saved: the disk is full; nothing was written"
    reason = error.strerror or str(error)
    return f"{where} cannot be saved: {reason}; nothing was written"


__all__ = ["Create", "Delete", "Preview", "Update", "preview_edit", "save_edit"]
