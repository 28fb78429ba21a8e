"""The entry form: every field of an event, actor or quote, for `c` (create) and `E` (edit).

The form edits a *draft*: a plain dict shaped like the entry's table in the story file
(`title`, `sources = [{paragraph, exact, ...}]`, `x-` keys, ...), so whatever fills it (a
selection, an existing entry, a suggestion) and whatever saves it (the story writer) speak
the bundle format itself. Saving hands the draft to `submit`, which writes it or returns
`check`'s messages; those are shown here and what was typed is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label, Static

from tui.model.edtf import EdtfError, parse_edtf
from tui.model.entities import ACTOR_KINDS, QUOTE_KINDS, Actor, EntryType
from tui.model.safe_text import one_line
from tui.screens import quick_save
from tui.widgets.actor_refs import ActorRefs
from tui.widgets.cycle_choice import CycleChoice
from tui.widgets.safe_editors import SafeInput, SafeTextArea
from tui.widgets.source_editor import SourceEditor

Draft = dict[str, Any]
# The outcome of saving a draft: no messages (saved), or why it was refused.


class Busy(NamedTuple):
    """`submit`'s answer while another save holds the story's lock: try again soon."""

    message: str  # why, as the writer words it, for when the form stops trying


# Writes the draft; answers what check says is wrong with it (nothing: saved), or Busy.
Submit = Callable[[Draft], "Sequence[str] | Busy"]


class Field(NamedTuple):
    key: str
    kind: str  # line, text, lines, choice, ref, refs
    choices: tuple[str, ...] = ()


FIELDS: dict[EntryType, tuple[Field, ...]] = {
    EntryType.EVENT: (
        Field("id", "line"),
        Field("title", "line"),
        Field("when", "line"),
        Field("date", "line"),
        Field("summary", "text"),
        Field("actors", "refs"),
    ),
    EntryType.ACTOR: (
        Field("id", "line"),
        Field("name", "line"),
        Field("kind", "choice", ACTOR_KINDS),
        Field("aliases", "lines"),
        Field("description", "text"),
    ),
    EntryType.QUOTE: (
        Field("id", "line"),
        Field("kind", "choice", QUOTE_KINDS),
        Field("text", "text"),
        Field("speaker", "ref"),
        Field("cue", "line"),
        Field("about", "refs"),
    ),
}
# Where the cursor starts: what the editor most likely types first (in an existing quote
# its words: on the kind, a space changed it, and a scare quote lost its speaker).
FIRST_FIELD = {EntryType.EVENT: "title", EntryType.ACTOR: "name", EntryType.QUOTE: "kind"}
FIRST_FIELD_OF_EDIT = FIRST_FIELD | {EntryType.QUOTE: "text"}
# Keys a table of this type must have even when empty (`when` may be "").
ALWAYS_WRITTEN = {"id", "title", "when", "name", "kind", "text"}
_STANDARD = {field.key for fields in FIELDS.values() for field in fields} | {"sources"}


class EntryForm(ModalScreen[Draft | None]):
    """Returns the saved draft, or None when the editor cancelled."""

    # As a quick edit's save: between tries while another save holds the lock, and how many
    # before the form says it could not save.
    RETRY_SECONDS: ClassVar[float] = quick_save.RETRY_SECONDS
    TRIES: ClassVar[int] = quick_save.TRIES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    EntryForm {
        align: center middle;
        & > Vertical {
            width: 96%;
            max-width: 110;
            height: 96%;
            border: round $accent;
            border-title-color: $text;
            background: $surface;
        }
        & VerticalScroll { height: 1fr; padding: 0 1; }
        & .field { height: auto; min-height: 1; }
        & .field > Label { width: 12; color: $text-secondary; }
        & .field > SafeInput, & .field > SafeTextArea, & .field > ActorRefs { width: 1fr; }
        & .field > SafeTextArea { height: 4; border: none; padding: 0 1; background: $boost; }
        & .field > SafeTextArea:focus { background: $accent 25%; }
        & .field > .field-note { width: auto; padding: 0 1; color: $text-muted; }
        & .field > .field-note.-error { color: $text-error; }
        & .section { color: $text-muted; text-style: bold; margin-top: 1; }
        & #form-sources { height: auto; }
        & .-hidden { display: none; }
        & #form-problems { color: $text-error; height: auto; }
        & #form-problems.-waiting { color: $text-warning; }
        & #form-keys { width: 100%; height: auto; color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(
        self,
        entry_type: EntryType,
        draft: Mapping[str, Any],
        *,
        title: str,
        actors: Sequence[Actor],
        submit: Submit,
        first_field: str | None = None,
    ) -> None:
        super().__init__()
        self.entry_type = entry_type
        self._initial: Draft = dict(draft)
        self._title = title
        self._actors = actors
        self._actor_names = {actor.id: actor.name for actor in actors}
        self._submit = submit
        self._waiting: Timer | None = None  # the next try of a save another save held up
        self._tries = 0
        self._first_field = first_field or FIRST_FIELD[entry_type]
        self._source_count = 0

    # --- composition ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical() as frame:
            frame.border_title = Text(one_line(self._title))
            # Not a tab stop of its own: it scrolls to the field that has the focus, and
            # focused itself it took the keys typed there.
            with VerticalScroll(id="form-fields", can_focus=False):
                for field in FIELDS[self.entry_type]:
                    yield from self._field_row(field)
                yield Label("Sources", classes="section")
                with Vertical(id="form-sources"):
                    for link in self._initial.get("sources", []):
                        yield self._source_editor(link)
                yield from self._extension_rows()
                yield Static("", id="form-problems")
            yield Label(Text(self._keys_line()), id="form-keys")

    def _field_row(self, field: Field) -> ComposeResult:
        value = self._initial.get(field.key)
        with Horizontal(classes="field", id=f"row-{field.key}"):
            yield Label(field.key)
            widget_id = f"field-{field.key}"
            if field.kind == "line":
                yield SafeInput(value if isinstance(value, str) else "", classes="-compact",
                                id=widget_id)
                if field.key == "date":
                    yield Label("", classes="field-note", id="date-reading")
            elif field.kind == "text":
                yield SafeTextArea(value if isinstance(value, str) else "", soft_wrap=True,
                                   id=widget_id)
            elif field.kind == "lines":
                lines = "\n".join(v for v in value if isinstance(v, str)) if value else ""
                yield SafeTextArea(lines, soft_wrap=True, id=widget_id)
                yield Label("one a line", classes="field-note")
            elif field.kind == "choice":
                shown = value if isinstance(value, str) else field.choices[0]
                yield CycleChoice(field.choices, shown, id=widget_id)
                yield Label("← → to change", classes="field-note")
            else:  # ref, refs
                ids = [value] if isinstance(value, str) else list(value or [])
                yield ActorRefs(ids, multiple=field.kind == "refs",
                                name_of=self._actor_names.get, id=widget_id)

    def _source_editor(self, link: Mapping[str, Any]) -> SourceEditor:
        self._source_count += 1
        return SourceEditor(link, self._source_count)

    def _keys_line(self) -> str:
        """The form's keys; the actor picker's only on a form with a field of actors."""
        keys = "ctrl+s saves · escape cancels · tab next field"
        picked = [f.key for f in FIELDS[self.entry_type] if f.kind in ("ref", "refs")]
        return f"{keys} · enter on {'/'.join(picked)}: choose" if picked else keys

    def _extension_rows(self) -> ComposeResult:
        extensions = {k: v for k, v in self._initial.items() if k.startswith("x-")}
        if not extensions:
            return
        yield Label("Extensions (x- keys)", classes="section")
        for key, value in extensions.items():
            with Horizontal(classes="field"):
                yield Label(Text(one_line(key)[:11]))
                if isinstance(value, str):
                    yield SafeTextArea(value, soft_wrap=True, id=f"ext-{_ext_id(key)}")
                else:
                    # Tables, arrays and numbers are carried through as they are.
                    yield Label(Text(one_line(repr(value)), "dim"), classes="field-note")

    def on_mount(self) -> None:
        self._update_date_reading()
        self._update_speaker_row()
        first = self.query(f"#field-{self._first_field}")
        if first:
            self.set_focus(first.first())

    # --- live hints -------------------------------------------------------------------

    @on(SafeInput.Changed, "#field-date")
    def _date_changed(self) -> None:
        self._update_date_reading()

    def _update_date_reading(self) -> None:
        found = self.query("#date-reading")
        if not found:
            return
        note = found.first(Label)
        text = self.query_one("#field-date", SafeInput).value.strip()
        if not text:
            note.update(Text("undated"))
            note.remove_class("-error")
            return
        try:
            note.update(Text(parse_edtf(text).display()))
            note.remove_class("-error")
        except EdtfError:
            note.update(Text("not an EDTF date"))
            note.add_class("-error")

    @on(CycleChoice.Changed, "#field-kind")
    def _kind_changed(self) -> None:
        self._update_speaker_row()

    def _update_speaker_row(self) -> None:
        # A scare quote is the writer's own: it has no speaker to choose.
        if self.entry_type is EntryType.QUOTE:
            kind = self.query_one("#field-kind", CycleChoice).value
            self.query_one("#row-speaker").set_class(kind == "scare", "-hidden")

    @on(ActorRefs.ChooseRequested)
    def _choose_actors(self, event: ActorRefs.ChooseRequested) -> None:
        from tui.screens.actor_picker import ActorPicker

        refs = event.refs
        key = (refs.id or "").removeprefix("field-")

        def chosen(ids: list[str] | None) -> None:
            if ids is not None:
                refs.set_ids(ids)

        self.app.push_screen(
            ActorPicker(self._actors, refs.ids, multiple=refs.multiple, title=f"Choose {key}"),
            chosen,
        )

    @on(SourceEditor.RemoveRequested)
    async def _remove_source(self, event: SourceEditor.RemoveRequested) -> None:
        await event.editor.remove()
        sources = self.query_one("#form-sources")
        if sources.children:
            self.set_focus(sources.query(SafeInput).first())

    # --- the draft --------------------------------------------------------------------

    def collect(self) -> Draft:
        """The draft as the fields now say, in the bundle format's shape."""
        draft: Draft = {}
        for field in FIELDS[self.entry_type]:
            value = self._field_value(field)
            if value is not None:
                draft[field.key] = value
        for key, value in self._initial.items():
            if key.startswith("x-"):
                found = self.query(f"#ext-{_ext_id(key)}")
                draft[key] = found.first(SafeTextArea).kept_text if found else value
            elif key not in _STANDARD:
                draft[key] = value  # a key this form does not know: carried through
        draft["sources"] = [editor.link() for editor in self.query(SourceEditor)]
        return draft

    def _field_value(self, field: Field) -> Any:
        widget: Widget = self.query_one(f"#field-{field.key}")
        if field.kind == "line":
            value: Any = widget.kept_value if isinstance(widget, SafeInput) else ""
        elif field.kind == "text":
            value = widget.kept_text if isinstance(widget, SafeTextArea) else ""
        elif field.kind == "lines":
            text = widget.kept_text if isinstance(widget, SafeTextArea) else ""
            value = [line for line in text.splitlines() if line.strip()]
        elif field.kind == "choice":
            value = widget.value if isinstance(widget, CycleChoice) else ""
        else:
            ids = widget.ids if isinstance(widget, ActorRefs) else []
            if field.kind == "ref":
                hidden = self.query_one(f"#row-{field.key}").has_class("-hidden")
                value = ids[0] if ids and not hidden else None
            else:
                value = list(ids)
        if value in ("", [], None) and field.key not in ALWAYS_WRITTEN:
            return None
        return value

    @property
    def changed(self) -> bool:  # HoldsTyping: ctrl+q asks before losing it
        return self.collect() != _comparable(self._initial)
    # --- actions ----------------------------------------------------------------------

    def action_save(self) -> None:
        if self._waiting is not None:
            return  # this save is waiting for its turn already
        self._tries = 0
        self._save()

    def _save(self) -> None:
        """Submit what the form holds now (typed while a save waited, it is saved too)."""
        self._waiting = None
        draft = self.collect()
        answer = self._submit(draft)
        if isinstance(answer, Busy):
            # Try again on a timer, not by waiting for the lock: the screen stays live.
            self._tries += 1
            if self._tries < self.TRIES:
                self._show(
                    Text("Saving: waiting for another editor's save to finish…", "bold"),
                    waiting=True,
                )
                self._waiting = self.set_timer(self.RETRY_SECONDS, self._save)
                return
            # The message of the last try counts its own wait for the lock, not all of them.
            answer = [quick_save.gave_up(self.TRIES * self.RETRY_SECONDS)]
        problems = list(answer)
        if problems:
            shown = Text("Not saved — check says:\n", "bold")
            shown.append("\n".join(one_line(problem) for problem in problems))
            self._show(shown)
            return
        self.dismiss(draft)

    def _show(self, text: Text, *, waiting: bool = False) -> None:
        box = self.query_one("#form-problems", Static)
        box.set_class(waiting, "-waiting")
        box.update(text)
        # Scrolled to once laid out: before, the box still has the height of its old text.
        fields = self.query_one("#form-fields", VerticalScroll)
        self.call_after_refresh(fields.scroll_to_widget, box, animate=False)

    def action_cancel(self) -> None:
        if self._waiting is not None:  # escape stops waiting; the form stays as typed
            self._waiting.stop()
            self._waiting = None
            self._show(Text("Not saved: you stopped waiting for the other save.", "bold"))
            return
        from tui.screens.confirm_screen import dismiss_unless_kept

        dismiss_unless_kept(self, "the form")


def _ext_id(key: str) -> str:
    """A widget id for an extension key (ids allow ASCII letters, digits, - and _ only;
    every other character, `_` too, is written as its code, so no two keys share one)."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in key)


def _comparable(draft: Mapping[str, Any]) -> Draft:
    """`draft` as `collect` would give it back unchanged: empty optional keys left out."""
    shown: Draft = {}
    for key, value in draft.items():
        if value in ("", [], None) and key not in ALWAYS_WRITTEN:
            continue
        shown[key] = value
    return shown
