"""Ids for key bindings, so that a settings file can remap them (`App.set_keymap`).

Bindings written without an id get one from their action: `mark('verified')` in the
`review` group is `review.mark-verified`. An id is what the settings file names, so ids
stay put when keys change.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from textual.binding import Binding, BindingType


def action_id(prefix: str, action: str) -> str:
    """`review`, `mark('needs-fix')` -> `review.mark-needs-fix`."""
    words = re.findall(r"[A-Za-z0-9]+", action.replace("_", " "))
    return f"{prefix}.{'-'.join(word.lower() for word in words)}"


def with_ids(prefix: str, bindings: Iterable[BindingType]) -> list[BindingType]:
    """`bindings` with an id on each one that has none."""
    named: list[BindingType] = []
    for entry in bindings:
        binding = entry if isinstance(entry, Binding) else Binding(*entry)
        if binding.id is None:
            binding = dataclasses.replace(binding, id=action_id(prefix, binding.action))
        named.append(binding)
    return named
