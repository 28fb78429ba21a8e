"""A form field holding references to actors (a quote's speaker, an event's participants)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from tui.model.safe_text import one_line


class ActorRefs(Widget, can_focus=True):
    """The chosen actors by name; `enter` asks for a choice (the form opens a picker),
    `backspace` removes the last one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "choose", "Choose actors", show=False),
        Binding("backspace,delete", "remove_last", "Remove last", show=False),
    ]
    DEFAULT_CSS = """
    ActorRefs {
        height: auto;
        min-height: 1;
        padding: 0 1;
        background: $boost;
        &:focus { background: $accent 25%; }
    }
    """

    class ChooseRequested(Message):
        """The editor asked to choose actors: the form opens its picker."""

        def __init__(self, refs: ActorRefs) -> None:
            super().__init__()
            self.refs = refs

        @property
        def control(self) -> ActorRefs:
            return self.refs

    def __init__(
        self,
        ids: Sequence[str],
        *,
        multiple: bool,
        name_of: Callable[[str], str | None],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.ids: list[str] = list(ids)
        self.multiple = multiple
        self._name_of = name_of

    def set_ids(self, ids: Sequence[str]) -> None:
        self.ids = list(ids) if self.multiple else list(ids)[:1]
        self.refresh(layout=True)

    def render(self) -> Text:
        if not self.ids:
            hint = "none: enter to choose" if self.multiple else "nobody: enter to choose"
            return Text(f"({hint})", "dim")
        text = Text()
        for position, actor_id in enumerate(self.ids):
            if position:
                text.append(" · ", "dim")
            name = self._name_of(actor_id)
            text.append(one_line(name) if name else f"{one_line(actor_id)} (unknown)")
        return text

    def action_choose(self) -> None:
        self.post_message(self.ChooseRequested(self))

    def action_remove_last(self) -> None:
        if self.ids:
            self.ids.pop()
            self.refresh(layout=True)
