"""`c` with words selected: make them an event (`e`), an actor (`a`) or a quote (`q`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from tui.model.entities import EntryType
from tui.model.safe_text import one_line
from tui.screens.dialog import Dialog


class TypeChooser(Dialog[EntryType | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose('event')", "Event", priority=True),
        Binding("a", "choose('actor')", "Actor", priority=True),
        Binding("q", "choose('quote')", "Quote", priority=True),
        Binding("escape", "choose('')", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    TypeChooser {
        & > Vertical {
            max-width: 64;
        }
    }
    """

    def __init__(self, words: str) -> None:
        super().__init__()
        self._words = words

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("Create from the selection")
            shown = Text(f"“{one_line(self._words)}”", "italic")
            shown.truncate(180, overflow="ellipsis")
            yield Label(shown)
            yield Label(Text("e: an event · a: an actor · q: a quote · escape: cancel"),
                        classes="dialog-keys")

    def action_choose(self, kind: str) -> None:
        self.dismiss(EntryType(kind) if kind else None)
