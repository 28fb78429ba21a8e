"""The suggestions view (command palette: "Suggestions"): quotes, actors and dated events
the text seems to hold that the story does not have yet, best first. `enter` opens one in
the entry form (prefilled; `ctrl+s` there adds it), `backspace` rejects it for good, `u`
offers the last rejected one again. Nothing suggested is an entry until accepted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.authoring.suggest.model import Suggestion
from tui.model.safe_text import one_line
from tui.screens.dialog import Dialog
from tui.widgets.picker_list import PickerList


def suggestion_line(suggestion: Suggestion) -> Text:
    text = Text()
    label = suggestion.type if suggestion.kind is None else f"{suggestion.type}:{suggestion.kind}"
    text.append(f"{label:<15} ", "bold")
    text.append(f"{suggestion.confidence:.0%} ".rjust(5))
    words = one_line(suggestion.text)
    text.append(f"“{words[:120]}{'…' if len(words) > 120 else ''}”", "italic")
    if suggestion.speaker:
        text.append(f" — {one_line(suggestion.speaker)}")
    if suggestion.date:
        text.append(f" · {one_line(suggestion.date)}")
    text.append(f" · {suggestion.sources[0].paragraph}")
    return text


class SuggestionsScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open in the form", priority=True),
        Binding("backspace", "reject", "Reject", priority=True),
        Binding("u", "restore", "Offer the last rejected again", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]
    DEFAULT_CSS = """
    SuggestionsScreen {
        & > Vertical {
            width: 96%;
            height: 90%;
        }
        & OptionList { height: 1fr; border: none; }
        & #suggestion-why { height: auto; color: $text-muted; }
    }
    """

    def __init__(self, suggestions: Sequence[Suggestion]) -> None:
        super().__init__()
        self.suggestions = list(suggestions)
        self._rejected: list[tuple[int, Suggestion]] = []
        # Set by the story screen (called at once, as the article's on_open is).
        self.on_choose: Callable[[Suggestion], None] = lambda suggestion: None
        self.on_reject: Callable[[Suggestion], None] = lambda suggestion: None
        self.on_restore: Callable[[Suggestion], None] = lambda suggestion: None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(self._title())
            yield PickerList(*self._options(), id="suggestions")  # j k move, as elsewhere
            yield Label(Text(""), id="suggestion-why")
            yield Label(Text("enter: open in the form (ctrl+s there adds it) · backspace: "
                             "reject · u: offer the last rejected again · escape: close"),
                        classes="dialog-keys")

    def on_mount(self) -> None:
        self._show_why()

    def _title(self) -> str:
        count = len(self.suggestions)
        return f"Suggestions: {count} not in the story yet (none is an entry until accepted)"

    def _options(self) -> list[Option]:
        return [Option(suggestion_line(s)) for s in self.suggestions]

    def on_option_list_option_highlighted(self) -> None:
        self._show_why()

    def _show_why(self) -> None:
        current = self.current
        why = self.query_one("#suggestion-why", Label)
        why.update(Text(f"why: {one_line(current.why)}" if current else "Nothing to suggest."))

    @property
    def current(self) -> Suggestion | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.suggestions):
            return None
        return self.suggestions[index]

    def drop(self, suggestion: Suggestion) -> None:
        """Take a suggestion off the list (accepted, or rejected)."""
        if suggestion not in self.suggestions:
            return
        index = self.suggestions.index(suggestion)
        del self.suggestions[index]
        options = self.query_one(OptionList)
        options.remove_option_at_index(index)
        if self.suggestions:
            options.highlighted = min(index, len(self.suggestions) - 1)
        self.query_one(Vertical).border_title = Text(self._title())
        self._show_why()

    def action_open(self) -> None:
        current = self.current
        if current is not None:
            self.on_choose(current)

    def action_reject(self) -> None:
        current = self.current
        if current is None:
            return
        index = self.suggestions.index(current)
        self._rejected.append((index, current))
        self.drop(current)
        self.on_reject(current)

    def action_restore(self) -> None:
        if not self._rejected:
            return
        index, suggestion = self._rejected.pop()
        index = min(index, len(self.suggestions))
        self.suggestions.insert(index, suggestion)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = index
        self.query_one(Vertical).border_title = Text(self._title())
        self.on_restore(suggestion)

    def action_close(self) -> None:
        self.dismiss(None)
