"""Moving through a list to the next entry that matches (the next one without your verdict)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def next_matching(
    ids: Sequence[str],
    current: str | None,
    wanted: Callable[[str], bool],
    *,
    backwards: bool = False,
) -> str | None:
    """The first id after (or before) `current` in `ids` for which `wanted` is true,
    wrapping around; `current` itself is considered last. When `current` is None or
    not in `ids`, the search starts at the first (or last) id. None if nothing matches."""
    if not ids:
        return None
    order = list(reversed(ids)) if backwards else list(ids)
    try:
        start = order.index(current) + 1 if current is not None else 0
    except ValueError:
        start = 0
    for offset in range(len(order)):
        candidate = order[(start + offset) % len(order)]
        if wanted(candidate):
            return candidate
    return None
