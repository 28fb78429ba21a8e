"""The search keys of the story screen: `/` opens the search line, `n` / `N` step hits,
`ctrl+l` lists them. Every match is highlighted in the lists, the detail pane and the
article; the search and where it is ("3/38 Baghouz") stay in the header until cleared
(escape).

A mixin so the main screen keeps to layout and navigation; its methods need only what
`StoryView` promises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from tui.model.safe_text import one_line
from tui.model.search import PARAGRAPH, HitCursor, SearchHit
from tui.widgets.matches import match_pattern

if TYPE_CHECKING:
    from tui.screens.story_view import StoryView
    from tui.widgets.search_bar import SearchBar

SEARCH_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search", id="search.open"),
]
# Shown only while a search is active (see key_relevance).
HIT_BINDINGS: list[BindingType] = [
    Binding("n", "next_hit", "Next hit", id="search.next-hit"),
    Binding("N", "previous_hit", "Previous hit", show=False, id="search.previous-hit"),
    Binding("ctrl+l", "show_hits", "Hits", id="search.hits"),
]


def search_status(hits: HitCursor) -> str:
    """Where the search is, one wording everywhere: `3/38 Baghouz`, `0/0 zqx`."""
    query = one_line(hits.query)
    if not query:
        return ""
    position = hits.position + 1 if hits.hits else 0
    return f"{position}/{len(hits.hits)} {query}"


class SearchActions:
    async def action_search(self: StoryView) -> None:
        # Awaited by the key that asked: keys typed after `/` reach the open line.
        (await self.search_bar()).open()

    def on_search_bar_changed(self: StoryView, event: SearchBar.Changed) -> None:
        if event.query != event.search_bar.value:
            return  # typed over already (a paste, a fast typist): a newer one is queued
        hit = self.hits.reset(event.query, self.search_index.find(event.query))
        if hit is not None:  # first: the detail pane then describes the hit only once
            self.reveal_hit(hit, focus=False)
        self.show_search()

    def search_submitted(self: StoryView, query: str) -> None:
        # Incremental results arrive by message and may lag behind fast typing.
        if query != self.hits.query:
            self.hits.reset(query, self.search_index.find(query))
        hit = self.hits.current
        if hit is not None:
            self.reveal_hit(hit, focus=True)
            self.show_search()
        else:  # "0/0" stays in the header: no message over the article
            self.show_search()
            self.show_pane(self.active_pane, focus=True)

    def search_closed(self: StoryView) -> None:
        """Escape in the search line: no search after all."""
        self.hits.reset("", [])
        self.show_search()
        self.show_pane(self.active_pane, focus=True)

    def clear_search(self: StoryView) -> None:
        self.hits.reset("", [])
        self.show_search()

    def show_search(self: StoryView) -> None:
        """Show the active search: its matches highlighted, where it is in the header."""
        pattern = match_pattern(self.hits.query) if self.hits.hits else None
        for entry_list in self.lists:
            entry_list.match = pattern
        self.detail.match = pattern
        self.article.match = pattern
        status = search_status(self.hits)
        self.header.search = status
        for bar in self.query_search_bars():
            bar.set_status(status)
        self.refresh_bindings()

    def action_next_hit(self: StoryView) -> None:
        _step_hit(self, 1)

    def action_previous_hit(self: StoryView) -> None:
        _step_hit(self, -1)

    def action_show_hits(self: StoryView) -> None:
        from tui.screens.hits_screen import HitsScreen  # OptionList: load on use

        def chosen(position: int | None) -> None:
            if position is not None and 0 <= position < len(self.hits.hits):
                self.hits.position = position
                self.reveal_hit(self.hits.hits[position], focus=True)
                self.show_search()

        screen = HitsScreen(self.hits, self.index, match_pattern(self.hits.query))
        self.app.push_screen(screen, chosen)

    def reveal_hit(self: StoryView, hit: SearchHit, focus: bool) -> None:
        if hit.kind == PARAGRAPH:
            self.article.show_paragraph(hit.id)
            # The words that matched are selected: `/`, then enter, then `c` makes an entry.
            pattern = match_pattern(self.hits.query)
            if pattern is not None:
                self.article.select_match(pattern)
            self.show_pane("article", focus=focus)
            return
        self.reveal_entry(self.index.entries.get(hit.id), focus=focus)


def _step_hit(screen: StoryView, delta: int) -> None:
    hit = screen.hits.step(delta)
    if hit is None:
        return  # no search: the key is not offered (see key_relevance)
    screen.reveal_hit(hit, focus=True)
    screen.show_search()
