"""What the story screen offers the action mixins it is built from (review, search).

A Protocol rather than stub methods: each mixin method declares `self: StoryView`, so mypy
checks that the screen composing the mixins provides all of this (see `main_screen`), and a
missing piece is a type error, not a NotImplementedError at the first key press.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from tui.model.entities import Actor, Entry
from tui.model.index import StoryIndex
from tui.model.problems import Problem
from tui.model.search import HitCursor, SearchHit, SearchIndex
from tui.review.filters import ReviewFilter
from tui.review.session import ReviewSession

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.widget import Widget

    from tui.widgets.article_view import ArticleView
    from tui.widgets.detail_view import DetailView
    from tui.widgets.entry_list import EntryList
    from tui.widgets.search_bar import SearchBar
    from tui.widgets.story_header import StoryHeader


class StoryView(Protocol):
    index: StoryIndex
    review: ReviewSession
    review_filter: ReviewFilter
    active_pane: str
    hits: HitCursor
    actor_filter: Actor | None
    problems: tuple[Problem, ...]
    zoomed: bool

    # --- from Textual's Screen ---------------------------------------------------------

    @property
    def app(self) -> App[int]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    # --- from the story screen ---------------------------------------------------------

    @property
    def article(self) -> ArticleView: ...

    @property
    def detail(self) -> DetailView: ...

    @property
    def header(self) -> StoryHeader: ...

    @property
    def lists(self) -> tuple[EntryList[object], ...]: ...

    @property
    def current_entry(self) -> Entry | None: ...

    @property
    def focused_list(self) -> EntryList[object] | None: ...

    @property
    def search_index(self) -> SearchIndex: ...

    async def search_bar(self) -> SearchBar: ...

    def query_search_bars(self) -> list[SearchBar]: ...

    def apply_rows(self) -> None: ...

    def clear_filters(self) -> None: ...

    def pane_widget(self, pane: str) -> Widget: ...

    def update_titles(self) -> None: ...

    def fit_list_heights(self, screen_height: int) -> None: ...

    def refresh_review(self, entry: Entry | None = None) -> None: ...

    def review_rows(self, entries: Sequence[Entry]) -> Sequence[Entry]: ...

    def set_review_filter(self, kind: ReviewFilter) -> None: ...

    def show_pane(self, pane: str, focus: bool) -> None: ...

    def reveal_entry(self, entry: Entry | None, focus: bool = True) -> None: ...

    def reveal_hit(self, hit: SearchHit, focus: bool) -> None: ...

    def show_search(self) -> None: ...

    def refresh_bindings(self) -> None: ...
