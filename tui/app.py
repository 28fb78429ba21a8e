"""The Textual application: holds the loaded story, its settings and the screens."""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from tui.key_order import KeyOrderedApp
from tui.model.entities import Bundle
from tui.model.index import StoryIndex
from tui.model.problems import Problem
from tui.model.safe_text import safe_text
from tui.review.errors import ReviewerNameError, ReviewSaveError
from tui.review.reviewer import checked_reviewer
from tui.review.session import ReviewSession
from tui.screens.main_screen import MainScreen
from tui.screens.review_watch import LOCK_WAIT, safe_save, start_review_upkeep
from tui.screens.story_commands import story_commands
from tui.screens.story_editing import StoryEditing
from tui.screens.story_reload import StoryFileActions
from tui.settings.file import Settings
from tui.signals import install_exit_signals
from tui.widgets.ascii_filter import AsciiFilter, ascii_key_display
from tui.widgets.themes import CURSOR_FOREGROUND, THEME_OF, story_themes

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.theme import Theme

    from tui.model.repair import LinkRepair
    from tui.screens.help_screen import Section

EXIT_UNSAVED = 3  # quit with review marks that could not be saved
EXIT_USAGE = 2
READ_BEFORE_FIRST_FRAME = 256 * 1024  # bytes of review (about 1,000 changes, ~15 ms)
THEMES = THEME_OF  # --theme / settings name -> registered theme


