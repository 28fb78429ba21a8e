"""The key bindings the help screen lists, by where they work, and their ids (for the
settings file's [keys] table)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding, BindingType

from tui.screens.citing_screen import CitingScreen
from tui.screens.help_screen import Section
from tui.screens.main_screen import MainScreen
from tui.screens.repair_actions import REPAIR_BINDINGS
from tui.widgets.article_view import ArticleView
from tui.widgets.detail_view import DetailView
from tui.widgets.entry_list import EntryList
from tui.widgets.picker_list import PickerList


def help_sections(app_bindings: Sequence[BindingType]) -> list[Section]:
    # Loaded here, when help is asked for: their widgets cost start-up time.
    from tui.screens.note_screen import NoteScreen
    from tui.widgets.search_bar import SearchBar
    from tui.widgets.timeline_axis import TimelineAxis, legend

    return [
        ("Anywhere", list(app_bindings)),
        # The repair keys come first on the screen (its key bar), but work only in repair mode.
        ("Story screen", [b for b in MainScreen.BINDINGS if b not in REPAIR_BINDINGS]),
        ("Repair mode (a corrected text left links behind)", list(REPAIR_BINDINGS)),
        ("Timeline, actors and quotes lists", list(EntryList.BINDINGS)),
        ("Detail pane (5)", list(DetailView.BINDINGS)),
        ("Article (4)", list(ArticleView.BINDINGS)),
        ("Search line", list(SearchBar.BINDINGS)),
        (
            "Pickers: entries citing a paragraph, search hits, warnings",
            [*PickerList.BINDINGS, *CitingScreen.BINDINGS],
        ),
        ("Note editor", list(NoteScreen.BINDINGS)),
        ("Timeline as a time axis (t)", list(TimelineAxis.BINDINGS)),
        ("Time axis marks", legend()),
    ]


def known_binding_ids(app_bindings: Sequence[BindingType]) -> set[str]:
    """Every binding id a settings file may remap."""
    return {
        binding.id
        for _title, bindings in help_sections(app_bindings)
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    }
