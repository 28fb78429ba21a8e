"""The rule table (`rules`) turned into the fast path's checks.

`TableRules(spec, keys).values(table)` is the table's values for `keys`, in that order, each
checked against its Field: the kind of value, required or not, blank or not; then the
table's x- extensions. It raises NotClean at the first value that breaks a rule, and at an
unknown key, without saying which: the reporting validator, reading the same table, says.

`values` is written out from the table as Python source, one line per key, and compiled
once per spec (as `collections.namedtuple` and `dataclasses` write their methods): looping
over the fields for each of a bundle's hundred thousand tables costs twice as much.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from tui.model.entities import NO_EXTENSIONS
from tui.model.rules import Field, TableSpec

__all__ = ["NotClean", "TableRules", "all_of"]


class NotClean(Exception):
    """Not the clean common case: the reporting validator will say why."""


def all_of(values: list[Any], kind: type) -> bool:
    """Whether every value is exactly of type `kind` (one pass in C, not a Python loop)."""
    return set(map(type, values)) <= {kind}


# The test each kind of Field makes of a value `v` that is present. An array of tables is
# only checked to be an array here: each element is checked as a table where it is read
# (`values` of its own spec starts with that).
_WRONG = {
    "string": "type({v}) is not str",
    "strings": "type({v}) is not list or not set(map(type, {v})) <= ONLY_STR",
    "table": "type({v}) is not dict",
    "tables": "type({v}) is not list",
}


def _wrong(field: Field, v: str) -> str:
    """A Python condition that is true when the present value `v` breaks `field`'s rules."""
    wrong = _WRONG[field.kind].format(v=v)
    if field.required and field.kind == "string":
        # More than white space; or "" when it may be empty.
        return (
            f"{wrong} or {v}.isspace()"
            if field.may_be_empty
            else (f"{wrong} or not {v} or {v}.isspace()")
        )
    return wrong


@lru_cache(maxsize=64)
def _compiled(rules: tuple[tuple[str, Field], ...]) -> Callable[[object], tuple[Any, ...]]:
    names = [f"v{number}" for number in range(len(rules))]
    required = [
        (key, field, v) for (key, field), v in zip(rules, names, strict=True) if field.required
    ]
    lines = ["def values(table):", "    if type(table) is not dict: raise NotClean"]
    if required:  # looked up: a KeyError is a missing key
        lines.append("    try:")
        lines += [f"        {v} = table[{key!r}]" for key, _, v in required]
        lines += ["    except KeyError:", "        raise NotClean from None"]
        lines += [f"    if {_wrong(field, v)}: raise NotClean" for _, field, v in required]
    # `known`: how many of the table's keys are in the spec; any other must be an x- key.
    lines.append(f"    known = {len(required)}")
    for (key, field), v in zip(rules, names, strict=True):
        if not field.required:
            lines += [
                f"    if {key!r} in table:",
                f"        {v} = table[{key!r}]",
                "        known += 1",
                f"        if {_wrong(field, v)}: raise NotClean",
                "    else:",
                f"        {v} = None",
            ]
    lines += [
        "    ext = NO_EXTENSIONS if len(table) == known else extensions(table, allowed)",
        f"    return ({''.join(f'{v}, ' for v in names)}ext)",
    ]
    namespace: dict[str, Any] = {
        "NotClean": NotClean,
        "NO_EXTENSIONS": NO_EXTENSIONS,
        "ONLY_STR": frozenset({str}),
        "allowed": frozenset(key for key, _ in rules),
        "extensions": extensions,
    }
    exec("\n".join(lines), namespace)  # the source made above from the rule table
    values: Callable[[object], tuple[Any, ...]] = namespace["values"]
    return values


def extensions(table: dict[str, Any], keys: frozenset[str]) -> Mapping[str, Any]:
    """The table's x- extensions; a key that is neither one nor in `keys` is irregular."""
    found: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            if not key.startswith("x-"):
                raise NotClean
            found[key] = value
    return found or NO_EXTENSIONS


class TableRules:
    """One kind of table's rules as the fast path applies them."""

    __slots__ = ("values",)

    def __init__(self, spec: TableSpec, keys: tuple[str, ...]) -> None:
        """`keys`: every key of `spec`, in the order the caller unpacks `values`. A spec with
        other keys (the table changed, the fast path did not) raises NotClean: the caller
        then leaves the whole bundle to the reporting validator."""
        if sorted(keys) != sorted(spec.fields):
            raise NotClean
        # Keyed by the rules themselves: a changed table compiles anew.
        self.values = _compiled(tuple((key, spec.fields[key]) for key in keys))
