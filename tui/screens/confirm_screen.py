"""A yes/no question: delete this entry? discard what was typed?"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label

from tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """Returns True for `y` (or the confirming key given), False for `n` or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", priority=True),
        Binding("n,escape", "answer(False)", "No", priority=True),
    ]
    DEFAULT_CSS = """
    ConfirmScreen {
        & > Vertical {
            border: round $warning;
        }
    }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._question, "bold"))
            if self._detail:
                yield Label(Text(self._detail))
            yield Label(Text("y: yes · n or escape: no"), classes="dialog-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def dismiss_unless_kept(screen: Screen[Any], what: str) -> None:
    """Close `screen` (a form, a note) with None; when it holds typing (HoldsTyping), ask
    first: "Discard what you typed?", and `n` goes back to `what`."""
    from tui.screens.unsaved import HoldsTyping

    if not (isinstance(screen, HoldsTyping) and screen.changed):
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(
        ConfirmScreen("Discard what you typed?", f"y discards it; n goes back to {what}."),
        answered,
    )
