"""Checking tables against the shape rules of format 1 (`rules`), and wording each problem.

`Checker` collects every problem with the path of the offending key; `load` later turns
paths into line numbers. Checking values against other entries is `linking`'s job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.model.entities import NO_EXTENSIONS
from tui.model.problems import Severity
from tui.model.rules import Field, TableSpec
from tui.model.safe_text import unsafe_characters

if TYPE_CHECKING:
    from tui.model.toml_lines import Path

# RFC 5646 well-formed language tags (grandfathered irregular tags aside from the common ones).
_BCP47_PATTERN = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"
    r"|x(?:-[a-z0-9]{1,8})+"
    r"|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)"
    r"|en-gb-oed|sgn-(?:be-fr|be-nl|ch-de)"
)


def is_language_tag(text: str) -> bool:
    """Whether `text` is a well-formed BCP 47 language tag."""
    if len(text) in (2, 3) and text.isascii() and text.isalpha():  # "en", "ar": no regex
        return True
    # Compiled by `re` at its first use, not at start-up. ASCII: without it, IGNORECASE
    # lets [a-z] match U+017F, U+0130, U+0131 and U+212A.
    return re.fullmatch(_BCP47_PATTERN, text, re.IGNORECASE | re.ASCII) is not None


# An array of tables as validated: an element that is not a table is None.
Tables = list[dict[str, Any] | None]


class PathProblem(NamedTuple):
    """A problem placed by its path in the document; `load` turns the path into a line."""

    path: Path
    entry: str
    code: str
    message: str
    severity: Severity = Severity.ERROR


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    list: "an array",
    dict: "a table",
}


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return "a date/time"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_shown(key: str) -> str:
    """A key as written in a message: bare keys in backticks, any other (a quoted key with
    spaces, line breaks or terminal controls in it) as an escaped Python string."""
    return f"`{key}`" if _BARE_KEY.fullmatch(key) else repr(key)


def quoted(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


KIND_WORDS = {
    "string": "a string",
    "strings": "an array of strings",
    "table": "a table",
    "tables": "an array of tables",
}


class Checker:
    """Collects the problems found, each placed by its path."""

    __slots__ = ("problems", "scan_text")

    def __init__(self, *, scan_text: bool = True) -> None:
        self.problems: list[PathProblem] = []
        # False when the document cannot hold a control character (none raw, no escapes
        # that could make one): then strings need no scan.
        self.scan_text = scan_text

    def error(self, path: Path, entry: str, code: str, message: str) -> None:
        self.problems.append(PathProblem(path, entry, code, message))

    def warn(self, path: Path, entry: str, code: str, message: str) -> None:
        self.problems.append(PathProblem(path, entry, code, message, Severity.WARNING))

    def table(
        self, value: dict[str, Any], spec: TableSpec, path: Path, entry: str
    ) -> tuple[dict[str, Any], Mapping[str, Any]]:
        """Check keys and value types; return (the valid fields, the x- extensions).

        An array whose elements are not all of the right type is kept, with each wrong
        element reported and replaced by None, so the right ones are still checked (and
        keep their index). At the top level (`entry` empty) each key names itself.
        """
        valid: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for key, item in value.items():
            key_path = (*path, key)
            if key.startswith("x-"):
                extensions[key] = item
                if self.scan_text:
                    self._scan_extension(key, item, key_path, entry)
                continue
            key_entry = entry or _key_shown(key).strip("`")
            if key not in spec.fields:
                hint = difflib.get_close_matches(key, spec.fields, n=1)
                better = f"; did you mean `{hint[0]}`?" if hint else ""
                allowed = ", ".join(spec.fields)
                self.error(
                    key_path,
                    key_entry,
                    "unknown-key",
                    f"unknown key {_key_shown(key)}{better} "
                    f"(allowed here: {allowed}, or x-* extensions)",
                )
                continue
            checked = self._typed(item, spec.fields[key], key, key_path, key_entry)
            if checked is not None:
                valid[key] = checked
        for key, field in spec.fields.items():
            if field.required and key not in value:
                self.error(
                    path,
                    entry or key,
                    "missing-key",
                    f"`{key}` is required: add {key} = … ({KIND_WORDS[field.kind]})",
                )
        return valid, extensions or NO_EXTENSIONS

    def _typed(self, item: Any, field: Field, key: str, path: Path, entry: str) -> Any:
        """The value if it has the right type (arrays: wrong elements set to None), else None."""
        kind = field.kind
        expected = KIND_WORDS[kind]
        wrong = f"`{key}` must be {expected}, not {_type_name(item)}"
        if kind == "string":
            if not isinstance(item, str):
                self.error(path, entry, "wrong-type", wrong)
                return None
            self.text(item, key, path, entry)
            if field.required and not item.strip() and not (item == "" and field.may_be_empty):
                self.error(path, entry, "blank", f"`{key}` must hold more than white space")
                return None
            return item
        if kind == "table":
            if not isinstance(item, dict):
                self.error(path, entry, "wrong-type", wrong)
                return None
            return item
        if not isinstance(item, list):
            self.error(path, entry, "wrong-type", wrong)
            return None
        element_type = str if kind == "strings" else dict
        elements: list[Any] = []
        for index, element in enumerate(item):
            if not isinstance(element, element_type):
                element_name = "a string" if kind == "strings" else "a table"
                self.error(
                    (*path, index),
                    entry,
                    "wrong-type",
                    f"`{key}[{index}]` must be {element_name}, not {_type_name(element)}",
                )
                elements.append(None)
                continue
            if isinstance(element, str):
                self.text(element, f"{key}[{index}]", (*path, index), entry)
            elements.append(element)
        return elements

    def _scan_extension(self, key: str, item: Any, path: Path, entry: str) -> None:
        """An extension is carried through untouched, but the app shows it: warn of the
        controls in its name and in every string it holds, as of any other text."""
        shown = _key_shown(key).strip("`")
        entry = entry or shown  # at the top level the key names itself, as other keys do
        self.text(key, shown, path, entry, of_key=True)
        strings = [item]
        while strings:
            value = strings.pop()
            if isinstance(value, str):
                self.text(value, shown, path, entry)
            elif isinstance(value, dict):
                strings += reversed([*value.keys(), *value.values()])
            elif isinstance(value, list):
                strings += reversed(value)

    def text(self, value: str, key: str, path: Path, entry: str, *, of_key: bool = False) -> None:
        """Warn of the controls in `value`, the value of `key` (`of_key`: the key itself)."""
        if not self.scan_text:
            return
        found = [f"U+{ord(character):04X}" for character in unsafe_characters(value)]
        if not found:
            return
        if len(found) == 1:
            what = f"the control character {found[0]}; it is shown as a visible placeholder"
        else:
            if len(found) > _NAMED_CONTROLS:
                found[_NAMED_CONTROLS - 1 :] = [f"{len(found) - _NAMED_CONTROLS + 1} more"]
            named = ", ".join(found[:-1]) + " and " + found[-1]
            what = f"the control characters {named}; they are shown as visible placeholders"
        if len(path) >= 5 and path[2] == "sources":  # which link: ("events", 3, "sources", 0, …)
            key = f"sources[{path[3]}].{key}"
        self.warn(
            path, entry, "control-character",
            f"{'the key ' if of_key else ''}`{key}` contains {what}, never sent to the terminal",
        )


_NAMED_CONTROLS = 5  # in one warning; then "and N more"


def with_article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def not_one_of(value: str, allowed: tuple[str, ...]) -> str:
    hint = difflib.get_close_matches(value, allowed, n=1)
    better = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"{value!r} is not one of {', '.join(allowed)}{better}"
