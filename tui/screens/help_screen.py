"""The `?` screen: every key binding, read from the classes that define them, and a legend
of every symbol and badge the app draws.

Built from the BINDINGS themselves, so a new binding shows up here without anyone having
to remember to document it. Each binding's id (dim, after its description) is what the
settings file's [keys] table names to remap it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, list[BindingType]]

MARK = Style(bold=True)
MUTED = None  # the theme's muted text colour, looked up when drawn
# (symbol as drawn, its style, what it means). The review badges are the first column of
# every list row: your verdict, the entry's status from everyone's, then a flag (tests
# check that every badge the review draws is listed here).
LEGEND: list[tuple[str, Style | None, str]] = [
    ("·", Style(dim=True), "you have not reviewed it yet"),
    ("✓", MARK, "verified (v): yours in the first cell, everyone's in the second"),
    ("✗", MARK, "disputed (x)"),
    ("!", MARK, "needs a fix (f)"),
    ("✎", MARK, "has notes (e: the thread; the third cell)"),
    ("~", MARK, "stale: the entry changed after it was marked (the third cell)"),
    ("≠", Style(bold=True, reverse=True), "reviewers disagree (the third cell)"),
    ("DIRECT", MARK, "a direct quote, its words in “quotation marks”"),
    ("REPORT", Style(italic=True), "reported speech"),
    ("SCARE", Style(underline=True), "a scare quote: the writer's own word, no speaker"),
    ("undated", MUTED, "an event the story gives no date for"),
    ("until Feb 2019", MARK, "an open start (EDTF ../2019-02): no earlier bound"),
    ("? \u2013 Feb 2019", MARK, "an unknown start (EDTF /2019-02): the story does not give it"),
    ("from 9 Feb 2019", MARK, "an open end (EDTF 2019-02-09/..): still going"),
    ("c. 2003  2019?", MARK, "an approximate (~) / uncertain (?) date"),
    ("in", MARK, "(actors) how many events and quotes the actor is in"),
    ("words", Style(underline=True), "words some entry links to (article)"),
    ("words", Style(bold=True, reverse=True), "the selected entry's own words"),
    ("words", Style(bold=True, underline=True), "a match of the active search"),
    ("¶ p5", MARK, "a paragraph of the article, by its id"),
    ("↳ 3:", MARK, "the entries citing the paragraph above (enter lists them)"),
    ("▌", MARK, "the article's cursor; in the detail pane, the source enter opens"),
    ("▲ ▼", MARK, "more lines above / below, in the detail pane"),
    ("⚠ 2 warnings", MARK, "the bundle's warnings, as check reports them (w lists them)"),
    ("search 3/38 x", MARK, "the active search: hit 3 of 38 (n, N, ctrl+l; escape clears)"),
]


def _bindings(entries: list[BindingType]) -> list[Binding]:
    found: list[Binding] = []
    for entry in entries:
        if isinstance(entry, Binding):
            found.append(entry)
        elif isinstance(entry, tuple):
            found.append(Binding(*entry))
    return found


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--muted"}
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: round $accent;
            border-title-color: $text;
            background: $surface;
            padding: 0 1;
        }
        & > .help--muted { color: $text-muted; }
    }
    """

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self._sections = sections
        self._muted = Style()

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = Text("Keys and symbols — escape or ? to close")
            # Filled once mounted, with the styles of the theme.
            yield Static(id="help-keys")
            yield Static(id="help-symbols")

    def on_mount(self) -> None:
        # The colour only: the screen's own background differs from the box's.
        self._muted = Style(color=self.get_component_rich_style("help--muted").color)
        self.query_one("#help-keys", Static).update(self._table())
        self.query_one("#help-symbols", Static).update(self._legend())

    def _table(self) -> Group:
        rows: list[tuple[str, list[tuple[str, str, str]]]] = []
        for title, entries in self._sections:
            keys: list[tuple[str, str, str]] = []
            for binding in _bindings(entries):
                description = binding.description or binding.action.replace("_", " ")
                shown = " ".join(
                    self.app.get_key_display(Binding(k, "")) for k in binding.key.split(",")
                )
                if all((shown, description) != (k, d) for k, d, _ in keys):
                    keys.append((shown, description, binding.id or ""))
            rows.append((title, keys))
        # One key-column width for every section, so the descriptions line up.
        width = max((len(k) for _, keys in rows for k, _, _ in keys), default=1)
        blocks: list[Text | Table] = []
        for title, keys in rows:
            blocks.append(Text(title, "bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=width)
            table.add_column()
            for shown, description, binding_id in keys:
                line = Text(description)
                if binding_id:
                    line.append(f"  {binding_id}", self._muted)
                table.add_row(Text(shown), line)
            blocks.append(table)
            blocks.append(Text(""))
        return Group(*blocks)

    def _legend(self) -> Group:
        table = Table.grid(padding=(0, 2))
        width = max(len(symbol) for symbol, _, _ in LEGEND)
        table.add_column(no_wrap=True, width=width)
        table.add_column()
        for symbol, style, meaning in LEGEND:
            table.add_row(Text(symbol, self._muted if style is MUTED else style), Text(meaning))
        note = Text(
            "Remap a key in settings.toml: [keys] then  id = \"key\"  (the grey ids above).",
            self._muted,
        )
        return Group(Text("Symbols", "bold underline"), table, Text(""), note)

    def action_close(self) -> None:
        self.dismiss(None)
