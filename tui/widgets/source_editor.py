"""One source link in an entry form: paragraph, exact, prefix and suffix, and a way out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label

from tui.widgets.safe_editors import SafeInput

SOURCE_KEYS = ("paragraph", "exact", "prefix", "suffix")


class SourceEditor(Vertical):
    """The four fields of a TextQuoteSelector link; `ctrl+d` in any of them asks the form
    to remove this source."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Before the field's own ctrl+d (delete the character right of the cursor).
        Binding("ctrl+d", "remove", "Remove source", priority=True),
    ]
    DEFAULT_CSS = """
    SourceEditor {
        height: auto;
        margin: 0 0 0 2;
        & > .source-title { color: $text-muted; }
        & Horizontal { height: 1; }
        & Horizontal > Label { width: 11; color: $text-secondary; }
        & Horizontal > SafeInput { width: 1fr; }
    }
    """

    class RemoveRequested(Message):
        def __init__(self, editor: SourceEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> SourceEditor:
            return self.editor

    def __init__(self, link: Mapping[str, Any], number: int) -> None:
        super().__init__(classes="source-editor")
        # Keys beyond the four (x- extensions on a link) ride along unchanged.
        self._link = dict(link)
        self.number = number

    def compose(self) -> ComposeResult:
        yield Label(Text(f"source {self.number} · ctrl+d removes it"), classes="source-title")
        for key in SOURCE_KEYS:
            value = self._link.get(key)
            with Horizontal():
                yield Label(key)
                yield SafeInput(
                    value if isinstance(value, str) else "",
                    classes="-compact",
                    id=f"source-{self.number}-{key}",
                )

    def link(self) -> dict[str, Any]:
        """The link as the bundle format writes it: empty optional keys left out."""
        link = {k: v for k, v in self._link.items() if k not in SOURCE_KEYS}
        for key in SOURCE_KEYS:
            value = self.query_one(f"#source-{self.number}-{key}", SafeInput).kept_value
            if value or key == "paragraph":
                link[key] = value
        return link

    def action_remove(self) -> None:
        self.post_message(self.RemoveRequested(self))
