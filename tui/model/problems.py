"""Problems found in a story bundle, and the one error type the model raises."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from tui.model.safe_text import inert_name


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong with a bundle, located as precisely as the source allows.

    `entry` names the entry (its id) or the section and index (`events[3]`) so that an
    author can find it even where the line is approximate.
    """

    file: str
    line: int
    column: int
    entry: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """`FILE:LINE: ENTRY: message` (`FILE:LINE:COLUMN:` where the column is known, as
        compilers write it), the file's name made inert: a name may hold any character,
        terminal controls and line breaks included."""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        where = inert_name(self.file)
        if self.line:
            where += f":{self.line}:{self.column}:" if self.column else f":{self.line}:"
        else:
            where += ":"
        entry = f" {self.entry}:" if self.entry else ""
        return f"{where}{entry} {prefix}{self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "entry": self.entry,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


class BundleError(Exception):
    """A bundle could not be loaded; `problems` holds every reason, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        first = errors[0].format() if errors else "invalid bundle"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)
