"""The story screen: timeline, actors and quotes panes, the detail pane and the article.

Widgets report upward with messages (a row highlighted, a row opened); this screen decides
what that means and sets attributes downward (the entry the detail pane shows, the rows a
list holds). Pane layout (focus, zoom, heights) is in `pane_layout`, search in
`search_actions`, review keys in `review_actions`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from tui.model.entities import Actor, Entry, Paragraph
from tui.model.index import StoryIndex
from tui.model.problems import Problem
from tui.model.safe_text import one_line
from tui.model.search import HitCursor, SearchIndex
from tui.review.filters import ReviewFilter
from tui.review.session import ReviewSession
from tui.screens.axis_actions import AXIS_BINDINGS, AxisActions
from tui.screens.edit_actions import EDIT_BINDINGS, EditActions
from tui.screens.filter_actions import FilterActions
from tui.screens.key_relevance import RELEVANT
from tui.screens.pane_layout import LAYOUT_BINDINGS, NARROW_BELOW, PaneLayout
from tui.screens.repair_actions import REPAIR_BINDINGS, RepairActions
from tui.screens.review_actions import REVIEW_BINDINGS, ReviewActions
from tui.screens.search_actions import HIT_BINDINGS, SEARCH_BINDINGS, SearchActions
from tui.screens.story_place import place_of, restore_place
from tui.screens.story_view import StoryView
from tui.screens.story_widgets import PANE_OF_TYPE, StoryWidgets
from tui.widgets.actor_list import ActorList
from tui.widgets.article_view import ArticleView
from tui.widgets.binding_ids import with_ids
from tui.widgets.detail_sections import Section, fields_section, sources_section, title_section
from tui.widgets.detail_view import DetailView
from tui.widgets.entry_list import EntryList
from tui.widgets.key_bar import KeyBar
from tui.widgets.pane_tabs import PaneTabs
from tui.widgets.quote_list import QuoteList
from tui.widgets.repair_banner import RepairBanner, reanchored_spans
from tui.widgets.review_badge import review_badge
from tui.widgets.review_detail import review_notes_section, review_summary_section
from tui.widgets.story_header import StoryHeader
from tui.widgets.timeline_list import TimelineList

if TYPE_CHECKING:
    from tui.model.repair import LinkRepair
    from tui.widgets.search_bar import SearchBar

__all__ = ["NARROW_BELOW", "MainScreen"]



class MainScreen(
    EditActions, RepairActions, AxisActions, PaneLayout, FilterActions, ReviewActions,
    SearchActions, StoryWidgets,
):
    # In the order the key bar shows them: the most used first. The repair keys only work
    # in repair mode, where they are what the editor came to do.
    BINDINGS: ClassVar[list[BindingType]] = [
        *REPAIR_BINDINGS,
        *SEARCH_BINDINGS,
        *HIT_BINDINGS,
        *with_ids("review", REVIEW_BINDINGS),
        Binding("a", "filter_actor", "Filter by actor", id="story.filter-actor"),
        Binding("s", "goto_speaker", "Speaker", id="story.goto-speaker"),
        *EDIT_BINDINGS,
        *with_ids("story", AXIS_BINDINGS),
        *LAYOUT_BINDINGS,
        Binding("w", "show_problems", "Warnings", id="story.warnings"),
        Binding("escape", "back", "Back", id="story.back"),
    ]

    def __init__(
        self,
        index: StoryIndex,
        review: ReviewSession,
        problems: Sequence[Problem] = (),
        *,
        place: Mapping[str, str] | None = None,
        repairs: Sequence[LinkRepair] = (),
    ) -> None:
        super().__init__()
        self.repairs = tuple(repairs)  # repair mode: the links the corrected text left
        self._place_at_start = place or {}
        self.index = index
        self.review = review
        self.problems = tuple(problems)  # the bundle's warnings, as `check` words them
        self.review_filter = ReviewFilter.ALL
        self._search_index: SearchIndex | None = None
        self.hits = HitCursor()
        self.actor_filter: Actor | None = None
        self.active_pane = "timeline"
        self._pane_before = "timeline"  # where escape goes back to from the reading panes
        self.zoomed = False
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
        self.set_class(self.app.no_color, "-no-color", update=False)
        bundle = self.index.bundle
        header = StoryHeader(bundle.story, id="header")
        header.warnings = len(self.problems)
        yield header
        if self.repairs:
            fixable = sum(1 for repair in self.repairs if repair.fixable)
            yield RepairBanner(fixable, len(self.repairs) - fixable, id="repair-banner")
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="columns"):
            with Vertical(id="lists"):
                counts = [len(bundle.events), len(bundle.actors), len(bundle.quotes)]
                heights = self.list_heights(self.app.size.height, counts)
                with self.list_box("timeline", heights[0], active=True):
                    yield TimelineList(bundle.events, id="timeline")
                with self.list_box("actors", heights[1], active=False):
                    yield ActorList(bundle.actors, self.index, id="actors")
                with self.list_box("quotes", heights[2], active=False):
                    yield QuoteList(bundle.quotes, self.index, id="quotes")
            with Vertical(id="reading"):
                with Vertical(id="detail-pane", classes="pane"):
                    yield DetailView(id="detail")
                with Vertical(id="article-pane", classes="pane"):
                    yield ArticleView(self.index, id="article")
        # The search line is mounted at the first search (see `search_bar`).
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#detail-pane").border_title = Text("5 Detail")
        for entry_list in (self.timeline, self.actors, self.quotes):
            entry_list.badge = self._badge
            entry_list.on_open = self._open_row
        self.article.on_open = self.open_citing
        self.article.reanchored = reanchored_spans(self.repairs)
        self.detail.on_open = self.open_source
        self.detail.sections = self.detail_sections()
        self.refresh_review()
        self.update_titles()
        pane = restore_place(self, self._place_at_start)
        self.show_pane(pane, focus=True)
        shown = self.focused_list or self.timeline
        if shown.current is not None:
            self._select(cast(Entry, shown.current))

    async def show_story(
        self, index: StoryIndex, problems: Sequence[Problem], place: Mapping[str, str],
        repairs: Sequence[LinkRepair] = (),
    ) -> None:
        """Show another version of the story (as saved, or reloaded) in this screen, at
        `place`: what the search and filters found in the old one may not be there."""
        self.index, self.problems = index, tuple(problems)
        self._search_index, self.hits, self.actor_filter = None, HitCursor(), None
        self._place_at_start, self.repairs = place, tuple(repairs)
        self._axis = self._axis_mounted = self._axis_build = None
        await self.recompose()
        # Set up once the new widgets are all mounted (the panes' own children too).
        set_up = asyncio.Event()

        def set_up_again() -> None:
            self.on_mount()
            AxisActions.on_mount(self)
            set_up.set()

        self.call_after_refresh(set_up_again)
        await set_up.wait()

    def place(self) -> dict[str, str]:
        """Where the editor is (kept when the app quits, to reopen the story there)."""
        return place_of(self)

    def detail_sections(self) -> list[Section]:
        """What the detail pane shows of an entry, in order (see `detail_sections`)."""
        style = self.detail.get_component_rich_style
        return [
            title_section(self.index, style),
            review_summary_section(self.review, style),
            sources_section(self.index, style),
            fields_section(self.index, style),
            review_notes_section(self.review, style),
        ]

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")
        self.fit_list_heights(event.size.height)

    @property
    def focused_list(self) -> EntryList[object] | None:
        focused = self.focused
        if focused is not None and focused is self._axis:  # the timeline's other view
            return cast(EntryList[object], self.timeline)
        return cast(EntryList[object], focused) if isinstance(focused, EntryList) else None

    @property
    def current_entry(self) -> Entry | None:
        """The entry under the cursor of the focused list, or the one the focused detail
        pane shows; None elsewhere."""
        if isinstance(self.focused, DetailView):
            return self.focused.entry
        focused = self.focused_list  # the time axis counts as the timeline
        row = focused.current if focused is not None else None
        return cast(Entry, row) if row is not None else None

    # --- key bar and titles -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key that would only say "not here" is neither shown nor run (see key_relevance).
        relevant = RELEVANT.get(action)
        return True if relevant is None else relevant(self)

    def update_titles(self) -> None:
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
        self.update_article_title()

    def update_article_title(self) -> None:
        paragraph = self.article.paragraph
        total = len(self.index.bundle.paragraphs)
        self.query_one("#article-pane").border_title = Text(
            f"4 Article ¶ {paragraph.id} ({paragraph.position + 1}/{total})"
        )

    def on_descendant_focus(self, event: object) -> None:
        self.follow_focus()
        if isinstance(self.focused, EntryList) and self.focused.current is not self.detail.entry:
            # The detail pane follows whichever list the editor is in.
            self._select(cast(Entry | None, self.focused.current))

    # --- selection --------------------------------------------------------------------

    def _select(self, entry: Entry | None) -> None:
        self.detail.entry = entry
        self.article.entry = entry

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        if event.entry_list is self.focused or not isinstance(self.focused, EntryList):
            self._select(cast(Entry | None, event.row))

    def _open_row(self, row: object) -> None:
        self.open_in_article(cast(Entry, row))

    def open_in_article(self, entry: Entry, paragraph_id: str | None = None) -> None:
        """Show the paragraph `entry` came from (its first source unless told which), its
        words highlighted."""
        self._select(entry)
        if paragraph_id is None and entry.sources:
            paragraph_id = entry.sources[0].paragraph
        if paragraph_id is not None:
            self.article.show_paragraph(paragraph_id)
        self.show_pane("article", focus=True)

    def open_source(self, entry: Entry, paragraph_id: str) -> None:
        self.open_in_article(entry, paragraph_id)

    @on(ArticleView.Moved)
    def _article_moved(self, event: ArticleView.Moved) -> None:
        self.update_article_title()

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
            self.clear_filters()
        entry_list.select(entry)
        self._select(entry)
        self.show_pane(PANE_OF_TYPE[entry.entry_type], focus=focus)

    # --- the bundle's warnings --------------------------------------------------------

    def action_show_problems(self) -> None:
        from tui.screens.problems_screen import ProblemsScreen  # OptionList: load on use

        self.app.push_screen(ProblemsScreen(self.problems, self.index), self.reveal_entry)

    # --- review display ---------------------------------------------------------------

    def _badge(self, entry: Entry) -> Text:
        return review_badge(self.review, entry)

    def refresh_review(self, entry: Entry | None = None) -> None:
        """Show the review's current state: badges, the header's progress, the detail.
        With `entry`, only that entry changed: its row is repainted, not every list."""
        if self.review_filter is not ReviewFilter.ALL:
            self.apply_rows()
        if entry is None or self.review_filter is not ReviewFilter.ALL:
            for entry_list in self.lists:
                entry_list.refresh_rows()
        else:
            self.list_for(entry).refresh_row_of(entry)
        self.refresh_axis()
        status = self.review.progress(self.index.bundle).summary()
        if self.review.has_unsaved_changes:
            status += " · NOT SAVED"
        if self.review_filter is not ReviewFilter.ALL:
            status += f" · only {self.review_filter.value}"
        self.header.status = status
        self.detail.rebuild(keep_place=True)
        self.refresh_bindings()

    def action_back(self) -> None:
        """Undo the last narrowing: zoom, search, actor filter, review filter, then pane."""
        if self.zoomed:
            self.action_zoom()
        elif self.hits.query:
            self.clear_search()
        elif self.actor_filter is not None:
            self.clear_filters()
        elif self.review_filter is not ReviewFilter.ALL:
            self.set_review_filter(ReviewFilter.ALL)
        elif self.active_pane in ("article", "detail"):
            self.show_pane(self._pane_before, focus=True)

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
