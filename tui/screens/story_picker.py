"""The story picker: the stories of the desk, each with its headline and review progress.

Opened by `baghouz-tui --pick PATH...` (what `serve` starts when it serves several stories
or a folder of them). A folder is listed afresh each time the picker opens, so a story added
to it shows up at the next visit. Choosing a story ends the picker with its path; the
command line opens it in the app, and comes back here when the app is quit.

Stories are read in a worker thread, one at a time, so a folder of large bundles does not
hold up the first frame: each row fills in as its story is read. A story that does not load
is listed with its first problem and cannot be opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.key_order import KeyOrderedApp
from tui.model.load import load_bundle
from tui.model.problems import BundleError, Severity
from tui.model.safe_text import one_line
from tui.review.session import ReviewSession
from tui.signals import install_exit_signals
from tui.widgets.key_bar import KeyBar

PickResult = Path | int  # the story to open, or an exit code (0: quit; 128+n: a signal)
_THEMES = {"dark": "textual-dark", "light": "textual-light"}


class StoryRow(NamedTuple):
    path: Path
    headline: str | None = None  # None: not read yet
    details: str = ""  # outlet and date
    progress: str = ""
    problem: str | None = None  # why it cannot be opened


def story_paths(arguments: Sequence[str | Path]) -> list[Path]:
    """Files as given; each folder's *.toml files, sorted by name (hidden ones skipped)."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = (p for p in path.iterdir() if p.suffix == ".toml" and p.is_file())
            paths.extend(sorted((p for p in found if not p.name.startswith(".")),
                                key=lambda p: p.name))
        else:
            paths.append(path)
    unique: dict[Path, Path] = {}
    for path in paths:
        unique.setdefault(path.absolute(), path)
    return list(unique.values())


def read_row(path: Path, reviewer: str | None) -> StoryRow:
    """The row for one story; never raises (a story that does not load says why)."""
    try:
        bundle, _warnings = load_bundle(path)
    except BundleError as error:
        return StoryRow(path, problem=_first_error(error))
    except Exception as error:  # a story must not take the picker down with it
        return StoryRow(path, problem=f"cannot be read: {type(error).__name__}: {error}")
    story = bundle.story
    details = [part for part in (story.outlet, story.byline) if part]
    if story.published_date is not None:
        details.append(story.published_date.display())
    review = ReviewSession.for_bundle(bundle, prefer_beside=True, reviewer=reviewer, read_only=True)
    return StoryRow(
        path,
        headline=story.headline,
        details=" · ".join(details),
        progress=review.progress(bundle).summary(),
    )


def _first_error(error: BundleError) -> str:
    """e.g. "not valid (3 errors); line 9: story: `headline` is missing"."""
    errors = [p for p in error.problems if p.severity is Severity.ERROR] or error.problems
    if not errors:
        return "not a valid story"
    first = errors[0]
    where = " ".join(part for part in (f"line {first.line}:" if first.line else "",
                                        f"{first.entry}:" if first.entry else "") if part)
    count = f"{len(errors)} errors" if len(errors) > 1 else "1 error"
    return f"not valid ({count}); {where} {first.message}".replace("  ", " ")


def row_prompt(row: StoryRow) -> Text:
    """Two lines: the headline; the file, outlet and date, and review progress."""
    name = one_line(row.path.name)
    if row.problem is not None:
        text = Text(name, style="bold")
        text.append("\n  ")
        text.append(one_line(row.problem), style="red")
        return text
    if row.headline is None:
        return Text.assemble((name, "bold"), ("\n  reading…", "dim"))
    text = Text(one_line(row.headline), style="bold")
    text.append("\n  ")
    text.append(row.progress, style="bold")
    meta = " · ".join(part for part in (name, one_line(row.details)) if part)
    text.append(f"  {meta}", style="dim")
    return text


