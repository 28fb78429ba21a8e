"""The search keys of the story screen: `/` opens the search line, `n` / `N` step hits.

A mixin so the main screen keeps to layout and navigation; its methods need only what
`StoryView` promises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from tui.model.search import PARAGRAPH, SearchHit

if TYPE_CHECKING:
    from tui.screens.story_view import StoryView
    from tui.widgets.search_bar import SearchBar

SEARCH_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search"),
    Binding("n", "next_hit", "Next hit", show=False),
    Binding("N", "previous_hit", "Previous hit", show=False),
]


class SearchActions:
    async def action_search(self: StoryView) -> None:
        # Awaited by the key that asked: keys typed after `/` reach the open line.
        (await self.search_bar()).open()

    def on_search_bar_changed(self: StoryView, event: SearchBar.Changed) -> None:
        hit = self.hits.reset(event.query, self.search_index.find(event.query))
        event.search_bar.set_status(self.hits.status())
        if hit is not None:
            self.reveal_hit(hit, focus=False)

    def search_submitted(self: StoryView, query: str) -> None:
        # Incremental results arrive by message and may lag behind fast typing.
        if query != self.hits.query:
            self.hits.reset(query, self.search_index.find(query))
        hit = self.hits.current
        if hit is not None:
            self.reveal_hit(hit, focus=True)
            self.notify(f"{self.hits.status()} — n / N for next / previous", markup=False)
        else:
            self.show_pane(self.active_pane, focus=True)
            if self.hits.query.strip():
                self.notify("No match.", severity="warning", markup=False)

    def search_closed(self: StoryView) -> None:
        self.show_pane(self.active_pane, focus=True)

    def action_next_hit(self: StoryView) -> None:
        _step_hit(self, 1)

    def action_previous_hit(self: StoryView) -> None:
        _step_hit(self, -1)

    def reveal_hit(self: StoryView, hit: SearchHit, focus: bool) -> None:
        if hit.kind == PARAGRAPH:
            self.article.show_paragraph(hit.id)
            self.show_pane("article", focus=focus)
            return
        self.reveal_entry(self.index.entries.get(hit.id), focus=focus)


def _step_hit(screen: StoryView, delta: int) -> None:
    hit = screen.hits.step(delta)
    if hit is None:
        screen.notify("No search yet: press / to search.", markup=False)
        return
    screen.reveal_hit(hit, focus=True)
    screen.notify(f"match {screen.hits.status()}", markup=False, timeout=1.5)
