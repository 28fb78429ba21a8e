"""Where the story screen's panes go: which has focus, which is zoomed, how tall each is.

Wide terminals show the three lists in a column beside the detail pane and the article;
narrower than NARROW_BELOW they stack, one pane at a time. The lists' heights follow
their contents: each gets what it needs up to an equal share, and a list that needs less
gives the rest to the others. `z` zooms the focused pane to the full height.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget

from tui.widgets.entry_list import EntryList
from tui.widgets.pane_tabs import PaneTabs

NARROW_BELOW = 100  # columns; narrower terminals stack the panes instead of squeezing them
PANE_ORDER = ("timeline", "actors", "quotes", "article", "detail")  # keys 1 to 5, tab
LIST_PANES = PANE_ORDER[:3]
LIST_CHROME = 3  # a list pane's border (2 lines) and its column headings
LIST_FLOOR = 5  # lines a list pane keeps however little room there is: 2 rows
SCREEN_CHROME = 2  # the header above the panes, the key bar below

LAYOUT_BINDINGS: list[BindingType] = [
    Binding("z", "zoom", "Zoom", id="story.zoom"),
    Binding("1", "focus_pane('timeline')", "Timeline", show=False, id="story.timeline"),
    Binding("2", "focus_pane('actors')", "Actors", show=False, id="story.actors"),
    Binding("3", "focus_pane('quotes')", "Quotes", show=False, id="story.quotes"),
    Binding("4", "focus_pane('article')", "Article", show=False, id="story.article"),
    Binding("5", "focus_pane('detail')", "Detail", show=False, id="story.detail"),
    Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="story.next-pane"),
    Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="story.previous-pane"),
]


def share_heights(available: int, wants: Sequence[int], floor: int = LIST_FLOOR) -> list[int]:
    """Heights for panes that would like `wants` lines and share `available` between them.

    Each gets what it wants up to an equal share of what is left; what a small pane does
    not need goes to the others; when everything fits, the spare lines go to the first.
    """
    heights = [min(want, floor) for want in wants]
    spare = available - sum(heights)
    hungry = [i for i, want in enumerate(wants) if heights[i] < want]
    while spare > 0 and hungry:
        share = max(1, spare // len(hungry))
        for i in list(hungry):
            give = min(share, wants[i] - heights[i], spare)
            heights[i] += give
            spare -= give
            if heights[i] >= wants[i]:
                hungry.remove(i)
            if not spare:
                break
    if spare > 0 and heights:
        heights[0] += spare
    return heights


class PaneLayout(Screen[None]):
    """The layout half of the story screen (a base class of MainScreen)."""

    BINDINGS: ClassVar[list[BindingType]] = []
    active_pane: str
    _pane_before: str
    zoomed: bool

    def pane_box(self, pane: str) -> Widget:
        """The bordered container of a pane."""
        return self.query_one(f"#{pane}-pane")

    def show_pane(self, pane: str, focus: bool) -> None:
        if pane in LIST_PANES:
            self._pane_before = pane
        self.active_pane = pane
        for name in LIST_PANES:
            self.pane_box(name).set_class(name == self._pane_before, "-active")
        self.set_class(pane == "article", "-article-active")
        self.set_class(pane == "detail", "-detail-active")
        self.query_one(PaneTabs).active = pane
        if self.zoomed:
            self._apply_zoom()
        if focus:
            # Focus now, not on the next idle: keys typed ahead must reach the new pane.
            self.set_focus(self.pane_focus(pane))

    def pane_focus(self, pane: str) -> Widget:
        """The widget that takes the focus for a pane (a view of it may stand in)."""
        return self.query_one(f"#{pane}")

    def follow_focus(self) -> None:
        """A pane took focus some other way (a click): make it the active one."""
        focused = self.focused
        if focused is not None and focused.id in PANE_ORDER and focused.id != self.active_pane:
            self.show_pane(focused.id, focus=False)

    def action_focus_pane(self, pane: str) -> None:
        self.show_pane(pane, focus=True)

    def action_cycle_pane(self, delta: int) -> None:
        position = PANE_ORDER.index(self.active_pane)
        self.show_pane(PANE_ORDER[(position + delta) % len(PANE_ORDER)], focus=True)

    # --- zoom -------------------------------------------------------------------------

    def action_zoom(self) -> None:
        """The focused pane takes the full height (of its column, on a wide terminal)."""
        self.zoomed = not self.zoomed
        self.set_class(self.zoomed, "-zoomed")
        self._apply_zoom()
        self.refresh_bindings()

    def _apply_zoom(self) -> None:
        zoomed = self.active_pane if self.zoomed else None
        column = LIST_PANES if zoomed in LIST_PANES else ("article", "detail")
        for name in PANE_ORDER:
            box = self.pane_box(name)
            box.set_class(name == zoomed, "-zoom")
            # Beside a zoomed list, a narrow terminal hides the detail pane under it too.
            hidden = zoomed is not None and name != zoomed and (
                name in column or self.has_class("-narrow")
            )
            box.set_class(hidden, "-zoom-hidden")

    # --- heights ----------------------------------------------------------------------

    def list_heights(self, screen_height: int, counts: Sequence[int]) -> list[int]:
        wants = [max(count, 1) + LIST_CHROME for count in counts]
        return share_heights(screen_height - SCREEN_CHROME, wants)

    def list_box(self, pane: str, height: int, active: bool) -> Vertical:
        """The container of a list pane, `height` lines tall (see `fit_list_heights`)."""
        box = Vertical(id=f"{pane}-pane", classes="pane list-pane -active" if active else
                       "pane list-pane")
        box.styles.height = f"{height}fr"
        return box

    def fit_list_heights(self, screen_height: int) -> None:
        """Size the list panes to their rows; as fractions, so that a search line opening
        below takes its line from all three in proportion."""
        counts = [self.query_one(f"#{name}", EntryList).row_count() for name in LIST_PANES]
        for name, height in zip(LIST_PANES, self.list_heights(screen_height, counts), strict=True):
            box = self.pane_box(name)
            if box.styles.height is None or box.styles.height.value != height:
                box.styles.height = f"{height}fr"
