"""A story's review store: the logs and old-format files it is read from, the one it grows.

Sources, all read and merged (a change counts once, by its id):
- the shared log beside the bundle, and a first-format file there;
- the user's private log in the data folder, and a first-format file there.
One of the logs is the writer: the shared one when its folder can be written, else the
private one ("write elsewhere only what cannot be written there"). Whatever the writer
lacks that belongs in it is carried over with the next append: a first-format file's
records (the upgrade, after which that file is kept aside), private changes once the shared
folder can be written, and, if the writer's file was replaced or set aside by someone,
every change it held before. Nothing is deleted; unusable files are renamed aside, and
only by a writable store (the app), never by a read-only one (`report`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from tui.fileio import FileLock, LockTimeout, lock_beside, rename_aside, shown_path
from tui.review.changes import Change
from tui.review.errors import ReviewFormatError, ReviewLocked, ReviewSaveError
from tui.review.legacy import LegacyFile
from tui.review.log import REVIEW_FORMAT, ReviewLog
from tui.review.paths import (
    ReviewPaths,
    can_write,
    legacy_path,
    make_private_dirs,
    review_path_for,
)

LOCK_TIMEOUT = 2.0  # seconds; the app asks for much less and retries on a timer


class StoreRead(NamedTuple):
    changes: list[Change]
    problems: list[str]  # messages ready to show
    replaced: bool  # a file was replaced since it was last read
    unusable: list[ReviewFormatError]


class ReviewStore:
    """The review files of one story; see the module's description."""

    def __init__(
        self,
        story_id: str,
        *,
        writer: Path | None,
        logs: Sequence[Path],
        legacies: Sequence[Path] = (),
        carry: Iterable[Path] = (),
    ) -> None:
        """`logs` and `legacies` are read; `writer` (one of `logs`, or None for a
        read-only store) is appended to; changes read from `carry` files are copied into
        the writer, and `carry` legacies are kept aside once they are."""
        self.story_id = story_id
        self.logs = [ReviewLog(path, story_id) for path in dict.fromkeys(logs)]
        self.legacies = [LegacyFile(path, story_id) for path in dict.fromkeys(legacies)]
        self.writer = next((log for log in self.logs if log.path == writer), None)
        self._carry = set(carry)
        self._in_writer: dict[str, Change] = {}  # every change the writer's file holds
        self._to_carry: dict[str, Change] = {}  # changes the writer lacks, to append
        self._upgraded: set[Path] = set()  # legacies fully carried into the writer
        self._ready: set[Path] = set()  # writers whose folder exists (made private)

    @classmethod
    def for_paths(cls, paths: ReviewPaths, story_id: str, *, read_only: bool) -> ReviewStore:
        shared, private = paths.shared, paths.private
        logs = [p for p in (shared, private) if p is not None]
        legacies = [p for p in (paths.shared_legacy, paths.private_legacy) if p is not None]
        if read_only:
            return cls(story_id, writer=None, logs=logs, legacies=legacies)
        writer = shared if shared is not None and can_write(shared) else private
        carry = {private, paths.private_legacy, legacy_path(writer)} - {writer}
        return cls(story_id, writer=writer, logs=logs, legacies=legacies, carry=carry)

    @classmethod
    def at(cls, path: Path, story_id: str, *, read_only: bool = False) -> ReviewStore:
        """The store of one log file (and the first-format file beside it)."""
        legacy = legacy_path(Path(path))
        return cls(
            story_id,
            writer=None if read_only else Path(path),
            logs=[Path(path)],
            legacies=[legacy],
            carry=() if read_only else [legacy],
        )

    @property
    def path(self) -> Path:
        """The file changes are written to (for a read-only store, the first log)."""
        return self.writer.path if self.writer is not None else self.logs[0].path

    @property
    def read_only(self) -> bool:
        return self.writer is None

    @property
    def has_carry(self) -> bool:
        """Changes or old files wait to be carried into the writer."""
        return bool(self._to_carry) or any(
            legacy.path in self._carry and legacy.path not in self._upgraded and legacy.exists()
            for legacy in self.legacies
        )

    def size(self) -> int:
        """The bytes of every file this store reads (0 for those missing or unusual)."""
        total = 0
        for path in self.watched_files():
            with contextlib.suppress(OSError):
                total += os.lstat(path).st_size
        return total

    def watched_files(self) -> list[Path]:
        """Every file this store reads, for a watch on their folders."""
        return [log.path for log in self.logs] + [legacy.path for legacy in self.legacies]

    def elsewhere_note(self) -> str | None:
        """When changes go to the private log although a shared review exists (its folder
        cannot be written): a message saying so, else None."""
        if self.writer is None or self.writer is self.logs[0]:
            return None
        shared = [log.path for log in self.logs[:1] if log.exists()]
        shared += [legacy.path for legacy in self.legacies[:1] if legacy.exists()]
        if not shared or shared[0].parent == self.writer.path.parent:
            return None
        return (
            f"The review beside the story cannot be written from here: {shown_path(shared[0])} "
            f"is read, and your changes are saved to {shown_path(self.writer.path)}."
        )

    # -- reading -----------------------------------------------------------------------

    def read_new(self) -> StoreRead:
        """What every source holds that was not read before. Never raises: unreadable
        files come back as problems, unusable ones in `unusable`."""
        found = StoreRead([], [], False, [])
        for log in self.logs:
            try:
                read = log.read_new()
            except ReviewFormatError as error:
                found.unusable.append(error)
                continue
            except OSError as error:
                found.problems.append(f"Could not read {shown_path(log.path)}: {_reason(error)}.")
                continue
            self._note_read(log, read.changes, read.replaced)
            found.changes.extend(read.changes)
            found.problems.extend(_located(log.path, read.problems))
            if read.replaced:
                found = found._replace(replaced=True)
        for legacy in self.legacies:
            try:
                old = legacy.read()
            except ReviewFormatError as error:
                error.path = legacy.path
                found.unusable.append(error)
                continue
            except OSError as error:
                found.problems.append(
                    f"Could not read {shown_path(legacy.path)}: {_reason(error)}."
                )
                continue
            if old.changed:
                self._upgraded.discard(legacy.path)  # written again by an older version
                self._note_carry(legacy.path, old.changes)
                found.changes.extend(old.changes)
                found.problems.extend(_located(legacy.path, old.problems))
        return found

    def _note_read(self, log: ReviewLog, changes: list[Change], replaced: bool) -> None:
        if log is not self.writer:
            self._note_carry(log.path, changes)
            return
        if replaced:
            # Someone replaced the file (set it aside, checked out another version): what
            # it held before and no longer holds goes back in with the next append.
            held = {change.change_id for change in changes}
            for change_id, change in self._in_writer.items():
                if change_id not in held:
                    self._to_carry[change_id] = change
            self._in_writer = {}
        for change in changes:
            self._in_writer[change.change_id] = change
            self._to_carry.pop(change.change_id, None)

    def _note_carry(self, path: Path, changes: Iterable[Change]) -> None:
        if path not in self._carry:
            return
        for change in changes:
            if change.change_id not in self._in_writer:
                self._to_carry[change.change_id] = change

    # -- writing -----------------------------------------------------------------------

    def append(self, changes: Sequence[Change], *, timeout: float = LOCK_TIMEOUT) -> StoreRead:
        """Append `changes` (and whatever waits to be carried) to the writer, under its
        lock, after reading what others appended (returned, to be folded in). Raises
        ReviewLocked, or ReviewSaveError when nothing could be written."""
        writer = self.writer
        if writer is None:
            raise ReviewSaveError("This review was opened read-only.")
        try:
            if writer.path not in self._ready:
                make_private_dirs(writer.path.parent)
                self._ready.add(writer.path)
            with writer.lock(timeout), self._legacy_locks(timeout):
                return self._append_locked(writer, changes)
        except LockTimeout:
            raise ReviewLocked(
                f"review file {shown_path(writer.path)} locked by another process; "
                "marks kept in memory, retrying"
            ) from None
        except OSError as error:
            raise ReviewSaveError(
                f"Could not save the review to {shown_path(writer.path)}: {_reason(error)}"
            ) from error
        except ReviewFormatError as error:  # swapped for something else while we wrote
            raise ReviewSaveError(f"Could not save the review: {error.described()}") from error

    @contextlib.contextmanager
    def _legacy_locks(self, timeout: float) -> Iterator[None]:
        """The first-format files being carried over are locked as their old writers
        lock them, so an editor still on the old version cannot save in between."""
        with contextlib.ExitStack() as stack:
            for legacy in self.legacies:
                wanted = legacy.path in self._carry and legacy.path not in self._upgraded
                if wanted and legacy.exists():
                    with contextlib.suppress(OSError):
                        stack.enter_context(FileLock(legacy.lock_path, timeout=timeout))
            yield

    def _append_locked(self, writer: ReviewLog, changes: Sequence[Change]) -> StoreRead:
        found = StoreRead([], [], False, [])
        try:
            read = writer.read_new()
        except ReviewFormatError as error:
            # Unusable under our lock: keep it aside and start a new file with everything
            # it held before, so nothing anyone saw as saved is lost.
            aside = rename_aside(writer.path, "unusable")
            found.problems.append(
                f"{error.described()}. Moved it to {shown_path(aside.name)}; "
                "a new review file holds every change read before."
            )
            read = writer.read_new()  # gone now: resets and reports it replaced
        self._note_read(writer, read.changes, read.replaced)
        found.changes.extend(read.changes)
        found.problems.extend(_located(writer.path, read.problems))
        upgraded = self._read_legacies_to_carry(found)
        lines = [
            change.line()
            for change in [*self._to_carry.values(), *changes]
            if change.change_id not in self._in_writer
        ]
        extra = {"upgraded_from": "baghouz-review/1"} if upgraded else {}
        after = writer.append_locked(lines, **extra)
        found.changes.extend(after.changes)
        found.problems.extend(_located(writer.path, after.problems))
        self._note_read(writer, after.changes, after.replaced)
        for change in [*self._to_carry.values(), *changes]:
            self._in_writer[change.change_id] = change
        self._to_carry.clear()
        for legacy in upgraded:
            aside = rename_aside(legacy.path, "v1-upgraded")
            self._upgraded.add(legacy.path)
            found.problems.append(
                f"Upgraded {shown_path(legacy.path)} to {REVIEW_FORMAT} in "
                f"{shown_path(writer.path.name)}; the old file is kept as {shown_path(aside.name)}."
            )
        return found

    def _read_legacies_to_carry(self, found: StoreRead) -> list[LegacyFile]:
        upgraded = []
        for legacy in self.legacies:
            if legacy.path not in self._carry or legacy.path in self._upgraded:
                continue
            try:
                old = legacy.read(force=True)  # under its lock: final
            except ReviewFormatError:
                continue  # reported by read_new; set aside by the session
            if not legacy.exists():
                continue
            self._note_carry(legacy.path, old.changes)
            found.changes.extend(old.changes)
            upgraded.append(legacy)
        return upgraded

    def set_aside(self, error: ReviewFormatError, *, timeout: float = LOCK_TIMEOUT) -> str:
        """Rename an unusable file aside (writable stores only); a message saying so."""
        path = error.path
        if self.writer is None or path is None:
            return f"{error.described()}."
        if not can_write(path):
            return f"{error.described()}. It was left in place."
        try:
            with FileLock(lock_beside(path), timeout=timeout):
                aside = rename_aside(path, "unusable")
        except OSError as failure:
            return f"{error.described()}. It could not be moved aside ({_reason(failure)})."
        for log in self.logs:
            if log.path == path:
                log.read_new()  # forget where reading had got to in the old file
        return (
            f"{error.described()}. Moved it to {shown_path(aside.name)}; "
            "its changes are not in this review."
        )


def _located(path: Path, problems: Iterable[str]) -> list[str]:
    return [f"Review file {shown_path(path)}: {problem}; skipped." for problem in problems]


def _reason(error: OSError) -> str:
    import errno

    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "it cannot be written here"
    return error.strerror or str(error) or type(error).__name__


def set_aside_file(path: Path) -> Path:
    """Rename `path` aside as `<name>.corrupt-<UTC time>` without replacing anything (for
    other stores of the same kind, e.g. the suggestion store)."""
    return rename_aside(path, "corrupt")


__all__ = [
    "LOCK_TIMEOUT", "ReviewStore", "StoreRead", "review_path_for", "set_aside_file",
]
