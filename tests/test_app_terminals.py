"""Terminals that cannot show everything: ASCII and no italics on a Linux console (TERM=
linux) or with --ascii; under NO_COLOR the focused pane still stands out."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    load,
    open_app,
    screen_lines,
    screen_segments,
)

import tui.app
from tui import cli
from tui.app import BaghouzApp
from tui.settings.file import Settings
from tui.widgets.ascii_filter import SYMBOLS, ascii_key_display

# What the app draws that a Linux console's font lacks: its symbols, box drawing, blocks.
NOT_ON_A_CONSOLE = set(SYMBOLS) | {chr(c) for c in range(0x2500, 0x25A0)}

STATES = {
    "timeline, marked and noted": ["v", "j", "x", "j", "e", *"ok", "ctrl+s"],
    "actors": ["2", "j"],
    "quotes": ["3"],
    "detail": ["2", "j", "5", "right"],
    "article": ["3", "enter"],
    "search": ["slash", *"isis", "enter"],
    "help": ["question_mark"],
    "citing picker": ["4", "j", "enter"],
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=str)
async def test_ascii_mode_draws_no_symbol_a_console_lacks_and_no_italics(
    size: tuple[int, int], tmp_path: Path
) -> None:
    for state, keys in STATES.items():
        app = open_app("shipped", tmp_path, ascii=True)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            segments = screen_segments(app)
            drawn = {char for segment in segments for char in segment.text}
            assert not drawn & NOT_ON_A_CONSOLE, (state, sorted(drawn & NOT_ON_A_CONSOLE))
            italic = [s.text for s in segments if s.style is not None and s.style.italic]
            assert italic == [], (state, italic[:5])
            assert any(line.strip() for line in screen_lines(app))


async def test_ascii_mode_still_reads(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path, ascii=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "j", "e", *"x", "ctrl+s", "4")
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert lines[1].startswith("+-") and lines[2].startswith("|")  # the panes' borders
        timeline = [line for line in lines if "c. 2003" in line or "2013 " in line]
        # the review badge: v verified; nothing said, then n a note
        assert timeline[0].startswith("|v ") and timeline[1].startswith("|. n")
        assert "> Isis stall advance" in text  # the article's cursor
        assert "^ 2: Fierce Isis resistance" in text  # the entries citing a paragraph
        assert "enter Entries citing this" in lines[-1]  # key names, not symbols
        assert lines[-1].rstrip().endswith("? Help  q Quit")


def test_key_names_in_ascii() -> None:
    assert ascii_key_display("⏎") == "enter"
    assert ascii_key_display("⌫") == "bksp"
    assert ascii_key_display("^p") == "^p"
    assert ascii_key_display("shift+↑") == "shift+up"


@pytest.mark.parametrize(
    ("term", "argv", "expected"),
    [
        ("linux", [], True),
        ("linux-16color", [], True),
        ("xterm-256color", [], False),
        ("xterm-256color", ["--ascii"], True),
    ],
)
def test_the_linux_console_and_ascii_flag_turn_ascii_on(
    term: str, argv: list[str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_run_app(bundle: object, **options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr(tui.app, "run_app", fake_run_app)
    monkeypatch.setenv("TERM", term)
    assert cli.main([*argv, str(cli.shipped_bundle_path())]) == 0
    assert seen["ascii"] is expected


def test_the_settings_file_can_ask_for_ascii(tmp_path: Path) -> None:
    app = BaghouzApp(load("second", tmp_path), settings=Settings(ascii=True))
    assert app.ascii


async def test_without_colour_the_focused_pane_has_a_border_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, pane in (("2", "actors"), ("4", "article"), ("5", "detail")):
            await pilot.press(key)
            box = app.screen.query_one(f"#{pane}-pane").region
            lines = screen_lines(app)
            assert lines[box.y][box.x] == "┏", (pane, lines[box.y][box.x : box.x + 20])
            others = [
                app.screen.query_one(f"#{other}-pane").region
                for other in ("timeline", "quotes")
            ]
            assert all(lines[r.y][r.x] == "╭" for r in others)
            colours = [s for s in screen_segments(app)
                       if s.style is not None and (s.style.color or s.style.bgcolor)
                       and not (s.style.color and s.style.color.is_default)]
            assert colours == [], colours[:3]
