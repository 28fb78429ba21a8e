"""The `?` screen: every key binding, read from the classes that define them.

Built from the BINDINGS themselves, so a new binding shows up here without anyone having
to remember to document it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, list[BindingType]]


def _bindings(entries: list[BindingType]) -> list[Binding]:
    found: list[Binding] = []
    for entry in entries:
        if isinstance(entry, Binding):
            found.append(entry)
        elif isinstance(entry, tuple):
            found.append(Binding(*entry))
    return found


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 90;
            height: 90%;
            border: round $accent;
            border-title-color: $text;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = Text("Keys — escape or ? to close")
            yield Static(self._table())

    def _table(self) -> Group:
        rows: list[tuple[str, list[tuple[str, str]]]] = []
        for title, entries in self._sections:
            keys: list[tuple[str, str]] = []
            for binding in _bindings(entries):
                description = binding.description or binding.action.replace("_", " ")
                shown = " ".join(
                    self.app.get_key_display(Binding(k, "")) for k in binding.key.split(",")
                )
                if (shown, description) not in keys:
                    keys.append((shown, description))
            rows.append((title, keys))
        # One key-column width for every section, so the descriptions line up.
        width = max((len(k) for _, keys in rows for k, _ in keys), default=1)
        blocks: list[Text | Table] = []
        for title, keys in rows:
            blocks.append(Text(title, "bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=width)
            table.add_column()
            for shown, description in keys:
                table.add_row(Text(shown), Text(description))
            blocks.append(table)
            blocks.append(Text(""))
        return Group(*blocks)

    def action_close(self) -> None:
        self.dismiss(None)
