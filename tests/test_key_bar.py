"""The key bar shows the keys that work where the focus is, most used first, always `?`
and `q`; the help screen explains every symbol and names every binding's id."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    key_bar_actions,
    open_app,
    screen_lines,
    widget_lines,
)
from textual.binding import Binding
from textual.containers import VerticalScroll

from tui.app import BaghouzApp
from tui.screens.help_screen import LEGEND, HelpScreen
from tui.screens.help_sections import help_sections
from tui.widgets.key_bar import KeyBar


def actions_here(app: BaghouzApp) -> list[str]:
    """The key bar's actions, without their arguments (`mark('verified')` is `mark`)."""
    return [action.split("(")[0] for action in key_bar_actions(app)]


PANES = {"1": "timeline", "2": "actors", "3": "quotes", "4": "article", "5": "detail"}
REVIEW_KEYS = {"mark", "clear_mark", "edit_note"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=str)
async def test_help_and_quit_are_always_shown_at_the_right(
    size: tuple[int, int], tmp_path: Path
) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=size) as pilot:
        for key, pane in PANES.items():
            await pilot.press(key)
            line = screen_lines(app)[-1]
            assert len(line) == size[0]
            assert line.rstrip().endswith("? Help  q Quit"), (pane, line)
            actions = key_bar_actions(app)
            assert actions[-2:] == ["help", "quit_app"], (pane, actions)


async def test_each_pane_offers_its_own_keys_first(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("1")
        actions = actions_here(app)
        assert actions[:3] == ["open", "search", "mark"], actions
        assert "goto_speaker" not in actions and "filter_actor" not in actions
        await pilot.press("2")
        assert "filter_actor" in actions_here(app)
        await pilot.press("3")
        assert {"goto_speaker", "filter_actor"} <= set(actions_here(app))
        await pilot.press("4")
        actions = actions_here(app)
        assert actions[0] == "open"  # enter: the entries citing the paragraph
        assert not REVIEW_KEYS & set(actions), actions  # marks go on entries, not paragraphs
        await pilot.press("5")
        actions = actions_here(app)
        assert actions[:2] == ["open_source", "next_source"], actions
        assert set(actions) >= REVIEW_KEYS  # the detail pane's entry can be marked


async def test_a_key_that_does_nothing_here_does_nothing(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("4", "v", "x", "f", "e")
        assert all(app.review.state.get(e.id) is None for e in app.index.entries.values())
        assert list(app._notifications) == []
        assert app.screen is app.main_screen  # no note editor opened


async def test_moving_the_cursor_never_changes_the_key_bar(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("1", "2", "3"):
            await pilot.press(key)
            bar = app.screen.query_one(KeyBar)
            before = bar.keys()
            for _ in range(8):
                await pilot.press("j")
                assert bar.keys() == before


def test_the_legend_explains_every_review_badge() -> None:
    """Every glyph the review draws in a row's badge column is in the help's legend."""
    from tui.widgets import review_badge as badges

    glyphs = {glyph for glyph, _ in badges.MARK_GLYPHS.values()}
    glyphs |= {glyph for glyph, _ in badges.STATUS_GLYPHS.values()}
    glyphs |= {badges.DISAGREE_GLYPH[0], badges.STALE_GLYPH[0], badges.NOTE_GLYPH[0]}
    symbols = {symbol for symbol, _, _ in LEGEND}
    assert {g for g in glyphs if g.strip()} <= symbols, {g for g in glyphs if g.strip()} - symbols


def test_every_binding_has_a_unique_id() -> None:
    ids: list[str] = []
    for _title, bindings in help_sections(BaghouzApp.BINDINGS):
        for binding in bindings:
            assert isinstance(binding, Binding)
            if binding.id is not None:
                ids.append(binding.id)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {"review.mark-verified", "search.hits", "story.zoom", "detail.next-source"} <= set(ids)


async def test_the_help_shows_the_legend_and_the_ids(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 200)) as pilot:  # tall: the whole help in view
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        text = "\n".join(widget_lines(app, app.screen.query_one(VerticalScroll)))
        for needle in ("Symbols", "verified (v)", "stale", "? \u2013 Feb 2019", "search.hits",
                       "Detail pane (5)", "Pickers"):
            assert needle in text, needle


async def test_a_story_without_entries_offers_no_review_or_edit_keys(tmp_path: Path) -> None:
    """Fresh from `new`: paragraphs and no entry. v, x, f, e and E did nothing there but
    say "press 1, 2 or 3", for lists that are empty."""
    from tui.cli import main as cli_main
    from tui.model.load import load_bundle

    seed = next((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
    path = tmp_path / "new.toml"
    assert cli_main(["new", str(seed), "-o", str(path)]) == 0
    bundle, _ = load_bundle(path)
    assert not (bundle.events or bundle.actors or bundle.quotes)
    app = BaghouzApp(bundle)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        offered = key_bar_actions(app)
        for action in ("mark('verified')", "mark('disputed')", "edit_note", "edit_entry"):
            assert action not in offered, offered
        await pilot.press("v")
        await pilot.pause()
        assert not app._notifications  # not run at all: nothing to answer
