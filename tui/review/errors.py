"""What can go wrong with a review store, as exceptions the app and the commands report."""

from __future__ import annotations

from pathlib import Path

from tui.fileio import shown_path


class ReviewError(Exception):
    """Base class for review-store problems."""


class ReviewSaveError(ReviewError):
    """A save failed. The file on disk is unchanged; the changes are kept in memory."""


class ReviewLocked(ReviewSaveError):
    """Another process holds the review file's lock; saving is retried."""


class ReviewFormatError(ReviewError):
    """A file is not a usable review of this story (corrupt, foreign, a link, a FIFO...).

    `path` is the file; `reason` says what is wrong with it, in words for a message.
    """

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def described(self) -> str:
        where = shown_path(self.path) if self.path is not None else "the review file"
        return f"Review file {where} is not usable: {self.reason}"


class ReviewerNameError(ValueError):
    """A reviewer name that cannot be recorded (not UTF-8, control characters...)."""
