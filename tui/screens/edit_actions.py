"""The editing keys of the story screen: `c` create from the selected words, `E` edit, `+`
add the selection as a source, `D` delete, `u` / `ctrl+y` undo and redo, `o` $EDITOR.

Every change goes through the story writer (tui.authoring), which checks the edited bundle
with check's rules before it replaces the file; the app then shows the file as written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tui.model.entities import Entry, EntryType, Paragraph
from tui.model.problems import BundleError
from tui.model.safe_text import one_line, shortened
from tui.screens.entry_form_flow import open_form
from tui.screens.quick_save import save_and_show, save_soon, show_outcome, still_waiting
from tui.screens.review_actions import ReviewActions
from tui.screens.story_editing import owner_of, problem_lines
from tui.screens.story_widgets import PANE_OF_TYPE

if TYPE_CHECKING:
    from tui.authoring.edits import Edit
    from tui.authoring.story_file import StoryFile
    from tui.screens.story_view import StoryView


EDIT_BINDINGS = [
    Binding("c", "create_entry", "Create", id="edit.create"),
    Binding("plus", "add_source", "Add source", id="edit.add-source"),
    Binding("E", "edit_entry", "Edit", id="edit.edit"),
    Binding("D", "delete_entry", "Delete", show=False, id="edit.delete"),
    Binding("ctrl+y,U", "redo", "Redo", show=False, id="edit.redo"),
    Binding("o", "open_editor", "$EDITOR", show=False, id="edit.open-editor"),
]


def selected_words(screen: StoryView) -> tuple[Paragraph, int, int] | None:
    """The words selected in the article, or in the detail pane's source paragraph."""
    if screen.active_pane == "detail":
        found = screen.detail.selection()
        paragraph = screen.index.paragraphs.get(found[0]) if found is not None else None
        return (paragraph, found[1], found[2]) if paragraph is not None and found else None
    return screen.article.selection()


def new_entry_fields(
    entry_type: EntryType, paragraph: Paragraph, start: int, end: int, taken: set[str]
) -> dict[str, Any]:
    """A new entry's fields from words selected in `paragraph`: its source link, and the
    words where the entry's main field wants them."""
    from tui.authoring.edits import SECTION_OF
    from tui.authoring.ids import new_entry_id
    from tui.authoring.selection import link_for_selection, strip_quotation_marks

    words = paragraph.text[start:end]
    link = link_for_selection(paragraph.text, start, end).source(paragraph.id)
    entry_id = new_entry_id(words, taken, SECTION_OF[entry_type])
    if entry_type is EntryType.EVENT:
        return {"id": entry_id, "title": "", "when": "", "sources": [link]}
    if entry_type is EntryType.ACTOR:
        return {"id": entry_id, "name": one_line(words), "kind": "person", "sources": [link]}
    return {"id": entry_id, "kind": "direct", "text": strip_quotation_marks(words),
            "sources": [link]}


