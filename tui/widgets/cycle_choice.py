"""A one-line choice among a few fixed words (an entry's `kind`), cycled with the keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class CycleChoice(Widget, can_focus=True):
    """Shows `< direct >`; left/right (or space) choose another word, a letter jumps to
    the first word starting with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,space", "step(1)", "Next", show=False),
        Binding("left", "step(-1)", "Previous", show=False),
    ]
    DEFAULT_CSS = """
    CycleChoice {
        height: 1;
        width: auto;
        min-width: 16;
        padding: 0 1;
        background: $boost;
        &:focus { background: $accent 25%; text-style: bold; }
    }
    """

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, choice: CycleChoice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> CycleChoice:
            return self.choice

    def __init__(self, choices: Sequence[str], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        # An unknown value (a hand-edited file) is kept, shown first, until changed.
        if value not in self.choices:
            self.choices = (value, *self.choices)
        self.set_reactive(CycleChoice.value, value)

    def render(self) -> Text:
        return Text(f"< {self.value} >")

    def action_step(self, delta: int) -> None:
        index = self.choices.index(self.value)
        self.value = self.choices[(index + delta) % len(self.choices)]

    def on_key(self, event: object) -> None:
        from textual import events

        if isinstance(event, events.Key) and event.character and event.character.isalpha():
            for choice in self.choices:
                if choice.startswith(event.character.lower()):
                    self.value = choice
                    event.stop()
                    return

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))
