"""The option list of the app's pickers (entries citing a paragraph, search hits, the
bundle's warnings): Textual's OptionList with the same movement keys as every other list
here, so `j` / `k` move the highlight that `enter` chooses."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class PickerList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Choose", id="picker.choose"),
        Binding("down,j", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="picker.up"),
        Binding("home,g", "first", "First", show=False, id="picker.first"),
        Binding("end,G", "last", "Last", show=False, id="picker.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="picker.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="picker.page-up"),
    ]
