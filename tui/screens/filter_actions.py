"""The actor filter of the story screen (`a`): only the events and quotes that involve
an actor. The review filter (`r`) is in review_actions; both narrow the rows here.

A mixin so the main screen keeps to layout and navigation; its methods need only what
`StoryView` promises.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from tui.model.entities import Actor, Entry, Event, Quote
from tui.model.safe_text import one_line
from tui.review.filters import ReviewFilter

if TYPE_CHECKING:
    from tui.screens.story_view import StoryView
    from tui.widgets.entry_list import EntryList


class FilterActions:
    actor_filter: Actor | None
    def action_filter_actor(self: StoryView) -> None:
        if self.actor_filter is not None:
            self.clear_filters()
            return
        entry = self.current_entry
        if isinstance(entry, Quote) and entry.speaker:
            entry = self.index.actor(entry.speaker)
        if not isinstance(entry, Actor):
            self.notify("Move to an actor (2) and press a to filter by it.", markup=False)
            return
        self.actor_filter = entry
        self.apply_rows()
        self.notify(
            f"Showing what involves {one_line(entry.name)}; a or escape shows all.",
            markup=False,
            timeout=3,
        )

    def clear_filters(self: StoryView) -> None:
        self.actor_filter = None
        self.review_filter = ReviewFilter.ALL
        self.apply_rows()
        self.refresh_review()

    def apply_rows(self: StoryView) -> None:
        """Recompute each list's rows from the bundle and the active filters."""
        bundle = self.index.bundle
        rows: dict[str, Sequence[Entry]] = {
            "timeline": bundle.events,
            "actors": bundle.actors,
            "quotes": bundle.quotes,
        }
        if self.actor_filter is not None:
            involved = self.index.involving.get(self.actor_filter.id, ())
            rows["timeline"] = [e for e in involved if isinstance(e, Event)]
            rows["quotes"] = [q for q in involved if isinstance(q, Quote)]
        for pane, entries in rows.items():
            entry_list = cast("EntryList[Entry]", self.pane_widget(pane))
            entry_list.set_rows(self.review_rows(entries))
        self.update_titles()
        self.fit_list_heights(self.app.size.height)
        self.refresh_bindings()

    def action_goto_speaker(self: StoryView) -> None:
        entry = self.current_entry
        if not isinstance(entry, Quote):
            self.notify("Move to a quote (3) and press s to jump to its speaker.", markup=False)
            return
        speaker = self.index.actor(entry.speaker) if entry.speaker else None
        if speaker is None:
            self.notify("A scare quote is the writer's own: it has no speaker.", markup=False)
            return
        self.reveal_entry(speaker)
