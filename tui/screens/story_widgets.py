"""The story screen's widgets by name: the base of the story screen (see main_screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from tui.model.entities import Entry, EntryType
from tui.widgets.actor_list import ActorList
from tui.widgets.article_view import ArticleView
from tui.widgets.detail_view import DetailView
from tui.widgets.entry_list import EntryList
from tui.widgets.quote_list import QuoteList
from tui.widgets.story_header import StoryHeader
from tui.widgets.timeline_list import TimelineList

if TYPE_CHECKING:
    from tui.widgets.search_bar import SearchBar

PANE_OF_TYPE = {EntryType.EVENT: "timeline", EntryType.ACTOR: "actors", EntryType.QUOTE: "quotes"}


class StoryWidgets(Screen[None]):
    # Textual repaints the whole screen when the focus moves; the widgets that gain and lose
    # it (and their :focus-within ancestors) restyle and repaint themselves, which is all that
    # changes: a full repaint made changing pane (or opening the time axis) 1.5x a cursor move.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    # --- widgets by name --------------------------------------------------------------

    @property
    def timeline(self) -> TimelineList:
        return self.query_one("#timeline", TimelineList)

    @property
    def actors(self) -> ActorList:
        return self.query_one("#actors", ActorList)

    @property
    def quotes(self) -> QuoteList:
        return self.query_one("#quotes", QuoteList)

    @property
    def lists(self) -> tuple[EntryList[object], ...]:
        return cast(tuple[EntryList[object], ...], (self.timeline, self.actors, self.quotes))

    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def detail(self) -> DetailView:
        return self.query_one("#detail", DetailView)

    @property
    def source(self) -> DetailView:
        """The detail pane, by the name it had when it showed only the sources."""
        return self.detail

    @property
    def header(self) -> StoryHeader:
        return self.query_one(StoryHeader)

    def query_search_bars(self) -> list[SearchBar]:
        """The search line, once the first search has mounted it."""
        return [cast("SearchBar", bar) for bar in self.query("#search")]

    def pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}")

    def list_for(self, entry: Entry) -> EntryList[object]:
        return cast(EntryList[object], self.pane_widget(PANE_OF_TYPE[entry.entry_type]))
