"""The entry was changed on disk while it was being edited: both versions, and a choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui.model.safe_text import one_line
from tui.screens.dialog import Dialog

DIFFERS = "▸ "  # before each line that is not the same on the other side
SAME = "  "


def field_lines(fields: Mapping[str, Any]) -> dict[str, str]:
    """An entry's fields as `key = value` lines, each under a key that the same field has in
    any version of the entry (a link under its place in `sources`)."""
    lines: dict[str, str] = {}
    for key, value in fields.items():
        if key == "sources" and isinstance(value, list):
            for number, link in enumerate(value):
                pairs = dict(link).items() if isinstance(link, Mapping) else [("link", link)]
                shown = ", ".join(f"{k}: {v}" for k, v in pairs)
                lines[f"sources[{number}]"] = f"source = {one_line(shown)}"
            continue
        lines[str(key)] = f"{one_line(str(key))} = {one_line(str(value))}"
    return lines


def fields_text(fields: Mapping[str, Any] | None, other: Mapping[str, Any] | None = None) -> Text:
    """An entry's fields as `key = value` lines; None: the entry is not there. Given the
    other version, each line that differs from it is marked, and a field only the other
    has is shown as not set, so that both sides line up and the change stands out."""
    if fields is None:
        return Text("(deleted)", "italic")
    mine = field_lines(fields)
    theirs = field_lines(other) if other is not None else None
    text = Text()
    for key, line in mine.items():
        differs = theirs is not None and theirs.get(key) != line
        text.append(DIFFERS if differs else SAME, "bold" if differs else "")
        text.append(f"{line}\n", "bold" if differs else "")
    for key in [key for key in theirs or {} if key not in mine]:
        name = "source" if key.startswith("sources[") else one_line(key)
        text.append(DIFFERS, "bold")
        text.append(f"{name} = (not set)\n", "italic")
    return text


class ConflictScreen(Dialog[str | None]):
    """Returns "mine" (save my changes onto theirs), "theirs" (drop mine) or None (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine", priority=True),
        Binding("t", "choose('theirs')", "Take theirs", priority=True),
        Binding("escape", "choose('')", "Back", priority=True),
    ]
    DEFAULT_CSS = """
    ConflictScreen {
        & > Vertical {
            width: 96%;
            height: 90%;
            border: round $warning;
        }
        & Horizontal { height: 1fr; }
        & VerticalScroll { width: 1fr; padding: 0 1; }
        & .conflict-side { text-style: bold; }
    }
    """

    def __init__(
        self, entry_id: str, theirs: Mapping[str, Any] | None, ours: Mapping[str, Any] | None
    ) -> None:
        super().__init__()
        self._entry_id = entry_id
        self._theirs = theirs
        self._ours = ours

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"{one_line(self._entry_id)} changed on disk meanwhile")
            with Horizontal():
                with VerticalScroll():
                    yield Label(Text("On disk now"), classes="conflict-side")
                    yield Static(fields_text(self._theirs, self._ours), id="conflict-theirs")
                with VerticalScroll():
                    yield Label(Text("Yours"), classes="conflict-side")
                    yield Static(fields_text(self._ours, self._theirs), id="conflict-ours")
            yield Label(
                Text(
                    f"{DIFFERS.strip()} differs · m: keep your changes (theirs where you "
                    "changed nothing) · t: take theirs · escape: back"
                ),
                classes="dialog-keys",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
