"""The entry was changed on disk while it was being edited: both versions, and a choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui.model.safe_text import one_line
from tui.screens.dialog import Dialog


def fields_text(fields: Mapping[str, Any] | None) -> Text:
    """An entry's fields as `key = value` lines; None: the entry is not there."""
    if fields is None:
        return Text("(deleted)", "italic")
    text = Text()
    for key, value in fields.items():
        if key == "sources" and isinstance(value, list):
            for link in value:
                shown = ", ".join(f"{k}: {v}" for k, v in dict(link).items())
                text.append(f"source = {one_line(shown)}\n")
            continue
        text.append(f"{one_line(str(key))} = {one_line(str(value))}\n")
    return text


class ConflictScreen(Dialog[str | None]):
    """Returns "mine" (save my version over theirs), "theirs" (drop mine) or None (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine", priority=True),
        Binding("t", "choose('theirs')", "Take theirs", priority=True),
        Binding("escape", "choose('')", "Back", priority=True),
    ]
    DEFAULT_CSS = """
    ConflictScreen {
        & > Vertical {
            width: 96%;
            height: 90%;
            border: round $warning;
        }
        & Horizontal { height: 1fr; }
        & VerticalScroll { width: 1fr; padding: 0 1; }
        & .conflict-side { text-style: bold; }
    }
    """

    def __init__(
        self, entry_id: str, theirs: Mapping[str, Any] | None, ours: Mapping[str, Any] | None
    ) -> None:
        super().__init__()
        self._entry_id = entry_id
        self._theirs = theirs
        self._ours = ours

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"{one_line(self._entry_id)} changed on disk meanwhile")
            with Horizontal():
                with VerticalScroll():
                    yield Label(Text("On disk now"), classes="conflict-side")
                    yield Static(fields_text(self._theirs), id="conflict-theirs")
                with VerticalScroll():
                    yield Label(Text("Yours"), classes="conflict-side")
                    yield Static(fields_text(self._ours), id="conflict-ours")
            yield Label(
                Text("m: save yours over it · t: take theirs, drop yours · escape: back"),
                classes="dialog-keys",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
