"""The bundle's warnings (`w`), as `check` words them: pick one to go to its entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.widgets.option_list import Option

from tui.fileio.shown import short_path
from tui.model.entities import Entry
from tui.model.index import StoryIndex
from tui.model.problems import Problem
from tui.model.safe_text import one_line
from tui.screens.citing_screen import PICKER_CSS
from tui.widgets.picker_list import PickerList

_PATH = re.compile(r"(events|actors|quotes)\[(\d+)\]")


def problem_entry(problem: Problem, index: StoryIndex) -> Entry | None:
    """The entry a problem is about: named by its id, or by its place (`events[3]`)."""
    entry = index.entries.get(problem.entry)
    if entry is not None:
        return entry
    found = _PATH.match(problem.entry)
    if found is None:
        return None
    section, position = found.group(1), int(found.group(2))
    entries: Sequence[Entry] = getattr(index.bundle, section)
    return entries[position] if position < len(entries) else None


class ProblemsScreen(ModalScreen[Entry | None]):
    """Returns the entry of the chosen warning, or None when dismissed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="picker.back")
    ]
    DEFAULT_CSS = "ProblemsScreen {" + PICKER_CSS + "}"

    def __init__(self, problems: Sequence[Problem], index: StoryIndex) -> None:
        super().__init__()
        self._problems = list(problems)
        self._index = index

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self._problems)
            where = short_path(self._index.bundle.path)
            title = f"{count} warning{'' if count == 1 else 's'} in {where}"
            yield Label(Text(one_line(title), "bold"))
            if not self._problems:
                none = Text("The bundle has no warnings. Press escape.")
                yield Label(none, classes="picker-help")
            yield PickerList(id="problems-list")
            if self._problems:
                yield Label(Text("j k move · enter goes to the entry · escape goes back"),
                            classes="picker-help")

    def _option(self, problem: Problem, muted: Style) -> Option:
        where = f"line {problem.line}" if problem.line else "—"
        return Option(
            Text.assemble(
                (f"{where:<10} ", muted),
                (f"{one_line(problem.entry)}: " if problem.entry else "", "bold"),
                one_line(problem.message),
            )
        )

    def on_mount(self) -> None:
        picker = self.query_one(PickerList)
        picker.fill(self._option(problem, picker.muted) for problem in self._problems)
        self.set_focus(picker)

    @on(PickerList.OptionSelected)
    def _chosen(self, event: PickerList.OptionSelected) -> None:
        entry = problem_entry(self._problems[event.option_index], self._index)
        if entry is None:
            self.notify("This warning is about no single entry.", markup=False)
            return
        self.dismiss(entry)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
