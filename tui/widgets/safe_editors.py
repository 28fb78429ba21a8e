"""Editable text widgets that never show, or keep, a terminal control character.

Textual's Input and TextArea draw what they hold as it is: a value holding ESC, an OSC
sequence or a bidi override would reach the terminal. Here every such character becomes
its visible stand-in (`tui.model.safe_text`) as it enters the widget, typed, pasted or
set, so what is shown and what is saved are the same, inert text.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from tui.model.safe_text import keep_hidden, safe_text


def inert_line(text: str) -> str:
    """`text` for a one-line field: controls made visible, line breaks as spaces."""
    return safe_text(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


class SafeInput(Input):
    """A one-line Input whose value is always inert text (one character per character, so
    cursor positions stay where they were).

    `kept_value` is what to save: the original text (control characters and all) while the
    field still shows it unchanged, so opening and saving a form alters nothing the editor
    did not touch; once changed, what was typed, with the original's characters on either
    side of the change (`keep_hidden`).
    """

    DEFAULT_CSS = """
    SafeInput.-compact, SafeInput.-compact:focus {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
        &:focus { background: $accent 25%; }
        &.-invalid { background: $error 25%; }
    }
    """

    def __init__(self, value: str | None = None, **options: Any) -> None:
        self._original = value or ""
        # Tabbing into a field must not select its text: the next key typed would replace
        # a whole title or date the editor only meant to pass through.
        options.setdefault("select_on_focus", False)
        super().__init__(value, **options)

    def validate_value(self, value: str) -> str:
        return inert_line(value)

    @property
    def kept_value(self) -> str:
        return keep_hidden(self._original, inert_line(self._original), self.value)


class SafeTextArea(TextArea):
    """A TextArea whose text is always inert: given, loaded, typed or pasted."""

    def __init__(self, text: str = "", **options: Any) -> None:
        self._original = text
        self._entered = False  # focused once: the cursor then stays where the editor left it
        super().__init__(safe_text(text), **options)

    def on_focus(self, event: events.Focus) -> None:
        # Tabbed into for the first time: at the end, as a one-line field puts it, so what
        # is typed goes after the text, not before it.
        if not self._entered:
            self._entered = True
            self.move_cursor(self.document.end)

    @property
    def kept_text(self) -> str:
        """As SafeInput.kept_value: the original until the text is changed, then the
        original's characters on either side of the change."""
        return keep_hidden(self._original, safe_text(self._original), self.text)

    def load_text(self, text: str) -> None:
        super().load_text(safe_text(text))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = safe_text(edit.text)
        return super().edit(edit)