class BaghouzApp(StoryFileActions, KeyOrderedApp):
    TITLE = "baghouz-tui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit_app", "Quit", show=False, id="app.quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
    ]

    def __init__(
        self,
        bundle: Bundle,
        *,
        shipped: bool = False,
        reviewer: str | None = None,
        theme: str | None = None,
        ascii: bool = False,
        warnings: Sequence[Problem] = (),
        settings: Settings | None = None,
        place: dict[str, str] | None = None,
        after_first_frame: Callable[[], object] | None = None,
        watch: bool | None = None,
        repairs: Sequence[LinkRepair] = (),
    ) -> None:
        """`watch`: reload the story when its file changes (default: in a terminal).
        `repairs`: repair mode, the links its corrected text left behind (see load_repairable)."""
        super().__init__()
        self.settings = settings or Settings()
        self._notes_at_start: list[str] = list(self.settings.problems)  # shown once up
        self._after_first_frame = after_first_frame
        self._size_check: Timer | None = None
        self.bundle = bundle
        self.warnings = tuple(warnings)  # the bundle's, as `check` reports them
        self.index = StoryIndex.build(bundle)
        self.shipped = shipped
        self.editing = StoryEditing(bundle.path, self.review_follows_rename)
        self.repairs = list(repairs)
        self.editing.repairing = bool(repairs)
        self.watching = watch  # None: decided at mount, when the driver is known
        self._watcher = None
        self.reviewer = reviewer or self.settings.reviewer
        self.ascii = ascii or self.settings.ascii
        self._ascii_filter = AsciiFilter() if self.ascii else None
        for story_theme in story_themes():
            self.register_theme(story_theme)
        self.theme = self.theme_name(theme or self.settings.theme or "dark")
        self._quit_unsaved = False
        self._toasts: list[Notification] = []  # the notifications this app raised
        self.place = dict(place or {})  # where the story was left; updated as the app exits
        # The shipped story lives inside the installed package: keep its review in the
        # user's data directory, never in site-packages.
        self.review = ReviewSession.for_bundle(
            bundle, prefer_beside=not shipped, reviewer=self.reviewer, lock_timeout=LOCK_WAIT,
            load=False,
        )
        # A long history is read after the first frame (see on_mount): it must not delay it.
        if self.review.store.size() <= READ_BEFORE_FIRST_FRAME:
            self.review.load()
        self._apply_keymap()

    def theme_name(self, name: str) -> str:
        """`dark` / `light`, or any registered theme's name; a bad one says so."""
        if name in THEMES:
            return THEMES[name]
        if name in self.available_themes:
            return name
        self._notes_at_start.append(f"Unknown theme {name!r}; using the dark theme.")
        return THEMES["dark"]

    def _apply_keymap(self) -> None:
        if not self.settings.keys:
            return  # most people remap nothing: skip importing every screen's bindings
        from tui.screens.help_sections import known_binding_ids

        keymap = dict(self.settings.keys)
        known = known_binding_ids(self.BINDINGS)
        # The app's own keys (q, ?, ctrl+p) work on every screen: a binding given one of
        # them would take it over there (q no longer quitting), unless it is moved too.
        app_keys = {
            key.strip(): binding.id
            for binding in self.BINDINGS
            if isinstance(binding, Binding) and binding.id and binding.id not in keymap
            for key in binding.key.split(",")
        }
        for binding_id, keys in list(keymap.items()):
            taken = [key for key in keys.split(",") if key.strip() in app_keys]
            if binding_id not in known:
                why = "is not a binding id (see ? for the ids)"
            elif taken:
                owner = app_keys[taken[0].strip()]
                why = f"= {keys!r} takes {taken[0]!r} from `{owner}`: remap that one too"
            else:
                continue
            del keymap[binding_id]
            line = self.settings.key_lines.get(binding_id)
            where = f"{self.settings.path or 'settings'}{f':{line}' if line else ''}"
            self._notes_at_start.append(f"{where}: [keys] `{binding_id}` {why}; ignored")
        if keymap:
            self.set_keymap(keymap)

    # --- drawing ----------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {"cursor-foreground": CURSOR_FOREGROUND}

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters: list[LineFilter] = []
        for line_filter in super().get_line_filters():
            # NO_COLOR means no colour at all (no-color.org), where Textual would draw in
            # greys. The app marks what matters with bold, reverse and underline too.
            filters.append(_NO_COLOR if isinstance(line_filter, Monochrome) else line_filter)
        if self._ascii_filter is not None:
            filters.append(self._ascii_filter)
        return filters

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        return ascii_key_display(shown) if self.ascii else shown

    def get_default_screen(self) -> MainScreen:
        # The story screen is the app's base screen: no blank default screen drawn first.
        return MainScreen(self.index, self.review, self.warnings, place=self.place,
                          repairs=self.repairs)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A message in a toast. A new information message replaces the one before it
        (toasts do not pile up over the panes); warnings and errors stay their time. Toasts
        show names, paths and notes from shared files: never a control sequence."""
        message, title = safe_text(message), safe_text(title)
        live = [n for n in self._toasts if not n.has_expired]
        if severity == "information" and any(n.severity == "information" for n in live):
            self.clear_notifications()
            live = [n for n in live if n.severity != "information"]
            for kept in live:  # the same notifications: they keep their time left
                self.post_message(Notify(kept))
        notification = Notification(
            message, title, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=markup,
        )
        self._toasts = [*live, notification]
        self.post_message(Notify(notification))

    # --- start, resize, exit ----------------------------------------------------------

    def on_load(self) -> None:
        # Before the terminal is switched to application mode: a hang-up in between
        # would otherwise leave it changed with nothing to change it back.
        if not self.is_headless:
            install_exit_signals(self, lambda: safe_save(self.review))

    def on_resize(self, event: events.Resize) -> None:
        # Textual reads the terminal size inside its SIGWINCH handler, which the next
        # SIGWINCH can interrupt: when resizes come fast, the last size it posts can be an
        # old one. Once they stop, read the terminal again and correct a stale size. In a
        # browser (textual-serve) there is no terminal to read: its sizes come in order.
        if self.is_headless or self.is_web:
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
        self.call_after_refresh(start_review_upkeep, self, self.review)
        self.call_after_refresh(self.start_watching)
        for note in self._notes_at_start:  # the review's own warnings come with it
            self.notify(note, severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen in the command palette is kept for next time."""
        from tui.settings.file import SettingsNotSaved, save_setting
        from tui.settings.paths import settings_path

        name = next((short for short, full in THEMES.items() if full == theme.name), theme.name)
        try:
            save_setting(self.settings.path or settings_path(), "theme", name)
        except SettingsNotSaved as error:
            self.notify(f"Theme not saved: {error}", severity="warning", markup=False)

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def exit(
        self, result: int | None = None, return_code: int = 0, message: object = None
    ) -> None:
        # However the app ends (q, a hang-up): note where the story was left.
        main = self.main_screen
        if main is not None and main.is_mounted:
            self.place = main.place()
        self.stop_watching()
        super().exit(result, return_code, message)  # type: ignore[arg-type]

    async def action_quit(self) -> None:
        """ctrl+q, Textual's own quit key: as q, but a form or a note holding typing not
        saved yet asks first (q itself types a letter there)."""
        from tui.screens.confirm_screen import ConfirmScreen
        from tui.screens.unsaved import HoldsTyping

        if isinstance(self.screen, ConfirmScreen):
            return  # asking already (or another question is open: answer it first)
        if not any(isinstance(s, HoldsTyping) and s.changed for s in self.screen_stack):
            self.action_quit_app()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.action_quit_app()

        self.push_screen(
            ConfirmScreen("Quit and lose what you typed?", "y quits; n goes back to it."),
            answered,
        )

    def action_quit_app(self) -> None:
        review = self.review
        if review.has_unsaved_changes and not self._quit_unsaved:
            with contextlib.suppress(ReviewSaveError):
                review.save()
            if review.has_unsaved_changes:
                # Changes shown as not saved must not vanish on a single key.
                self._quit_unsaved = True
                self.notify(
                    f"Review changes are NOT saved ({review.last_error}). Press q again to "
                    "quit without them.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
        code = EXIT_UNSAVED if review.has_unsaved_changes else 0
        self.exit(code, return_code=code)

    # --- help and commands ------------------------------------------------------------

    def help_sections(self) -> list[Section]:
        from tui.screens.help_sections import help_sections

        return help_sections(self.BINDINGS)

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would shadow the app's help screen.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        main = self.main_screen
        if main is not None:
            yield from story_commands(main)
        yield SystemCommand("Keys", "List every key binding (key ?)", self.action_help)
        yield SystemCommand(
            "Light theme" if self.theme == THEMES["dark"] else "Dark theme",
            "Switch between the light and dark colour themes (kept for next time)",
            self._toggle_theme,
        )

    def _toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]


