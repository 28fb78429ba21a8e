"""The story screen: timeline, actors and quotes panes, the source view and the article.

Widgets report upward with messages (a row highlighted, a row opened); this screen decides
what that means and sets attributes downward (the entry the source view shows, the rows a
list holds).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget

from tui.model.entities import Actor, Entry, EntryType, Event, Paragraph, Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line
from tui.model.search import HitCursor, SearchIndex
from tui.review.filters import ReviewFilter
from tui.review.session import ReviewSession
from tui.screens.axis_actions import AXIS_BINDINGS, AxisActions
from tui.screens.review_actions import REVIEW_BINDINGS, ReviewActions
from tui.screens.search_actions import SEARCH_BINDINGS, SearchActions
from tui.screens.story_view import StoryView
from tui.widgets.actor_list import ActorList
from tui.widgets.article_view import ArticleView
from tui.widgets.entry_list import EntryList
from tui.widgets.key_bar import KeyBar
from tui.widgets.pane_tabs import PaneTabs
from tui.widgets.quote_list import QuoteList
from tui.widgets.review_badge import review_badge
from tui.widgets.source_view import SourceView
from tui.widgets.story_header import StoryHeader
from tui.widgets.timeline_list import TimelineList

if TYPE_CHECKING:
    from tui.widgets.search_bar import SearchBar

NARROW_BELOW = 100  # columns; narrower terminals stack the panes instead of squeezing them
PANE_ORDER = ("timeline", "actors", "quotes", "article")
_PANE_OF_TYPE = {EntryType.EVENT: "timeline", EntryType.ACTOR: "actors", EntryType.QUOTE: "quotes"}


class MainScreen(AxisActions, ReviewActions, SearchActions, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "focus_pane('timeline')", "Timeline", show=False),
        Binding("2", "focus_pane('actors')", "Actors", show=False),
        Binding("3", "focus_pane('quotes')", "Quotes", show=False),
        Binding("4", "focus_pane('article')", "Article", show=False),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False),
        *SEARCH_BINDINGS,
        Binding("a", "filter_actor", "Filter by actor", show=False),
        Binding("s", "goto_speaker", "Go to speaker", show=False),
        Binding("escape", "back", "Back", show=False),
        *REVIEW_BINDINGS,
        *AXIS_BINDINGS,
    ]


    def __init__(self, index: StoryIndex, review: ReviewSession) -> None:
        super().__init__()
        self.index = index
        self.review = review
        self.review_filter = ReviewFilter.ALL
        self._search_index: SearchIndex | None = None
        self.hits = HitCursor()
        self.actor_filter: Actor | None = None
        self.active_pane = "timeline"
        self._pane_before_article = "timeline"
        self._resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own resume handler. The first resume comes just after
        # mounting, which styled every widget: restyling them all again, as Textual's
        # handler would, costs ~10 ms of the first frame.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # --- composition ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Decide the layout before the first frame: switching it after costs a restyle.
        self.set_class(self.app.size.width < NARROW_BELOW, "-narrow", update=False)
        bundle = self.index.bundle
        yield StoryHeader(bundle.story, id="header")
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="columns"):
            with Vertical(id="lists"):
                with Vertical(id="timeline-pane", classes="pane list-pane -active"):
                    yield TimelineList(bundle.events, id="timeline")
                with Vertical(id="actors-pane", classes="pane list-pane"):
                    yield ActorList(bundle.actors, self.index, id="actors")
                with Vertical(id="quotes-pane", classes="pane list-pane"):
                    yield QuoteList(bundle.quotes, self.index, id="quotes")
            with Vertical(id="reading"):
                with Vertical(id="source-pane", classes="pane"):
                    yield SourceView(self.index, id="source")
                with Vertical(id="article-pane", classes="pane"):
                    yield ArticleView(self.index, id="article")
        # The search line is mounted at the first search (see `search_bar`).
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#source-pane").border_title = Text("Source")
        for entry_list in (self.timeline, self.actors, self.quotes):
            entry_list.badge = self._badge
            entry_list.on_open = self._open_row
        self.article.on_open = self.open_citing
        self.source.annotate = self._review_line
        self.refresh_review()
        self._update_titles()
        self.show_pane("timeline", focus=True)
        first = self.timeline.current
        if first is not None:
            self._select(first)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

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
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def source(self) -> SourceView:
        return self.query_one("#source", SourceView)

    def pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}")

    def list_for(self, entry: Entry) -> EntryList[object]:
        return cast(EntryList[object], self.pane_widget(_PANE_OF_TYPE[entry.entry_type]))

    @property
    def focused_list(self) -> EntryList[object] | None:
        focused = self.focused
        if focused is not None and focused is self._axis:  # the timeline's other view
            return cast(EntryList[object], self.timeline)
        return cast(EntryList[object], focused) if isinstance(focused, EntryList) else None

    @property
    def current_entry(self) -> Entry | None:
        """The entry under the cursor of the focused list, if a list has focus."""
        focused = self.focused_list
        row = focused.current if focused is not None else None
        return cast(Entry, row) if row is not None else None

    # --- titles and panes -------------------------------------------------------------

    def _update_titles(self) -> None:
        bundle = self.index.bundle
        review = ""
        if self.review_filter is not ReviewFilter.ALL:
            review = f" — {self.review_filter.value} only (r: next filter)"
        actor = ""
        if self.actor_filter is not None:
            actor = f" — involving {one_line(self.actor_filter.name)} (a/esc: all)"
        # The actor filter narrows events and quotes; the review filter narrows all three.
        titles = {
            "timeline": f"1 Timeline {len(self.timeline.rows)}/{len(bundle.events)}{review}{actor}",
            "actors": f"2 Actors {len(self.actors.rows)}/{len(bundle.actors)}{review}",
            "quotes": f"3 Quotes {len(self.quotes.rows)}/{len(bundle.quotes)}{review}{actor}",
        }
        for pane, title in titles.items():
            self.query_one(f"#{pane}-pane").border_title = Text(title)
        self._update_article_title()

    def _update_article_title(self) -> None:
        paragraph = self.article.paragraph
        total = len(self.index.bundle.paragraphs)
        self.query_one("#article-pane").border_title = Text(
            f"4 Article ¶ {paragraph.id} ({paragraph.position + 1}/{total})"
        )

    def show_pane(self, pane: str, focus: bool) -> None:
        if pane != "article":
            self._pane_before_article = pane
        self.active_pane = pane
        for name in PANE_ORDER[:3]:
            self.query_one(f"#{name}-pane").set_class(name == pane, "-active")
        self.set_class(pane == "article", "-article-active")
        self.query_one(PaneTabs).active = pane
        if focus:
            # Focus now, not on the next idle: keys typed ahead must reach the new pane.
            self.set_focus(self.pane_focus(pane))

    def action_focus_pane(self, pane: str) -> None:
        self.show_pane(pane, focus=True)

    def action_cycle_pane(self, delta: int) -> None:
        position = PANE_ORDER.index(self.active_pane)
        self.show_pane(PANE_ORDER[(position + delta) % len(PANE_ORDER)], focus=True)

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if focused is not None and focused.id in PANE_ORDER and focused.id != self.active_pane:
            self.show_pane(focused.id, focus=False)
        if isinstance(focused, EntryList) and focused.current is not self.source.entry:
            # The source view follows whichever list the editor is in.
            self._select(cast(Entry | None, focused.current))

    # --- selection --------------------------------------------------------------------

    def _select(self, entry: Entry | None) -> None:
        self.source.entry = entry
        self.article.entry = entry

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        if event.entry_list is self.focused or not isinstance(self.focused, EntryList):
            self._select(cast(Entry | None, event.row))

    def _open_row(self, row: object) -> None:
        self.open_in_article(cast(Entry, row))

    def open_in_article(self, entry: Entry) -> None:
        """Show the first paragraph `entry` came from, its words highlighted."""
        self._select(entry)
        if entry.sources:
            self.article.show_paragraph(entry.sources[0].paragraph)
        self.show_pane("article", focus=True)

    @on(ArticleView.Moved)
    def _article_moved(self, event: ArticleView.Moved) -> None:
        self._update_article_title()

    def open_citing(self, paragraph: Paragraph) -> None:
        """Offer the entries that cite `paragraph`; the chosen one opens in its pane."""
        from tui.screens.citing_screen import CitingScreen  # OptionList: load on use

        citing = self.index.citing.get(paragraph.id, ())
        self.app.push_screen(CitingScreen(paragraph, citing), self.reveal_entry)

    def reveal_entry(self, entry: Entry | None, focus: bool = True) -> None:
        if entry is None:
            return
        entry_list = self.list_for(entry)
        if entry not in entry_list.rows:
            self._clear_filters()
        entry_list.select(entry)
        self._select(entry)
        self.show_pane(_PANE_OF_TYPE[entry.entry_type], focus=focus)

    # --- actor filter -----------------------------------------------------------------

    def action_filter_actor(self) -> None:
        if self.actor_filter is not None:
            self._clear_filters()
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
            f"Showing what involves {one_line(entry.name)}; a or escape shows all.", markup=False
        )

    def _clear_filters(self) -> None:
        self.actor_filter = None
        self.review_filter = ReviewFilter.ALL
        self.apply_rows()
        self.refresh_review()

    def apply_rows(self) -> None:
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
            cast(EntryList[Entry], self.pane_widget(pane)).set_rows(self.filter_rows(entries))
        self._update_titles()

    def filter_rows(self, entries: Sequence[Entry]) -> Sequence[Entry]:
        return self.review_rows(entries)

    # --- review display ---------------------------------------------------------------

    def _badge(self, entry: Entry) -> Text:
        return review_badge(self.review, entry)

    def _review_line(self, entry: Entry) -> Text | None:
        record = self.review.get(entry.id)
        if record is None:
            return None
        parts = []
        if record.mark is not None:
            parts.append(f"{record.mark.value} by {record.reviewer}, {record.at_text[:16]}Z")
        if self.review.is_stale(entry):
            parts.append("STALE: the entry changed after it was reviewed")
        if record.note:
            parts.append(f"note: {record.note}")
        return Text(one_line(" · ".join(parts)), "bold") if parts else None

    def refresh_review(self) -> None:
        """Show the review's current state: badges, the header's progress, the source."""
        if self.review_filter is not ReviewFilter.ALL:
            self.apply_rows()
        for entry_list in (self.timeline, self.actors, self.quotes):
            entry_list.refresh_rows()
        self.refresh_axis()
        status = self.review.progress(self.index.bundle).summary()
        if self.review.has_unsaved_changes:
            status += " · NOT SAVED"
        if self.review_filter is not ReviewFilter.ALL:
            status += f" · only {self.review_filter.value}"
        self.query_one(StoryHeader).status = status
        self.source.entry = self.source.entry

    def action_goto_speaker(self) -> None:
        entry = self.current_entry
        if not isinstance(entry, Quote):
            self.notify("Move to a quote (3) and press s to jump to its speaker.", markup=False)
            return
        speaker = self.index.actor(entry.speaker) if entry.speaker else None
        if speaker is None:
            self.notify("A scare quote is the writer's own: it has no speaker.", markup=False)
            return
        self.reveal_entry(speaker)

    def action_back(self) -> None:
        if self.actor_filter is not None:
            self._clear_filters()
        elif self.review_filter is not ReviewFilter.ALL:
            self.set_review_filter(ReviewFilter.ALL)
        elif self.active_pane == "article":
            self.show_pane(self._pane_before_article, focus=True)

    # --- search -----------------------------------------------------------------------

    @property
    def search_index(self) -> SearchIndex:
        # Built at the first search, not at start-up: most sessions never search.
        if self._search_index is None:
            self._search_index = SearchIndex(self.index.bundle)
        return self._search_index

    async def search_bar(self) -> SearchBar:
        # Imported and mounted at the first search, not at start-up: its input's styles
        # and widgets cost ~5 ms before the first frame. In the flow above the key bar,
        # not docked: a second bottom dock would sit under it.
        from tui.widgets.search_bar import SearchBar

        found = self.query(SearchBar)
        if found:
            return found.first()
        bar = SearchBar(id="search", on_submit=self.search_submitted, on_close=self.search_closed)
        await self.mount(bar, after="#columns")
        return bar


def _provides_story_view(screen: MainScreen) -> StoryView:
    """Never called: mypy checks here that the screen gives its mixins what they need."""
    return screen
