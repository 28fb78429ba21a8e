"""What the story screen offers the action mixins it is built from (review, search).

A Protocol rather than stub methods: each mixin method declares `self: StoryView`, so mypy
checks that the screen composing the mixins provides all of this (see `main_screen`), and a
missing piece is a type error, not a NotImplementedError at the first key press.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from tui.model.entities import Entry
from tui.model.index import StoryIndex
from tui.model.search import HitCursor, SearchHit, SearchIndex
from tui.review.filters import ReviewFilter
from tui.review.session import ReviewSession

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from tui.widgets.article_view import ArticleView
    from tui.widgets.entry_list import EntryList
    from tui.widgets.search_bar import SearchBar


class StoryView(Protocol):
    index: StoryIndex
    review: ReviewSession
    review_filter: ReviewFilter
    active_pane: str
    hits: HitCursor

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
    def current_entry(self) -> Entry | None: ...

    @property
    def focused_list(self) -> EntryList[object] | None: ...

    @property
    def search_index(self) -> SearchIndex: ...

    async def search_bar(self) -> SearchBar: ...

    def apply_rows(self) -> None: ...

    def refresh_review(self, entry: Entry | None = None) -> None: ...

    def review_rows(self, entries: Sequence[Entry]) -> Sequence[Entry]: ...

    def set_review_filter(self, kind: ReviewFilter) -> None: ...

    def show_pane(self, pane: str, focus: bool) -> None: ...

    def reveal_entry(self, entry: Entry | None, focus: bool = True) -> None: ...

    def reveal_hit(self, hit: SearchHit, focus: bool) -> None: ...
