"""JSON text for exports: the document indented, its long list of items one item a line.

One item a line reads and diffs well (a golden file's change is the lines of the entries
that changed), and each item goes through json's C encoder, which `indent` would turn off:
a 20,000-event story is written several times faster.
"""

from __future__ import annotations

import json
from typing import Any

_PLACEHOLDER = "\x00items"  # exports hold no NUL (text.clean), so this marks one place only
_MARK = json.dumps(_PLACEHOLDER)


def dumps(document: dict[str, Any], items: list[Any], *, at: tuple[str, ...]) -> str:
    """`document` with `items` as the list at key path `at` (created there), as JSON text."""
    holder = document
    for key in at[:-1]:
        holder = holder[key]
    holder[at[-1]] = _PLACEHOLDER
    text = json.dumps(document, ensure_ascii=False, indent=2)
    holder[at[-1]] = items
    if text.count(_MARK) != 1:
        raise ValueError("the document holds a NUL character: clean its text first")
    start = text.index(_MARK)
    line = text[text.rindex("\n", 0, start) + 1 : start]  # e.g. '    "items": '
    indent = line[: len(line) - len(line.lstrip(" "))]
    if not items:
        listed = "[]"
    else:
        lines = (f"{indent}  {json.dumps(item, ensure_ascii=False)}" for item in items)
        listed = "[\n" + ",\n".join(lines) + f"\n{indent}]"
    return text[:start] + listed + text[start + len(_MARK) :] + "\n"
