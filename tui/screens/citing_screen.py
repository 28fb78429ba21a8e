"""A picker of the entries that cite a paragraph, opened with enter in the article."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.widgets.option_list import Option

from tui.model.entities import Entry, Paragraph
from tui.model.safe_text import one_line
from tui.widgets.picker_list import PickerList

PICKER_CSS = """
    align: center middle;
    & > Vertical {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    & PickerList { height: auto; max-height: 20; border: none; }
    & .picker-help { color: $text-muted; }
"""


class CitingScreen(ModalScreen[Entry | None]):
    """Returns the chosen entry, or None when dismissed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="picker.back")
    ]
    DEFAULT_CSS = "CitingScreen {" + PICKER_CSS + "}"

    def __init__(self, paragraph: Paragraph, entries: tuple[Entry, ...]) -> None:
        super().__init__()
        self._paragraph = paragraph
        self._entries = entries

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self._entries)
            title = f"¶ {self._paragraph.id}: cited by {count} entr{'y' if count == 1 else 'ies'}"
            yield Label(Text(title, "bold"))
            if not self._entries:
                yield Label(
                    Text("No entry cites this paragraph. Press escape."), classes="picker-help"
                )
            yield PickerList(id="citing-list")
            if self._entries:
                help_text = Text("j k move · enter opens · escape goes back")
                yield Label(help_text, classes="picker-help")

    def on_mount(self) -> None:
        picker = self.query_one(PickerList)
        picker.fill(
            Option(
                Text.assemble(
                    (f"{entry.entry_type.value:<6} ", picker.muted), one_line(entry.label)
                ),
                id=entry.id,
            )
            for entry in self._entries
        )
        # Focus now: keys typed ahead of the picker are already queued for this screen.
        self.set_focus(picker)

    @on(PickerList.OptionSelected)
    def _chosen(self, event: PickerList.OptionSelected) -> None:
        self.dismiss(self._entries[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
