"""What the command palette offers beyond the keys: the suggestions view, and the exports
(TimelineJS, CSV, W3C annotations, the review sheet) written beside the bundle."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.fileio import shown_path
from tui.model.entities import EntryType
from tui.screens.edit_actions import when_editable
from tui.screens.entry_form_flow import open_form
from tui.screens.story_editing import owner_of

if TYPE_CHECKING:
    from tui.authoring.suggest.model import Suggestion
    from tui.screens.story_view import StoryView


def open_suggestions(screen: StoryView) -> None:
    """The suggestions not in the story and not rejected before, in a view of their own."""
    from tui.authoring.suggest.api import pending, store_for
    from tui.screens.suggestions_screen import SuggestionsScreen

    owner = owner_of(screen)
    bundle = screen.index.bundle
    store = store_for(bundle, shipped=owner.shipped)
    view = SuggestionsScreen(pending(bundle, store))
    reviewer = screen.review.reviewer

    def reject(suggestion: Suggestion) -> None:
        try:
            store.reject(suggestion, reviewer=reviewer)
        except OSError as error:
            screen.notify(f"Not remembered as rejected: {error}", severity="warning",
                          markup=False)

    def restore(suggestion: Suggestion) -> None:
        try:
            store.restore(suggestion.key)
        except OSError as error:
            screen.notify(f"Could not offer it again: {error}", severity="warning",
                          markup=False)

    def choose(suggestion: Suggestion) -> None:
        def edit() -> None:
            from tui.authoring.edits import SECTION_OF, Create
            from tui.authoring.suggest.api import entry_draft

            story = owner.editing.open()
            entry_type = EntryType(suggestion.type)
            fields = entry_draft(suggestion, story.bundle)
            open_form(screen, entry_type, fields, f"Suggested {suggestion.type}",
                      lambda draft: Create(SECTION_OF[entry_type], draft),
                      on_saved=lambda: view.drop(suggestion))

        when_editable(screen, edit)

    view.on_reject, view.on_restore, view.on_choose = reject, restore, choose
    screen.app.push_screen(view)


def export_story(screen: StoryView, fmt: str) -> Path | None:
    """Write the export beside the bundle (the shipped story's: in the current folder, as
    its folder is the installed program); returns where."""
    from tui.export.exporting import export_path_for, export_to_file

    bundle = screen.index.bundle
    path = export_path_for(bundle, fmt)
    if owner_of(screen).shipped:
        path = Path(os.getcwd()) / path.name
    try:
        written = export_to_file(bundle, screen.review, fmt, path)
    except (OSError, ValueError) as error:
        screen.notify(f"Not exported: {error}", severity="error", markup=False)
        return None
    screen.notify(f"Exported to {shown_path(written)}", markup=False, timeout=6)
    return written
