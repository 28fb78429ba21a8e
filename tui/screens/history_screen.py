"""The history of an entry's review (`h`): every mark, clear and note change, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.model.safe_text import one_line
from tui.review.changes import Change, Op
from tui.review.marks import shown_time

SHOWN_AT_MOST = 500  # the latest ones; a crafted file may hold far more


class HistoryScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", "Close history"),
    ]
    DEFAULT_CSS = """
    HistoryScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 100;
            height: auto;
            max-height: 90%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & VerticalScroll { height: auto; max-height: 30; }
        & .history-help { color: $text-muted; }
    }
    """

    def __init__(
        self, label: str, history: Sequence[Change], fingerprint: str, reviewer: str
    ) -> None:
        super().__init__()
        self._label = label
        self._history = list(history)
        self._fingerprint = fingerprint
        self._reviewer = reviewer

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self._history)
            yield Label(
                Text(f"History of: {one_line(self._label)} ({count} change"
                     f"{'' if count == 1 else 's'})", "bold")
            )
            with VerticalScroll():
                yield Static(self._lines(), id="history-lines")
            yield Label(Text("escape or h closes · ~ marks a change to an earlier version"),
                        classes="history-help")

    def _lines(self) -> Text:
        if not self._history:
            return Text("Nothing has been said about this entry yet.", "italic")
        shown = self._history[-SHOWN_AT_MOST:]
        text = Text()
        if len(self._history) > len(shown):
            text.append(f"({len(self._history) - len(shown):,} earlier changes not shown)\n",
                        "dim")
        for index, change in enumerate(shown):
            if index:
                text.append("\n")
            text.append_text(history_line(change, self._fingerprint, self._reviewer))
        return text

    def action_close(self) -> None:
        self.dismiss(None)


def history_line(change: Change, fingerprint: str, reviewer: str) -> Text:
    """One change: when, who, what; `~` when it was made to an earlier version."""
    who = "you" if change.reviewer == reviewer else one_line(change.reviewer)
    if change.op is Op.MARK and change.mark is not None:
        what = f"marked {change.mark.value}"
    elif change.op is Op.CLEAR:
        what = "cleared their verdict"
    elif change.op is Op.RENAME:
        what = f"renamed {one_line(change.entry_id)} to {one_line(change.to or '')}"
    elif change.text is None:
        what = "withdrew a note"
    else:
        words = one_line(change.text)
        what = f"wrote a note: “{words[:60]}{'…' if len(words) > 60 else ''}”"
    earlier = "~" if change.fingerprint != fingerprint else " "
    undo = " (undo)" if change.undoes else ""
    return Text.assemble(
        (f"{shown_time(change.at)} ", "dim"), (earlier, "magenta bold"), " ",
        (who, "bold"), f" {what}{undo}",
    )
