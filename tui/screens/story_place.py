"""Where the editor is in a story, to reopen it there (see tui.settings.places)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tui.screens.pane_layout import LIST_PANES, PANE_ORDER

if TYPE_CHECKING:
    from tui.screens.story_view import StoryView


def place_of(screen: StoryView) -> dict[str, str]:
    """The pane, each list's entry and the article's paragraph, by id."""
    place = {"pane": screen.active_pane, "article": screen.article.paragraph.id}
    for pane, entry_list in zip(LIST_PANES, screen.lists, strict=True):
        row = entry_list.current
        row_id = getattr(row, "id", None)
        if isinstance(row_id, str):
            place[pane] = row_id
    return place


def restore_place(screen: StoryView, place: Mapping[str, str]) -> str:
    """Put each list back on its entry and the article on its paragraph; returns the pane
    to show. What the story no longer has (an entry deleted since) stays at the start."""
    for pane, entry_list in zip(LIST_PANES, screen.lists, strict=True):
        entry = screen.index.entries.get(place.get(pane, ""))
        if entry is not None:
            entry_list.select(entry)
    paragraph = place.get("article", "")
    if paragraph in screen.index.paragraphs:
        screen.article.show_paragraph(paragraph)
    pane = place.get("pane", "timeline")
    return pane if pane in PANE_ORDER else "timeline"
