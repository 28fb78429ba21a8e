"""Column widths for the entry lists, from their contents and the room there is.

Each column says how wide its widest cell is (`want`), how narrow it may get before it is
dropped (`minimum`), and whether it is the one that takes the spare room (`flex`: the title
or the name). A column that is empty in every row is not shown at all. When room is short,
the flex column keeps at least `share` of the width: the others shrink first, then the
ones that may go (`drop`, lowest first) go.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

GAP = 1  # blank cells after each column but the last


class Column(NamedTuple):
    key: str
    header: str
    want: int  # cells of its widest cell; 0: empty in every row, so not shown
    minimum: int = 0  # narrowest it may be; 0: never narrower than `want`
    flex: bool = False
    drop: int = 0  # 0: always shown; else dropped for room, lowest first
    right: bool = False  # numbers: aligned right

    @property
    def narrowest(self) -> int:
        return min(self.minimum or self.want, self.want)


class Placed(NamedTuple):
    column: Column
    width: int


def fit_columns(columns: Sequence[Column], width: int, share: float = 0.5) -> list[Placed]:
    """The columns shown in `width` cells, each with its width (see the module docstring)."""
    shown = [column for column in columns if column.want > 0 or column.flex]
    flex = next((c for c in shown if c.flex), None)
    while True:
        widths = _widths(shown, flex, width, share)
        if widths is not None:
            return [Placed(column, widths[column.key]) for column in shown]
        droppable = [c for c in shown if c.drop]
        if not droppable:  # nothing left to give way: squeeze the flex column
            return [Placed(c, w) for c, w in _squeezed(shown, flex, width).items()]
        shown.remove(min(droppable, key=lambda c: c.drop))


def _widths(
    shown: Sequence[Column], flex: Column | None, width: int, share: float
) -> dict[str, int] | None:
    """Widths that leave the flex column its share, or None when they cannot."""
    fixed = [c for c in shown if c is not flex]
    room = width - GAP * (len(shown) - 1)
    if flex is None:
        return {c.key: c.want for c in fixed} if sum(c.want for c in fixed) <= room else None
    target = min(flex.want, max(flex.narrowest, int(width * share)))
    widths = {c.key: c.want for c in fixed}
    over = sum(widths.values()) + target - room
    for column in reversed(fixed):  # shrink those that may, the rightmost first
        if over <= 0:
            break
        give = min(over, column.want - column.narrowest)
        widths[column.key] -= give
        over -= give
    if over > 0:
        return None
    widths[flex.key] = room - sum(widths[c.key] for c in fixed)
    surplus = widths[flex.key] - flex.want
    last = shown[-1]
    if surplus > 0 and last is not flex:  # spare room goes to the end of the row
        widths[flex.key] = flex.want
        if not last.right:
            widths[last.key] += surplus
    return widths


def _squeezed(shown: Sequence[Column], flex: Column | None, width: int) -> dict[Column, int]:
    """Everything at its narrowest; the flex column gets what is left, if anything."""
    widths = {c: c.narrowest for c in shown if c is not flex}
    if flex is not None:
        room = width - GAP * (len(shown) - 1) - sum(widths.values())
        widths[flex] = max(0, room)
    return {c: widths[c] for c in shown}
