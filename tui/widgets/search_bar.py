"""The incremental search line opened with `/`."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from tui.model.safe_text import one_line

# Enter and escape call the screen at once rather than posting a message: a message is
# handled later, and keys typed right after enter (a fast typist, a paste, an SSH link
# that batches keys) would land in this line instead of where the search led.
SubmitHandler = Callable[[str], None]
CloseHandler = Callable[[], None]


class _SearchInput(Input):
    def replace(self, text: str, start: int, end: int) -> None:
        # Typed or pasted: a control character or bidi override is shown as a stand-in,
        # never sent to the terminal (a paste can hold anything).
        super().replace(one_line(text) if not text.isprintable() else text, start, end)

    async def action_submit(self) -> None:
        parent = self.parent
        if isinstance(parent, SearchBar):
            parent.submit(self.value)


class SearchBar(Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel the search", id="search.cancel"),
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
        /* A fixed width: one that followed the text (it echoes the query) would take a
           second layout, so a frame more, at every key typed. */
        & > #search-status {
            width: 24; color: $text-muted; padding: 0 1;
            text-align: right; text-wrap: nowrap; text-overflow: ellipsis;
        }
        & > Input > .input--placeholder, & > Input > .input--suggestion { color: $text-muted; }
    }
    """

    class Changed(Message):
        """The query changed (each key typed): time for an incremental search."""

        def __init__(self, search_bar: SearchBar, query: str) -> None:
            super().__init__()
            self.search_bar = search_bar
            self.query = query

        @property
        def control(self) -> SearchBar:
            return self.search_bar

    def __init__(
        self, *, on_submit: SubmitHandler, on_close: CloseHandler, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._on_submit = on_submit
        self._on_close = on_close

    def compose(self) -> ComposeResult:
        yield Label("Search /")
        yield _SearchInput(placeholder="words in any entry or paragraph", id="search-input")
        yield Label("", id="search-status")

    def open(self) -> None:
        self.add_class("-open")
        search_input = self.query_one(Input)
        # Focus now, not on the next idle: the query may already be arriving.
        self.screen.set_focus(search_input)
        search_input.select_all()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def value(self) -> str:
        """What the search line holds now (a Changed message may be older)."""
        return self.query_one(Input).value

    def set_status(self, text: str) -> None:
        # A plain string would be read as markup: the status can echo the user's query.
        self.query_one("#search-status", Label).update(Content(text))

    def submit(self, query: str) -> None:
        self.remove_class("-open")
        self._on_submit(query)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    def action_cancel(self) -> None:
        self.remove_class("-open")
        self._on_close()
