"""Edit the free-text note on an entry (`e`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.model.safe_text import one_line


class NoteScreen(ModalScreen[str | None]):
    """Returns the new note text ("" removes the note), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 90;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & TextArea { height: 8; }
        & .note-help { color: $text-muted; }
    }
    """

    def __init__(self, label: str, note: str | None) -> None:
        super().__init__()
        self._label = label
        self._note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Note on: {one_line(self._label)}", "bold"))
            yield TextArea(self._note, id="note-text", soft_wrap=True)
            yield Label(
                Text("ctrl+s saves · escape cancels · an empty note removes it"),
                classes="note-help",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
