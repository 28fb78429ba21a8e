"""Editing the shipped story: it lives inside the installed program, so edits go to a copy.
Asks where (the current folder by default)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.screens.dialog import Dialog
from tui.widgets.safe_editors import SafeInput


class CopyPrompt(Dialog[str | None]):
    """Returns the path typed (enter), or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    CopyPrompt {
        & > Vertical {
            width: 90%;
            max-width: 80;
        }
    }
    """

    def __init__(self, default: str, problem: str = "") -> None:
        super().__init__()
        self._default = default
        self._problem = problem

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("Edit a copy of the shipped story")
            yield Label(Text("The shipped story is part of the installed program. Your edits "
                             "go to a copy, which the app then opens. Copy it to:"))
            # A suggestion to take or type over: selected, as Textual does by default.
            yield SafeInput(self._default, id="copy-path", classes="-compact",
                            select_on_focus=True)
            if self._problem:
                yield Label(Text(self._problem, "bold"), id="copy-problem")
            yield Label(Text("enter: copy and open · escape: cancel"), classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = self.query_one("#copy-path", SafeInput).kept_value.strip()
        self.dismiss(path or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
