"""The repairs view (`O` in repair mode): every link the corrected text left behind, what
was found for it, and keys to accept a re-anchor or go to the entry of an orphan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.repair import LinkRepair
from tui.model.safe_text import one_line
from tui.screens.dialog import Dialog

# What the screen returns: (what, repairs): "accept" them, or "goto" the entry of the first.
Choice = tuple[str, list[LinkRepair]]


def repair_line(repair: LinkRepair) -> Text:
    found = repair.anchoring
    old = repair.old_text if repair.field == "text" else repair.old.get("exact")
    text = Text()
    if repair.fixable:
        text.append(f"{found.status.value:<11} ", "bold")
    else:
        text.append("orphan      ", "bold reverse")
    text.append(f"{one_line(repair.entry)} sources[{repair.source}]  ")
    text.append(f"“{one_line(old or '')}”", "italic")
    if repair.fixable:
        text.append(f" → “{one_line(found.exact or '')}” in {found.paragraph}")
        text.append(f" (score {found.score:.2f})")
    else:
        text.append(f" — {one_line(found.reason or 'no good match')}")
    return text


class RepairsScreen(Dialog[Choice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", priority=True),
        Binding("A", "accept_all", "Accept all", priority=True),
        Binding("enter", "goto", "Go to entry", priority=True),
        Binding("escape,O", "close", "Close", priority=True),
    ]
    DEFAULT_CSS = """
    RepairsScreen {
        & > Vertical {
            width: 96%;
            height: 80%;
            border: round $warning;
        }
        & OptionList { height: 1fr; border: none; }
    }
    """

    def __init__(self, repairs: Sequence[LinkRepair]) -> None:
        super().__init__()
        self._repairs = list(repairs)

    def compose(self) -> ComposeResult:
        fixable = sum(1 for r in self._repairs if r.fixable)
        with Vertical() as box:
            box.border_title = Text(
                f"Links the corrected text left behind: {fixable} re-anchored, "
                f"{len(self._repairs) - fixable} orphaned"
            )
            yield OptionList(*[Option(repair_line(r)) for r in self._repairs], id="repairs")
            yield Label(Text("a: accept this re-anchor · A: accept all · enter: go to the "
                             "entry (select its words, then R) · escape: close"),
                        classes="dialog-keys")

    def _highlighted(self) -> LinkRepair | None:
        index = self.query_one(OptionList).highlighted
        return self._repairs[index] if index is not None else None

    def action_accept(self) -> None:
        repair = self._highlighted()
        if repair is None or not repair.fixable:
            self.notify("An orphan has no place to accept: go to it (enter), select its "
                        "words in the article and press R.", markup=False)
            return
        self.dismiss(("accept", [repair]))

    def action_accept_all(self) -> None:
        fixable = [r for r in self._repairs if r.fixable]
        if fixable:
            self.dismiss(("accept", fixable))

    def action_goto(self) -> None:
        repair = self._highlighted()
        if repair is not None:
            self.dismiss(("goto", [repair]))

    def action_close(self) -> None:
        self.dismiss(None)
