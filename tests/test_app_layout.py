"""Mouse, terminal sizes (stacked below 100 columns) and the two colour themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    BUNDLES,
    NARROW,
    WIDE,
    article_block,
    isolated_review,
    open_app,
    screen_lines,
    widget_lines,
)

from tui.app import BaghouzApp

PANES = ("timeline", "actors", "quotes", "article", "detail")

RSQUO = "\u2019"  # right single quotation mark


def shown(app: BaghouzApp) -> dict[str, bool]:
    """Which panes take room on screen."""
    result = {}
    for pane in PANES:
        box = app.screen.query_one(f"#{pane}-pane")
        result[pane] = bool(box.display) and box.region.area > 0
    return result


# --- mouse ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLES)
async def test_wide_layout_and_click_selects_a_row(name: str, tmp_path: Path) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        # 120 columns: lists on the left, source and article on the right, all shown
        assert not screen.has_class("-narrow")
        assert shown(app) == dict.fromkeys(PANES, True)
        assert not screen.query_one("#pane-tabs").display
        lists = [
            screen.query_one(f"#{pane}-pane").region for pane in ("timeline", "actors", "quotes")
        ]
        reading = [screen.query_one(f"#{pane}-pane").region for pane in ("detail", "article")]
        assert all(region.x == 0 for region in lists)
        assert all(region.x >= 55 for region in reading)  # side by side
        actors = screen.query_one("#actors")
        assert await pilot.click("#actors", offset=(5, 4))  # row 3, under the headings
        assert actors.cursor == 3
        assert app.focused is actors
        assert screen.active_pane == "actors"
        assert screen.query_one("#detail").entry is actors.rows[3]
        quotes = screen.query_one("#quotes")
        assert await pilot.click("#quotes", offset=(10, 2))
        assert quotes.cursor == 1
        assert app.focused is quotes
        assert screen.query_one("#detail").entry is quotes.rows[1]
        timeline = screen.query_one("#timeline")
        assert await pilot.click("#timeline", offset=(3, 3))
        assert timeline.cursor == 2
        assert screen.active_pane == "timeline"
        assert screen.query_one("#detail").entry is timeline.rows[2]
        # a click below the last row changes nothing
        if name == "second":
            assert await pilot.click("#timeline", offset=(5, 8))
            assert timeline.cursor == 2
        await pilot.press("4")  # the article does not hide the lists here
        assert shown(app) == dict.fromkeys(PANES, True)


async def test_click_in_the_article_moves_its_cursor(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        article = app.screen.query_one("#article")
        lines = widget_lines(app, article)
        row = next(y for y, line in enumerate(lines) if "On the headland" in line)
        assert await pilot.click("#article", offset=(6, row))
        assert article.paragraph.id == "p5"
        assert app.focused is article
        assert app.screen.active_pane == "article"
        assert article_block(article).plain.startswith("On the headland")


# --- terminal sizes -------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLES)
async def test_narrow_terminal_stacks_one_pane_at_a_time(name: str, tmp_path: Path) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        assert shown(app) == {
            "timeline": True,
            "actors": False,
            "quotes": False,
            "article": False,
            "detail": True,
        }
        tabs = screen.query_one("#pane-tabs")
        assert tabs.display and tabs.region.height == 1
        timeline = screen.query_one("#timeline")
        assert timeline.region.width >= 70  # the list gets the full width
        source = screen.query_one("#detail-pane")
        assert source.region.y > timeline.region.y  # the source sits under the list
        await pilot.press("2")
        assert shown(app) == {
            "timeline": False,
            "actors": True,
            "quotes": False,
            "article": False,
            "detail": True,
        }
        assert app.focused is screen.query_one("#actors")
        await pilot.press("3")
        assert shown(app) == {
            "timeline": False,
            "actors": False,
            "quotes": True,
            "article": False,
            "detail": True,
        }
        await pilot.press("enter")  # a quote's paragraph: the article takes the screen
        assert shown(app) == {
            "timeline": False,
            "actors": False,
            "quotes": False,
            "article": True,
            "detail": False,
        }
        assert app.focused is screen.query_one("#article")
        article_block(screen.query_one("#article"))
        await pilot.press("escape")
        assert shown(app)["quotes"] and not shown(app)["article"]
        # every line fits the 80 columns and the header is the first
        lines = screen_lines(app)
        assert len(lines) == 24
        assert lines[0].startswith(" " + app.bundle.story.headline[:30])


async def test_narrow_click_selects_a_row(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("2")
        assert await pilot.click("#actors", offset=(5, 3))  # row 2, under the headings
        actors = app.screen.query_one("#actors")
        assert actors.cursor == 2
        assert app.screen.query_one("#detail").entry.id == "ferry-crews"


async def test_resizing_switches_layouts(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        await pilot.resize_terminal(*NARROW)
        assert app.screen.has_class("-narrow")
        assert shown(app)["actors"] and not shown(app)["timeline"]
        assert app.focused is app.screen.query_one("#actors")
        await pilot.resize_terminal(100, 30)  # 100 columns: wide again
        assert not app.screen.has_class("-narrow")
        assert shown(app) == dict.fromkeys(PANES, True)
        await pilot.resize_terminal(99, 30)
        assert app.screen.has_class("-narrow")


# --- themes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "expected", "dark"),
    [("light", "baghouz-light", False), ("dark", "textual-dark", True)],
)
async def test_themes(theme: str | None, expected: str, dark: bool, tmp_path: Path) -> None:
    app = open_app("second", tmp_path, theme=theme)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "enter")
        assert app.theme == expected
        assert app.current_theme.dark is dark
        article = app.screen.query_one("#article")
        background = article.styles.background
        brightness = (background.r + background.g + background.b) / 3
        assert (brightness < 128) is dark, background
        # the highlight stays visible in either theme
        assert article_block(article).highlighted_runs() == [
            f"Mira Okafor, who leads the crews{RSQUO} union"
        ]
        svg = app.export_screenshot()
        assert "Ferry crews walk out" in svg.replace("&#160;", " ")
        lines = screen_lines(app)
        assert lines[0].startswith(" Ferry crews walk out as Kestrel Bay talks collapse")
