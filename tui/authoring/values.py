"""TOML text for the values an edit writes, and the comparison that tells what changed.

Strings are written in the style asked for (basic, literal, multi-line) when the value allows
it, else as a basic string. A basic string escapes what TOML requires and also every character
a terminal would obey or that reorders text (C1 controls, bidi overrides, line separators), so
the file stays safe to `cat`. Values tomli reads back equal to what was meant: the writer checks.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

StringStyle = Literal["basic", "literal", "ml-basic", "ml-literal"]

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

# Written as escapes in every basic string: C0 controls, DEL, C1 controls, bidi embeddings,
# overrides and isolates, and the two Unicode line separators.
_UNSAFE_CODES = (
    *range(0x20),
    0x7F,
    *range(0x80, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
)
_NAMED = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_BASIC = {code: _NAMED.get(code, f"\\u{code:04X}") for code in _UNSAFE_CODES}
_BASIC |= {ord('"'): '\\"', ord("\\"): "\\\\"}
# Multi-line basic strings keep line breaks and quotation marks as they are.
_MULTI_LINE = {code: text for code, text in _BASIC.items() if code not in (0x0A, ord('"'))}
# The same with lower-case hex digits (\u001b), for a value whose file writes them so: a
# rewritten value then differs from what it was only where it changed.
_BASIC_LOWER = {code: text.lower() if text[1] == "u" else text for code, text in _BASIC.items()}
_MULTI_LINE_LOWER = {code: _BASIC_LOWER[code] for code in _MULTI_LINE}
# Each escape of a basic string, whole (so an escaped backslash before a "u" is not read as
# the start of a \u escape), with the hex digits of a \u or \U one.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|.)", re.DOTALL)
_NOT_LITERAL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029']")
_NOT_MULTI_LITERAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


class Unwritable(ValueError):
    """A value TOML cannot hold (a lone surrogate, a None inside an array, a Python object)."""


def lower_hex(written: str) -> bool:
    """Whether the TOML text `written` spells its hex escapes in lower case (\\u001b)."""
    digits = "".join(m.group(1) or m.group(2) or "" for m in _ESCAPE.finditer(written))
    letters = "".join(c for c in digits if c.isalpha())
    return letters.islower()


def string(value: str, style: StringStyle = "basic", *, lower: bool = False) -> str:
    """`value` as a TOML string in `style` where the value allows it, else a basic string;
    `lower`: its \\u escapes with lower-case hex digits."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Unwritable(f"{value[:40]!r} holds a character that is not Unicode text") from None
    if style == "literal" and not _NOT_LITERAL.search(value):
        return f"'{value}'"
    if style == "ml-literal" and _multi_literal_ok(value):
        return "'''" + ("\n" if value.startswith("\n") else "") + value + "'''"
    if style == "ml-basic":
        escaped = value.translate(_MULTI_LINE_LOWER if lower else _MULTI_LINE)
        body = re.sub('"(?=")', '\\\\"', escaped)
        if body.endswith('"'):
            body = body[:-1] + '\\"'
        return '"""' + ("\n" if value.startswith("\n") else "") + body + '"""'
    return '"' + value.translate(_BASIC_LOWER if lower else _BASIC) + '"'


def _multi_literal_ok(value: str) -> bool:
    return "'''" not in value and not value.endswith("'") and not _NOT_MULTI_LITERAL.search(value)


def key(name: str) -> str:
    """A key as written: bare when it can be, else a basic string."""
    return name if BARE_KEY.fullmatch(name) else string(name)


def value(
    item: Any, style: StringStyle = "basic", *, padded: bool = True, lower: bool = False
) -> str:
    """Any TOML value, inline: strings in `style` (`lower`: see `string`), arrays on one
    line, tables as inline tables (`{ a = 1 }`, or `{a = 1}` when not `padded`)."""
    if isinstance(item, str):
        return string(item, style, lower=lower)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float | dt.datetime | dt.date | dt.time):
        import tomlkit  # lazily: only edits need it

        return str(tomlkit.item(item).as_string())
    if isinstance(item, Mapping):
        return inline_table(item, style, padded=padded, lower=lower)
    if isinstance(item, Sequence):
        each = (value(element, style, padded=padded, lower=lower) for element in item)
        return "[" + ", ".join(each) + "]"
    raise Unwritable(f"{type(item).__name__} values cannot be written to a story bundle")


def inline_table(
    table: Mapping[str, Any],
    style: StringStyle = "basic",
    *,
    padded: bool = True,
    eq: str = " = ",
    lower: bool = False,
) -> str:
    if not table:
        return "{}"
    body = ", ".join(
        f"{key(name)}{eq}{value(item, style, padded=padded, lower=lower)}"
        for name, item in table.items()
    )
    return "{ " + body + " }" if padded else "{" + body + "}"


def same(a: Any, b: Any) -> bool:
    """Equal as TOML values: of the same types all the way down (1, 1.0 and true differ),
    tables compared without regard to key order, and nan equal to nan."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)
