"""Repair mode's keys: `O` lists the links the corrected text left behind (accept a
re-anchor there), `R` re-attaches the highlighted entry's orphaned link to the selected words.

A story whose only errors are such links opens in repair mode (see tui.model.load's
`load_repairable`); each accepted fix is saved through the story writer, which allows the
file the errors it already had (the orphans still waiting) and no new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.model.safe_text import one_line
from tui.screens.edit_actions import selected_words
from tui.screens.quick_save import save_and_show
from tui.screens.story_editing import owner_of
from tui.screens.story_widgets import PANE_OF_TYPE

if TYPE_CHECKING:
    from tui.model.repair import LinkRepair
    from tui.screens.repairs_screen import Choice
    from tui.screens.story_view import StoryView

REPAIR_BINDINGS = [
    Binding("O", "show_repairs", "Repairs", id="repair.list"),
    Binding("R", "reattach", "Re-attach", id="repair.reattach"),
]


def repairs_of(screen: StoryView) -> list[LinkRepair]:
    return list(getattr(screen.app, "repairs", ()))


class RepairActions:
    def action_show_repairs(self: StoryView) -> None:
        from tui.screens.repairs_screen import RepairsScreen

        def chosen(choice: Choice | None) -> None:
            if choice is None:
                return
            what, repairs = choice
            if what == "goto":
                # `R` then re-attaches this one, whatever entry a search highlights.
                owner_of(self).editing.reattach_to = (repairs[0].entry, repairs[0].source)
                entry = self.index.entries.get(repairs[0].entry)
                self.reveal_entry(entry)
                return
            _accept(self, repairs)

        self.app.push_screen(RepairsScreen(repairs_of(self)), chosen)

    def action_reattach(self: StoryView) -> None:
        selection = selected_words(self)
        orphan = _orphan_to_reattach(self)
        entry = self.index.entries.get(orphan.entry) if orphan is not None else None
        if selection is None or orphan is None or entry is None:
            self.notify("Highlight an entry with an orphaned link (O lists them), then select "
                        "its words in the article and press R.", markup=False)
            return
        from tui.authoring.edits import Update
        from tui.authoring.selection import link_for_selection

        story = owner_of(self).editing.open()
        fields = story.fields(entry.id)
        if fields is None:
            return
        paragraph, start, end = selection
        sources = [dict(link) for link in fields.get("sources", [])]
        if orphan.source < len(sources):
            sources[orphan.source] = link_for_selection(paragraph.text, start, end).source(
                paragraph.id
            )
        fields["sources"] = sources
        save_and_show(self, Update(entry.id, fields), f"Re-attached {one_line(entry.id)}",
                      select=(PANE_OF_TYPE[entry.entry_type], entry.id))


def _orphan_to_reattach(screen: StoryView) -> LinkRepair | None:
    """The highlighted entry's orphan; else the one last gone to from the repairs view;
    else the only one."""
    orphans = [r for r in repairs_of(screen) if not r.fixable]
    entry = screen.detail.entry
    for orphan in orphans:
        if entry is not None and orphan.entry == entry.id:
            return orphan
    target = owner_of(screen).editing.reattach_to
    for orphan in orphans:
        if (orphan.entry, orphan.source) == target:
            return orphan
    return orphans[0] if len(orphans) == 1 else None


def _accept(screen: StoryView, repairs: list[LinkRepair]) -> None:
    from tui.authoring.link_fixes import fix_edit

    story = owner_of(screen).editing.open()
    edit = fix_edit(story, repairs)
    count = len(repairs)
    save_and_show(screen, edit, f"Accepted {count} re-anchored link{'s' if count != 1 else ''}")
