"""The option list of the app's pickers (entries citing a paragraph, search hits, the
bundle's warnings): Textual's OptionList with the same movement keys as every other list
here, so `j` / `k` move the highlight that `enter` chooses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickerList(OptionList):
    COMPONENT_CLASSES: ClassVar[set[str]] = {*OptionList.COMPONENT_CLASSES, "picker-list--muted"}
    # The highlight as in the story's lists: reversed, so that it shows without colour.
    DEFAULT_CSS = """
    PickerList {
        border: none;
        &:focus { border: none; }
        & > .picker-list--muted { color: $text-muted; }
        &:focus > .option-list--option-highlighted {
            color: $accent; background: $cursor-foreground; text-style: bold reverse;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Choose", id="picker.choose"),
        Binding("down,j", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="picker.up"),
        Binding("home,g", "first", "First", show=False, id="picker.first"),
        Binding("end,G", "last", "Last", show=False, id="picker.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="picker.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="picker.page-up"),
    ]

    @property
    def muted(self) -> Style:
        """For the quieter part of an option (what kind of entry, which line)."""
        return self.get_component_rich_style("picker-list--muted")

    def fill(self, options: Iterable[Option]) -> None:
        """Add the options once mounted (their styles need the theme), the first one
        highlighted as if they had been there from the start."""
        self.add_options(options)
        if self.option_count:
            self.highlighted = 0