class PickerHeader(Widget):
    DEFAULT_CSS = """
    PickerHeader { dock: top; height: 1; background: $panel; color: $foreground; }
    """

    count: reactive[int] = reactive(0)

    def __init__(self, count: int, reviewer: str | None) -> None:
        super().__init__()
        self.set_reactive(PickerHeader.count, count)
        self._reviewer = reviewer

    def render(self) -> Text:
        stories = f"{self.count} stor{'y' if self.count == 1 else 'ies'}"
        left = Text.assemble(" ", ("Review desk", "bold"), f" · {stories}")
        right = Text(f"{one_line(self._reviewer)} " if self._reviewer else "", style="bold")
        width = self.size.width
        left.truncate(max(0, width - right.cell_len - 1), overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        return Text.assemble(left, right)


class StoryPickerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True),  # in order: see StoryPickerApp
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("ctrl+r", "reload", "Reload"),
        Binding("q", "quit_picker", "Quit"),
    ]
    DEFAULT_CSS = """
    StoryPickerScreen {
        & > OptionList {
            height: 1fr;
            border: round $border-blurred;
            &:focus { border: round $border; }
        }
    }
    """

    def __init__(
        self, arguments: Sequence[str | Path], *, reviewer: str | None, selected: Path | None
    ) -> None:
        super().__init__()
        self._arguments = list(arguments)
        self._reviewer = reviewer
        self._selected = selected
        self.rows: list[StoryRow] = [StoryRow(path) for path in story_paths(self._arguments)]

    def compose(self) -> ComposeResult:
        yield PickerHeader(len(self.rows), self._reviewer)
        stories = OptionList(*self._options())
        stories.border_title = "Stories"
        if not self.rows:
            stories.border_subtitle = "no *.toml story here yet: ctrl+r looks again"
        yield stories
        yield KeyBar()

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for index, row in enumerate(self.rows):
            options.append(Option(row_prompt(row), id=str(index), disabled=row.problem is not None))
            options.append(None)  # a separator line: rows of two lines need one
        return options

    def on_mount(self) -> None:
        stories = self.query_one(OptionList)
        for index, row in enumerate(self.rows):
            if self._selected is not None and row.path == self._selected:
                stories.highlighted = index
        self._read_rows()

    @work(thread=True, exclusive=True, group="read-stories")
    def _read_rows(self) -> None:
        for index, row in enumerate(list(self.rows)):
            filled = read_row(row.path, self._reviewer)
            try:
                self.app.call_from_thread(self._fill, index, filled)
            except RuntimeError:  # the picker was quit while this story was read
                return

    def _fill(self, index: int, row: StoryRow) -> None:
        if index >= len(self.rows) or self.rows[index].path != row.path:
            return  # the list was read again meanwhile
        self.rows[index] = row
        stories = self.query_one(OptionList)
        stories.replace_option_prompt_at_index(index, row_prompt(row))
        if row.problem is not None:
            stories.disable_option_at_index(index)
        current = stories.highlighted
        unusable = current is None or self.rows[current].problem is not None
        if unusable and row.problem is None:
            stories.highlighted = index

    def action_move(self, step: int) -> None:
        stories = self.query_one(OptionList)
        if step > 0:
            stories.action_cursor_down()
        else:
            stories.action_cursor_up()

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.rows):
            return
        row = self.rows[index]
        if row.problem is not None:
            self.notify(row.problem, severity="error", markup=False)
        elif row.headline is None:
            self.notify("Still reading this story…", markup=False)
        else:
            self.app.exit(0)
            self._chosen(row.path)

    def _chosen(self, path: Path) -> None:
        app = self.app
        if isinstance(app, StoryPickerApp):
            app.chosen = path

    @on(OptionList.OptionSelected)
    def _selected_by_click(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    async def action_reload(self) -> None:
        self.rows = [StoryRow(path) for path in story_paths(self._arguments)]
        stories = self.query_one(OptionList)
        stories.set_options(self._options())
        self.query_one(PickerHeader).count = len(self.rows)
        self._read_rows()

    def action_quit_picker(self) -> None:
        self.app.exit(0)


class StoryPickerApp(KeyOrderedApp):
    """The picker alone; `chosen` is the story picked, if any. Keys act in order, as in the
    story app: over SSH `j` and enter often arrive together."""

    TITLE = "baghouz-tui"

    def __init__(
        self,
        arguments: Sequence[str | Path],
        *,
        reviewer: str | None = None,
        theme: str | None = None,
        selected: Path | None = None,
    ) -> None:
        super().__init__()
        self.chosen: Path | None = None
        self._picker = StoryPickerScreen(arguments, reviewer=reviewer, selected=selected)
        # NO_COLOR: Textual's own monochrome filter (public behaviour, no private hook).
        self.theme = _THEMES.get(theme or "dark", "textual-dark")

    def get_default_screen(self) -> StoryPickerScreen:
        return self._picker

    def on_load(self) -> None:
        if not self.is_headless:
            install_exit_signals(self)


def pick_story(
    arguments: Sequence[str | Path],
    *,
    reviewer: str | None,
    theme: str | None,
    selected: Path | None = None,
) -> PickResult:
    app = StoryPickerApp(arguments, reviewer=reviewer, theme=theme, selected=selected)
    result = app.run()
    if app.chosen is not None:
        return app.chosen
    return result if isinstance(result, int) else (app.return_code or 0)
