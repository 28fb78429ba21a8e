"""The note thread of an entry (`e`): everyone's notes, and yours to write or edit.

Others' notes are shown read-only above the editor, each with its author and time. The
editor holds your latest note (ctrl+n starts a new one instead). Every text is shown inert:
a note another editor wrote cannot send a control sequence to your terminal, here or in
the editor, whose content is cleaned before it is shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import Edit, EditResult

from tui.model.safe_text import one_line, safe_text
from tui.review.marks import clean_text, shown_time
from tui.review.state import Note


class InertTextArea(TextArea):
    """A TextArea that turns control characters and bidi overrides into visible stand-ins
    as they come in (typed, pasted or loaded): none can reach the terminal, or the note."""

    def edit(self, edit: Edit) -> EditResult:
        if not edit.text.isprintable():
            edit = dataclasses.replace(edit, text=clean_text(edit.text))
        return super().edit(edit)


class NoteEdit(NamedTuple):
    """What the editor gave back: the note to rewrite (None: a new note) and its text
    ("" withdraws it)."""

    note_id: str | None
    text: str


class NoteScreen(ModalScreen[NoteEdit | None]):
    """Returns a NoteEdit, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("ctrl+n", "new_note", "New note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 90;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & #note-thread { height: auto; max-height: 10; }
        & .note-author { color: $text-accent; }
        & TextArea { height: 8; }
        & .note-help { color: $text-muted; }
    }
    """

    def __init__(
        self, label: str, thread: Sequence[Note], mine: Note | None, reviewer: str
    ) -> None:
        super().__init__()
        self._label = label
        self._thread = list(thread)
        self._mine = mine
        self._reviewer = reviewer
        self._opened_with = ""  # the editor's text when opened: typing differs from it

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Notes on: {one_line(self._label)}", "bold"))
            others = [note for note in self._thread if note is not self._mine]
            if others:
                with VerticalScroll(id="note-thread"):
                    for note in others:
                        yield Static(_note_text(note, self._reviewer), classes="note")
            yield Label(Text(self._editor_title()), id="note-editing", classes="note-author")
            # The text is cleaned: a note read from a shared file may hold escapes.
            text = safe_text(self._mine.text) if self._mine else ""
            self._opened_with = text
            yield InertTextArea(text, id="note-text", soft_wrap=True)
            yield Label(
                Text("ctrl+s saves · ctrl+n new note · escape cancels · empty withdraws yours"),
                classes="note-help",
            )

    def _editor_title(self) -> str:
        if self._mine is None:
            return "Your new note:"
        return f"Your note ({shown_time(self._mine.at)}):"

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        note_id = self._mine.note_id if self._mine else None
        self.dismiss(NoteEdit(note_id, self.query_one(TextArea).text))

    def action_new_note(self) -> None:
        self._mine = None
        self.query_one("#note-editing", Label).update(Text(self._editor_title()))
        self.query_one(TextArea).load_text("")
        self._opened_with = ""

    @property
    def changed(self) -> bool:  # HoldsTyping: ctrl+q and escape ask before losing it
        return self.query_one(TextArea).text != self._opened_with

    def action_cancel(self) -> None:
        from tui.screens.confirm_screen import dismiss_unless_kept

        dismiss_unless_kept(self, "the note")


def _note_text(note: Note, reviewer: str) -> Text:
    who = "you" if note.author == reviewer else one_line(note.author)
    edited = " (edited)" if note.edits else ""
    return Text.assemble(
        (f"{who} · {shown_time(note.at)}{edited}", "bold"), "\n", safe_text(note.text)
    )
