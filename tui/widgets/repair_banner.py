"""The repair-mode banner: the story's text moved under some links; what was found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.model.repair import LinkRepair



def repair_summary(fixable: int, orphans: int) -> Text:
    text = Text("Repair mode", "bold")
    text.append(f" · {fixable} link{'s' if fixable != 1 else ''} re-anchored")
    if fixable:
        text.append(" (bold in the article until accepted)")
    text.append(f" · {orphans} orphan{'s' if orphans != 1 else ''}")
    text.append(" · O: list and accept · R: re-attach an orphan to the selected words")
    return text


class RepairBanner(Static):
    DEFAULT_CSS = """
    RepairBanner {
        height: auto;
        background: $warning 20%;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, fixable: int, orphans: int, *, id: str | None = None) -> None:
        super().__init__(repair_summary(fixable, orphans), id=id)


def reanchored_spans(repairs: Sequence[LinkRepair]) -> dict[str, list[tuple[int, int]]]:
    """Where each re-anchored (or moved) link's words are now, by paragraph: the article
    marks them differently until the fix is accepted."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for repair in repairs:
        found = repair.anchoring
        if repair.fixable and found.paragraph is not None and found.start < found.end:
            spans.setdefault(found.paragraph, []).append((found.start, found.end))
    return spans
