"""The app's dialogs: a box in the middle of the screen over the dimmed story."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A ModalScreen whose one Vertical child is the box; `.dialog-keys` labels say which
    keys do what. Subclasses size and colour the box in their own DEFAULT_CSS."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > Vertical {
            width: 80%;
            max-width: 70;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        /* A Label is as wide as its text by default: in a box it wraps at the box. */
        & > Vertical > Label { width: 1fr; }
        & .dialog-keys { color: $text-muted; }
    }
    """