class EditActions:
    def on_article_view_selection_changed(self: StoryView) -> None:
        self.refresh_bindings()  # `c` and `+` are offered while words are selected

    def on_detail_view_selection_changed(self: StoryView) -> None:
        self.refresh_bindings()

    # --- creating ---------------------------------------------------------------------

    def action_create_entry(self: StoryView) -> None:
        selection = selected_words(self)
        if selection is None:
            self.notify("Select words in the article first: shift+arrows, a mouse drag, or "
                        "/ and enter.", markup=False)
            return
        paragraph, start, end = selection

        def chosen(entry_type: EntryType | None) -> None:
            if entry_type is None:
                return
            story = _story_or_say(self)
            if story is None:
                return
            fields = new_entry_fields(entry_type, paragraph, start, end, story.ids())
            from tui.authoring.edits import SECTION_OF, Create

            open_form(self, entry_type, fields, f"New {entry_type.value}",
                       lambda draft: Create(SECTION_OF[entry_type], draft))

        def ask() -> None:
            from tui.screens.type_chooser import TypeChooser

            self.app.push_screen(TypeChooser(paragraph.text[start:end]), chosen)

        when_editable(self, ask)

    def action_add_source(self: StoryView) -> None:
        selection = selected_words(self)
        entry = self.detail.entry
        if selection is None or entry is None:
            self.notify("Select words in the article, with an entry highlighted, to add them "
                        "as its source.", markup=False)
            return
        paragraph, start, end = selection

        def add() -> None:
            from tui.authoring.edits import Update
            from tui.authoring.selection import link_for_selection

            story = _story_or_say(self)
            fields = story.fields(entry.id) if story is not None else None
            if fields is None:
                return
            link = link_for_selection(paragraph.text, start, end).source(paragraph.id)
            fields["sources"] = [*fields.get("sources", []), link]
            save_and_show(self, Update(entry.id, fields), f"Source added to {entry.id}",
                  select=(PANE_OF_TYPE[entry.entry_type], entry.id))

        when_editable(self, add)

    # --- editing and deleting ---------------------------------------------------------

    def action_edit_entry(self: StoryView) -> None:
        entry = self.current_entry or self.detail.entry
        if entry is None:
            self.notify("Highlight an entry to edit.", markup=False)
            return

        def edit() -> None:
            from tui.authoring.edits import Update
            from tui.authoring.references import update_renaming

            story = _story_or_say(self)
            fields = story.fields(entry.id) if story is not None else None
            if fields is None:
                self.notify(f"{entry.id} is not in the file any more.", markup=False)
                return
            editing = owner_of(self).editing
            # A new actor id goes into the entries that name it too (as the file is then).
            def edit_for(draft: dict[str, Any]) -> Edit:
                now = editing.story  # as the save will read it (None: the save reads it)
                return Update(entry.id, draft) if now is None else update_renaming(
                    now, entry.id, draft
                )

            open_form(self, entry.entry_type, fields, f"Edit {entry.id}", edit_for,
                      edits=entry.id)

        when_editable(self, edit)

    def action_delete_entry(self: StoryView) -> None:
        entry = self.current_entry
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                from tui.authoring.edits import Delete

                save_and_show(self, Delete(entry.id), f"Deleted {entry.id}")

        def ask() -> None:
            from tui.authoring.references import describe, references_to
            from tui.screens.confirm_screen import ConfirmScreen

            story = _story_or_say(self)
            if story is None:
                return
            # Refused before asking, not after: the actor stays while entries name it.
            if entry.entry_type is EntryType.ACTOR and (
                named := references_to(story.data, entry.id)
            ):
                self.notify(
                    f"{one_line(entry.id)} is not deleted: {describe(named)} still "
                    f"name{'s' if len(named) == 1 else ''} it; change those first.",
                    severity="warning", timeout=12, markup=False,
                )
                return
            self.app.push_screen(
                ConfirmScreen(
                    f"Delete {one_line(entry.id)}?", shortened(one_line(entry.label), 200)
                ),
                answered,
            )

        when_editable(self, ask)

    # --- undo and redo (with the review marks: whichever came last) -------------------

    def action_undo(self: StoryView) -> None:
        """`u`: the latest edit, unless a mark was made since (then the review's undo)."""
        editing = owner_of(self).editing
        if still_waiting(self.app, editing):  # the edit waiting may be the one to undo
            return
        if not editing.undo_is_an_edit(len(self.review.undo_stack)):
            ReviewActions.action_undo(self)
            return
        label = editing.history.undo_label() or "edit"
        save_soon(self.app, editing, editing.undo,
                  lambda outcome: show_outcome(self, outcome, f"Undone: {label}",
                                                not_done="Not undone"))

    def action_redo(self: StoryView) -> None:
        editing = owner_of(self).editing
        if still_waiting(self.app, editing):
            return
        if not editing.history.can_redo:
            self.notify("Nothing to redo.", markup=False)
            return
        label = editing.history.redo_label() or "edit"
        save_soon(self.app, editing,
                  lambda wait: editing.redo(len(self.review.undo_stack), lock_timeout=wait),
                  lambda outcome: show_outcome(self, outcome, f"Redone: {label}",
                                                not_done="Not redone"))

    # --- the file in an editor --------------------------------------------------------

    def action_open_editor(self: StoryView) -> None:
        import shlex
        import subprocess

        from textual.app import SuspendNotSupported

        owner = owner_of(self)
        entry = self.current_entry or self.detail.entry
        try:
            story = owner.editing.open()
        except BundleError as error:  # the editor is how to fix it: open it at the problem
            path, line = owner.editing.path, min((p.line for p in error.problems), default=1)
        except OSError as error:
            self.notify(f"Cannot read the story file: {error}", severity="error", markup=False)
            return
        else:
            where = entry.id if entry is not None else self.article.paragraph.id
            path, line = story.path, story.line_of(where)
        editor = os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"
        command = [*shlex.split(editor), f"+{max(line, 1)}", path]
        try:
            with self.app.suspend():
                subprocess.call(command)  # the user's own editor, by choice
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor (a browser?).",
                        severity="warning", markup=False)
            return
        except OSError as error:
            self.notify(f"Could not run {editor!r}: {error}", severity="error", markup=False)
            return
        owner.editing.story = None  # read what the editor left
        _reload(self, select=entry)


# --- helpers (module level: the mixin's names are the screen's actions) ---------------


def when_editable(screen: StoryView, then: Callable[[], object]) -> None:
    """Run `then` on an editable story: the shipped one is first copied (asking where)."""
    owner = owner_of(screen)
    if owner.shipped:
        owner.copy_shipped_story(then)
        return
    then()


def _story_or_say(screen: StoryView) -> StoryFile | None:
    """The story file, or None after saying why it cannot be edited now."""
    editing = owner_of(screen).editing
    try:
        return editing.open()
    except BundleError as error:
        shown = "; ".join(problem_lines(error.problems[:3]))
        screen.notify(f"The file on disk fails check, fix it first: {shown}",
                      severity="error", timeout=15, markup=False)
    except OSError as error:
        screen.notify(f"Cannot read the story file: {error}", severity="error", markup=False)
    return None


def _reload(screen: StoryView, select: Entry | None = None) -> None:
    story = _story_or_say(screen)
    if story is not None:
        chosen = (PANE_OF_TYPE[select.entry_type], select.id) if select is not None else None
        owner_of(screen).show_story(story, select=chosen)
