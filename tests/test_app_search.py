"""Search shows what matched: every match highlighted in the lists, the detail pane and
the article; a list of hits; the search and its position in view until cleared; no toasts."""

from __future__ import annotations

import re
from pathlib import Path

from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    FIXTURES,
    isolated_review,
    key_bar_actions,
    open_app,
)
from rich.segment import Segment

from tui.app import BaghouzApp
from tui.model.load import load_bundle
from tui.screens.hits_screen import HitsScreen
from tui.widgets.detail_view import DetailView

SIZE = (120, 40)


def matched_runs(app: BaghouzApp, widget_id: str) -> list[str]:
    """The runs a widget draws now in its search-match style."""
    widget = app.screen.query_one(f"#{widget_id}")
    name = {"detail": "detail--match", "article": "article--match"}.get(
        widget_id, "entry-list--match"
    )
    match_style = widget.get_component_rich_style(name)
    runs: list[str] = []
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            assert isinstance(segment, Segment)
            style = segment.style
            if style is not None and style.bgcolor == match_style.bgcolor and style.underline:
                runs.append(segment.text)
    return runs


def _shown(entry_list: object, row: object, width: int) -> str:
    """The row's text as drawn: cut at the width, an ellipsis in the last cell."""
    plain = entry_list.render_row(row, width).plain  # type: ignore[attr-defined]
    return plain if len(plain) <= width else plain[: width - 1]


async def test_every_match_is_highlighted_in_lists_detail_and_article(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"baghouz", "enter")
        screen = app.screen
        assert screen.hits.query == "baghouz" and screen.hits.hits
        # every match in the rows on screen is drawn in the match style (the cursor row's
        # are underlined in its bar)
        for pane in ("timeline", "actors", "quotes"):
            entry_list = screen.query_one(f"#{pane}")
            width = entry_list.scrollable_content_region.width
            top = entry_list.scroll_offset.y
            visible = entry_list.rows[top : top + entry_list.size.height - 1]
            expected = sum(
                len(re.findall("baghouz", _shown(entry_list, row, width), re.I))
                for row in visible
                if row is not entry_list.current
            )
            runs = matched_runs(app, pane)
            assert [run.lower() for run in runs] == ["baghouz"] * expected, (pane, runs)
        # the first hit: every place the detail pane shows the query is highlighted
        assert screen.query_one("#timeline").current.id == screen.hits.hits[0].id
        detail = screen.query_one(DetailView)
        match_style = detail.get_component_rich_style("detail--match")
        marked = [
            block.plain[span.start : span.end]
            for block in detail.blocks
            for span in block.spans
            if span.style == match_style
        ]
        occurrences = sum(len(re.findall("baghouz", b.plain, re.I)) for b in detail.blocks)
        assert occurrences >= 1
        assert [m.lower() for m in marked] == ["baghouz"] * occurrences, marked
        await pilot.press("4")
        runs = matched_runs(app, "article")
        assert runs and all(run.lower() == "baghouz" for run in runs), runs
        detail = screen.query_one(DetailView)
        detail.entry = app.index.entries["isis-fighters"]
        await pilot.pause()
        assert [r.lower() for r in matched_runs(app, "detail")] == ["baghouz"] * len(
            matched_runs(app, "detail")
        )
        assert matched_runs(app, "detail")


async def test_the_search_and_its_position_stay_in_the_header_until_cleared(
    tmp_path: Path,
) -> None:
    app = open_app("shipped", tmp_path, )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"baghouz", "enter")
        screen = app.screen
        total = len(screen.hits.hits)
        assert screen.header.search == f"1/{total} baghouz"
        assert f"search 1/{total} baghouz" in screen.header.render().plain
        await pilot.press("n", "n")
        assert screen.header.search == f"3/{total} baghouz"
        await pilot.press("N")
        assert screen.header.search == f"2/{total} baghouz"
        assert list(app._notifications) == []  # no toast for any of it
        assert "next_hit" in key_bar_actions(app)
        await pilot.press("escape")
        if screen.active_pane in ("article", "detail"):
            assert screen.hits.query == ""  # escape clears the search before the pane
        assert screen.header.search == ""
        assert "next_hit" not in key_bar_actions(app)
        assert matched_runs(app, "timeline") == []


async def test_ctrl_l_lists_the_hits_and_jk_enter_go_to_one(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"okaf", "enter", "ctrl+l")
        assert isinstance(app.screen, HitsScreen)
        hit_list = app.screen.query_one("#hits-list")
        assert hit_list.option_count == 5
        assert hit_list.highlighted == 0
        await pilot.press("j", "j", "k", "j")
        assert hit_list.highlighted == 2
        await pilot.press("enter")
        main = app.main_screen
        assert main is not None and app.screen is main
        assert main.hits.position == 2
        assert main.active_pane == "quotes"
        assert main.query_one("#quotes").current.id == "q-no-choice"
        assert main.header.search == "3/5 okaf"
        await pilot.press("ctrl+l")
        assert app.screen.query_one("#hits-list").highlighted == 2  # opens where it is
        await pilot.press("escape")
        assert app.screen is main and main.hits.position == 2


async def test_a_hit_in_a_long_paragraph_is_listed_in_a_few_lines(tmp_path: Path) -> None:
    """A 2,400-character paragraph filled the hits dialog for its one hit."""
    from tui.screens.hits_screen import SHOWN_AT_MOST

    path = tmp_path / "long.toml"
    source = (FIXTURES / "second.toml").read_text(encoding="utf-8")
    long_words = " ".join(["filler"] * 300) + " needle " + " ".join(["after"] * 300)
    heading = 'text = "Ferry crews walk out as Kestrel Bay talks collapse"'
    path.write_text(source.replace(heading, heading[:-1] + f' {long_words}"', 1),
                    encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"needle", "enter", "ctrl+l")
        assert isinstance(app.screen, HitsScreen)
        hit_list = app.screen.query_one("#hits-list")
        shown = str(hit_list.get_option_at_index(0).prompt)
        assert "needle" in shown and len(shown) <= SHOWN_AT_MOST + 10 and shown.endswith("…")


async def test_without_a_search_the_hit_keys_are_not_offered(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for action in ("next_hit", "previous_hit", "show_hits"):
            assert action not in key_bar_actions(app)
        await pilot.press("ctrl+l", "n")
        assert app.screen is app.main_screen
        await pilot.press("slash", *"zqx", "enter")  # no match: nothing to step through
        assert app.screen.header.search == "0/0 zqx"
        assert "next_hit" not in key_bar_actions(app)


async def test_a_search_typed_one_key_at_a_time_keeps_one_status(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "o", "k")
        status = str(app.screen.query_one("#search-status").render()).strip()
        assert status == app.screen.header.search
        assert re.fullmatch(r"1/\d+ ok", status), status


async def test_the_search_line_keeps_its_layout_as_the_query_grows(tmp_path: Path) -> None:
    """The status echoes the query; were it as wide as its text, each key typed would take
    a second layout (a frame more: bench/run.py's search keys). Cut, not grown."""
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", "B")
        await pilot.pause()
        status = app.screen.query_one("#search-status")
        search_input = app.screen.query_one("#search-input")
        sizes = status.outer_size, search_input.outer_size
        await pilot.press(*"aghouz")
        await pilot.pause()
        assert str(status.render()).strip() == app.screen.header.search == "1/38 Baghouz"
        await pilot.press(*" and the long tail of a query that does not fit")
        await pilot.pause()
        assert (status.outer_size, search_input.outer_size) == sizes
        assert app.screen.header.search.startswith("0/0 Baghouz and the long tail")
