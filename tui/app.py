"""The Textual application: holds the loaded story and the screens."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import Monochrome, NoColor
from textual.screen import Screen
from textual.timer import Timer

from tui.key_order import KeyOrderedApp
from tui.model.entities import Bundle
from tui.model.index import StoryIndex
from tui.review.filters import ReviewFilter
from tui.review.session import ReviewSession
from tui.review.storage import ReviewSaveError
from tui.screens.main_screen import MainScreen
from tui.signals import install_exit_signals
from tui.widgets.article_view import ArticleView
from tui.widgets.entry_list import EntryList

if TYPE_CHECKING:
    from tui.screens.help_screen import Section

EXIT_UNSAVED = 3  # quit with review marks that could not be saved
THEMES = {"dark": "textual-dark", "light": "textual-light"}


class BaghouzApp(KeyOrderedApp):
    TITLE = "baghouz-tui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_app", "Quit", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self,
        bundle: Bundle,
        *,
        shipped: bool = False,
        reviewer: str | None = None,
        theme: str | None = None,
        after_first_frame: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._after_first_frame = after_first_frame
        self._size_check: Timer | None = None
        self.bundle = bundle
        self.index = StoryIndex.build(bundle)
        self.shipped = shipped
        self.reviewer = reviewer
        self.theme = THEMES.get(theme or "dark", "textual-dark")
        if self.no_color:
            # NO_COLOR means no colour at all (no-color.org), where Textual would draw in
            # greys. The app marks what matters with bold, reverse and underline too.
            self._filters = [f for f in self._filters if not isinstance(f, Monochrome)]
            self._filters.append(NoColor())
        self._quit_unsaved = False
        # The shipped story lives inside the installed package: keep its review in the
        # user's data directory, never in site-packages.
        self.review = ReviewSession.for_bundle(bundle, prefer_beside=not shipped, reviewer=reviewer)

    def get_default_screen(self) -> MainScreen:
        # The story screen is the app's base screen: no blank default screen drawn first.
        return MainScreen(self.index, self.review)

    def on_load(self) -> None:
        # Before the terminal is switched to application mode: a hang-up in between
        # would otherwise leave it changed with nothing to change it back.
        if not self.is_headless:
            install_exit_signals(self)

    def on_resize(self, event: events.Resize) -> None:
        # Textual reads the terminal size inside its SIGWINCH handler, which the next
        # SIGWINCH can interrupt: when resizes come fast, the last size it posts can be an
        # old one. Once they stop, read the terminal again and correct a stale size.
        if self.is_headless:
            return
        if self._size_check is None:
            self._size_check = self.set_timer(0.25, self._check_terminal_size)
        else:
            self._size_check.reset()

    def _check_terminal_size(self) -> None:
        self._size_check = None
        width, height = shutil.get_terminal_size()
        if (width, height) != (self.size.width, self.size.height):
            self.post_message(events.Resize.from_dimensions((width, height), None))

    def on_mount(self) -> None:
        if self._after_first_frame is not None:
            self.call_after_refresh(self._after_first_frame)
        for warning in self.review.warnings:
            self.notify(warning, severity="warning", timeout=10, markup=False)

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def help_sections(self) -> list[Section]:
        from tui.screens.note_screen import NoteScreen
        from tui.widgets.search_bar import SearchBar
        from tui.widgets.timeline_axis import TimelineAxis, legend

        screen = self.main_screen
        sections: list[Section] = [("Anywhere", list(self.BINDINGS))]
        if screen is not None:
            sections.append(("Story screen", list(screen.BINDINGS)))
        sections += [
            ("Timeline, actors and quotes lists", list(EntryList.BINDINGS)),
            ("Article", list(ArticleView.BINDINGS)),
            ("Search line", list(SearchBar.BINDINGS)),
            ("Note editor", list(NoteScreen.BINDINGS)),
            ("Timeline as a time axis (t)", list(TimelineAxis.BINDINGS)),
            ("Time axis marks", legend()),
        ]
        return sections

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def action_quit_app(self) -> None:
        review = self.review
        if review.has_unsaved_changes and not self._quit_unsaved:
            with contextlib.suppress(ReviewSaveError):
                review.save()
            if review.has_unsaved_changes:
                # Marks shown as not saved must not vanish on a single key.
                self._quit_unsaved = True
                self.notify(
                    f"Review marks are NOT saved ({review.last_error}). Press q again to "
                    "quit without them.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
        code = EXIT_UNSAVED if review.has_unsaved_changes else 0
        self.exit(code, return_code=code)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would shadow the app's help screen.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        main = self.main_screen
        if main is None:
            return
        for number, pane in enumerate(("timeline", "actors", "quotes", "article"), 1):
            yield SystemCommand(
                f"Focus {pane}",
                f"Show the {pane} pane (key {number})",
                lambda pane=pane: main.action_focus_pane(pane),
            )
        yield SystemCommand(
            "Search", "Search every entry and the article (key /)", main.action_search
        )
        yield SystemCommand(
            "Clear filters", "Show every entry again (key escape)", main.action_back
        )
        for kind in ReviewFilter:
            yield SystemCommand(
                f"Show {kind.value} entries",
                f"Review filter: {kind.value} (key r cycles)",
                lambda kind=kind: main.set_review_filter(kind),
            )
        yield SystemCommand(
            "Reload review marks",
            "Merge marks other editors saved (ctrl+r)",
            main.action_reload_review,
        )
        for fmt in ("markdown", "json"):
            yield SystemCommand(
                f"Export review report ({fmt})",
                "Write the review beside its review file",
                lambda fmt=fmt: main.export_report(fmt),
            )
        yield SystemCommand("Keys", "List every key binding (key ?)", self.action_help)
        yield SystemCommand(
            "Light theme" if self.theme == THEMES["dark"] else "Dark theme",
            "Switch between the light and dark colour themes",
            self._toggle_theme,
        )

    def _toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]


def run_app(
    bundle: Bundle,
    *,
    shipped: bool,
    reviewer: str | None,
    theme: str | None,
    after_first_frame: Callable[[], object] | None = None,
) -> int:
    app = BaghouzApp(
        bundle,
        shipped=shipped,
        reviewer=reviewer,
        theme=theme,
        after_first_frame=after_first_frame,
    )
    result = app.run()
    if app.review.has_unsaved_changes:
        # Whatever way the app ended (a signal, say), one last try for unsaved marks.
        with contextlib.suppress(ReviewSaveError):
            app.review.save()
    return result if isinstance(result, int) else (app.return_code or 0)