_NO_COLOR = NoColor()


def run_app(
    bundle: Bundle,
    *,
    shipped: bool,
    reviewer: str | None,
    theme: str | None,
    ascii: bool = False,
    warnings: Sequence[Problem] = (),
    settings: Settings | None = None,
    after_first_frame: Callable[[], object] | None = None,
    repairs: Sequence[LinkRepair] = (),
) -> int:
    try:
        if not reviewer and settings is not None and settings.reviewer:
            checked_reviewer(settings.reviewer, "`reviewer` in settings.toml")
        else:
            checked_reviewer(reviewer or None)
    except ReviewerNameError as error:
        # Refused before anything is drawn or marked: a mark that cannot be saved is lost.
        print(f"baghouz-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    from tui.settings.places import load_place, save_place, story_key

    key = story_key(bundle.path, bundle.story.id)
    app = BaghouzApp(
        bundle,
        shipped=shipped,
        reviewer=reviewer,
        theme=theme,
        ascii=ascii,
        warnings=warnings,
        settings=settings,
        place=load_place(key),
        after_first_frame=after_first_frame,
        repairs=repairs,
    )
    result = app.run()
    if app.review.has_unsaved_changes:
        # Whatever way the app ended (a signal, say), one last try for unsaved marks.
        with contextlib.suppress(ReviewSaveError):
            app.review.save()
    with contextlib.suppress(OSError):  # a convenience: never worth failing the exit
        save_place(key, app.place)
    return result if isinstance(result, int) else (app.return_code or 0)
