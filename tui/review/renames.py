"""Which id an entry's review now lives under, after the edits that renamed it.

A review is kept by entry id, and a `rename` change (old id -> new id, at a time) moves it.
Renames are resolved whatever order they arrived in: an id follows its latest rename, then
the latest rename of that id made after it, and so on, so that undoing a rename (B -> A
after A -> B) brings the review back, and a chain ends (each step is later than the last).
"""

from __future__ import annotations

_Move = tuple[str, int, str]  # (at, arrival, new id): compared by time, then arrival


class Renames:
    __slots__ = ("_into", "_moves")

    def __init__(self) -> None:
        self._moves: dict[str, list[_Move]] = {}  # old id -> its renames
        self._into: dict[str, set[str]] = {}  # new id -> the ids renamed to it

    def __bool__(self) -> bool:
        return bool(self._moves)

    def add(self, old: str, new: str, at: str, arrival: int) -> None:
        self._moves.setdefault(old, []).append((at, arrival, new))
        self._into.setdefault(new, set()).add(old)

    def resolve(self, entry_id: str) -> str:
        """The id the review recorded under `entry_id` lives under now."""
        since: tuple[str, int] = ("", -1)
        while True:
            moves = self._moves.get(entry_id)
            if not moves:
                return entry_id
            at, arrival, new = max(moves)
            if (at, arrival) <= since:
                return entry_id
            since, entry_id = (at, arrival), new

    def reaching(self, entry_id: str) -> set[str]:
        """`entry_id` and every id renamed to it, directly or through others: the ids
        whose review a rename of `entry_id` may move."""
        found = {entry_id}
        waiting = [entry_id]
        while waiting:
            for old in self._into.get(waiting.pop(), ()):
                if old not in found:
                    found.add(old)
                    waiting.append(old)
        return found
