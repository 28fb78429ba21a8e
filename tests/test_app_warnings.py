"""The bundle's own warnings (what `check` reports and still loads) are shown in the app:
a count in the header and a list (`w`) that goes to the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    key_bar_actions,
    open_app,
    screen_lines,
)

import tui.app
from tui import cli
from tui.app import BaghouzApp
from tui.model.index import StoryIndex
from tui.model.load import load_bundle
from tui.model.problems import Problem, Severity
from tui.screens.problems_screen import ProblemsScreen, problem_entry

OUT_OF_ORDER = """\
format = "story-bundle/1"

[story]
id = "order"
headline = "Events out of order"

[[paragraphs]]
id = "p1"
text = "It ended in March. It had begun in January. Later it was forgotten."

[[events]]
id = "ended"
title = "It ends"
when = "in March"
date = "2021-03"
sources = [{ paragraph = "p1", exact = "It ended in March" }]

[[events]]
id = "began"
title = "It begins"
when = "in January"
date = "2021-01"
sources = [{ paragraph = "p1", exact = "It had begun in January" }]

[[events]]
id = "forgotten"
title = "It is forgotten"
when = "later"
sources = [{ paragraph = "p1", exact = "Later it was forgotten" }]
"""


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    path = tmp_path / "order.toml"
    path.write_text(OUT_OF_ORDER, encoding="utf-8")
    return path


def test_the_command_line_hands_the_warnings_to_the_app(
    warned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run_app(bundle: object, **options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr(tui.app, "run_app", fake_run_app)
    assert cli.main([str(warned)]) == 0
    warnings = seen["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 1
    problem = warnings[0]
    assert isinstance(problem, Problem)
    assert (problem.severity, problem.code, problem.entry) == (
        Severity.WARNING, "out-of-order", "began"
    )
    assert problem.line > 0


async def test_the_header_counts_them_and_w_lists_them_and_goes_to_the_entry(
    warned: Path,
) -> None:
    bundle, warnings = load_bundle(warned)
    app = BaghouzApp(bundle, warnings=warnings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "⚠ 1 warning (w)" in screen_lines(app)[0]
        assert "show_problems" in key_bar_actions(app)
        await pilot.press("w")
        assert isinstance(app.screen, ProblemsScreen)
        listed = app.screen.query_one("#problems-list")
        assert listed.option_count == 1
        prompt = str(listed.get_option_at_index(0).prompt)
        assert f"line {warnings[0].line}" in prompt and "began: dated 2021-01" in prompt
        await pilot.press("j", "k", "enter")  # one warning: j and k stay on it
        main = app.main_screen
        assert app.screen is main
        assert main.active_pane == "timeline"
        assert main.query_one("#timeline").current.id == "began"
        assert main.query_one("#detail").entry.id == "began"


async def test_without_warnings_nothing_is_said_and_w_is_not_offered(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "warning" not in screen_lines(app)[0]
        assert "show_problems" not in key_bar_actions(app)
        await pilot.press("w")
        assert app.screen is app.main_screen


def test_a_warning_named_by_its_place_finds_its_entry(warned: Path) -> None:
    bundle, _ = load_bundle(warned)
    index = StoryIndex.build(bundle)

    def problem(entry: str) -> Problem:
        return Problem(str(warned), 3, 0, entry, "x", "y", Severity.WARNING)

    assert problem_entry(problem("forgotten"), index) is index.entries["forgotten"]
    assert problem_entry(problem("events[1]"), index) is bundle.events[1]
    assert problem_entry(problem("events[9]"), index) is None
    assert problem_entry(problem("story"), index) is None


async def test_a_warning_about_no_entry_says_so_and_stays(warned: Path) -> None:
    bundle, _ = load_bundle(warned)
    loose = Problem(str(warned), 1, 0, "", "control-character", "about the file", Severity.WARNING)
    app = BaghouzApp(bundle, warnings=[loose])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("w", "enter")
        assert isinstance(app.screen, ProblemsScreen)
        assert any("no single entry" in str(n.message) for n in app._notifications)
