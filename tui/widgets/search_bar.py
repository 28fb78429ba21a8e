"""The incremental search line opened with `/`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search"),
    ]
    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > Label { width: auto; padding: 0 1; color: $text-accent; }
        & > Input, & > Input:focus {
            border: none; height: 1; padding: 0; background: $panel; width: 1fr;
        }
        & > #search-status { width: auto; color: $text-muted; padding: 0 1; }
    }
    """

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Label("Search /")
        yield Input(placeholder="words in any entry or paragraph", id="search-input")
        yield Label("", id="search-status")

    def open(self) -> None:
        self.add_class("-open")
        search_input = self.query_one(Input)
        search_input.focus()
        search_input.select_all()

    def close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def set_status(self, text: str) -> None:
        # A plain string would be read as markup: the status can echo the user's query.
        self.query_one("#search-status", Label).update(Content(text))

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remove_class("-open")
        self.post_message(self.Submitted(event.value))

    def action_cancel(self) -> None:
        self.close()
