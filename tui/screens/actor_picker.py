"""Pick actors by typing part of a name or alias: for a form's speaker, actors and about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.model.entities import Actor
from tui.model.safe_text import one_line
from tui.widgets.safe_editors import SafeInput

MAX_SHOWN = 200  # a story with thousands of actors: the filter narrows them


def actor_matches(actors: Sequence[Actor], query: str) -> list[Actor]:
    """Actors whose name, aliases or id contain every word of `query` (any case); names
    that start with the query first."""
    words = query.casefold().split()
    if not words:
        return list(actors)
    found: list[tuple[int, int, Actor]] = []
    for position, actor in enumerate(actors):
        haystack = " ".join((actor.name, *actor.aliases, actor.id)).casefold()
        if all(word in haystack for word in words):
            starts = actor.name.casefold().startswith(words[0])
            found.append((0 if starts else 1, position, actor))
    return [actor for _, _, actor in sorted(found, key=lambda item: item[:2])]


class ActorPicker(ModalScreen[list[str] | None]):
    """Returns the chosen actor ids (in the order chosen), or None when cancelled.

    With `multiple`, `enter` on an actor adds or removes it and `ctrl+s` (or `enter` on
    an empty filter) finishes; otherwise `enter` chooses one and closes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+s", "done", "Done", priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    ActorPicker {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 90;
            height: auto;
            max-height: 90%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & OptionList { height: auto; max-height: 16; border: none; }
        & .picker-help { color: $text-muted; }
    }
    """

    def __init__(
        self, actors: Sequence[Actor], chosen: Sequence[str], *, multiple: bool, title: str
    ) -> None:
        super().__init__()
        self._actors = actors
        self.chosen: list[str] = list(chosen)
        self._multiple = multiple
        self._title = title
        self._shown: list[Actor] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._title, "bold"))
            yield SafeInput(placeholder="type part of a name or alias", id="picker-filter")
            yield OptionList(id="picker-options")
            help_text = (
                "enter adds or removes · ctrl+s done · escape cancels"
                if self._multiple
                else "enter chooses · escape cancels"
            )
            yield Label(Text(help_text), classes="picker-help")

    def on_mount(self) -> None:
        self._show("")
        self.set_focus(self.query_one("#picker-filter", SafeInput))

    def _show(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        self._shown = actor_matches(self._actors, query)[:MAX_SHOWN]
        options.clear_options()
        options.add_options([self._option(actor) for actor in self._shown])
        if self._shown:
            options.highlighted = 0

    def _option(self, actor: Actor) -> Option:
        mark = "✓ " if actor.id in self.chosen else "  "
        aliases = f"  aka {', '.join(one_line(a) for a in actor.aliases)}" if actor.aliases else ""
        label = Text.assemble(
            mark, (one_line(actor.name), "bold"), (f"  {actor.kind}", "dim"), (aliases, "dim")
        )
        label.no_wrap = True
        label.overflow = "ellipsis"
        return Option(label, id=actor.id)

    @on(SafeInput.Changed, "#picker-filter")
    def _filter(self, event: SafeInput.Changed) -> None:
        self._show(event.value)

    @on(SafeInput.Submitted, "#picker-filter")
    def _submitted(self, event: SafeInput.Submitted) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is None or not self._shown:
            if self._multiple:
                self.dismiss(self.chosen)
            return
        self._pick(self._shown[options.highlighted])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(self._shown[event.option_index])

    def _pick(self, actor: Actor) -> None:
        if not self._multiple:
            self.dismiss([actor.id])
            return
        if actor.id in self.chosen:
            self.chosen.remove(actor.id)
        else:
            self.chosen.append(actor.id)
        options = self.query_one("#picker-options", OptionList)
        highlighted = options.highlighted
        options.replace_option_prompt(actor.id, self._option(actor).prompt)
        options.highlighted = highlighted

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if self._shown:
            current = options.highlighted if options.highlighted is not None else -delta
            options.highlighted = max(0, min(len(self._shown) - 1, current + delta))

    def action_done(self) -> None:
        self.dismiss(self.chosen if self._multiple else self.chosen[:1])

    def action_cancel(self) -> None:
        self.dismiss(None)
