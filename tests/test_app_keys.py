"""Every key path of the story screen, on the shipped story and on the second bundle."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    BUNDLES,
    WIDE,
    article_block,
    isolated_review,
    key_bar_actions,
    load,
    open_app,
    screen_lines,
    widget_lines,
)
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from tui.app import BaghouzApp
from tui.model.search import SearchHit
from tui.screens.citing_screen import CitingScreen
from tui.screens.help_screen import HelpScreen
from tui.screens.main_screen import MainScreen

RSQUO = "\u2019"  # right single quotation mark


def notes(app: BaghouzApp) -> list[str]:
    """The messages of the notifications currently shown."""
    return [str(n.message) for n in app._notifications]


def widget(app: BaghouzApp, name: str):  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{name}")


def main_screen(app: BaghouzApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), type(screen).__name__
    return screen


async def move_to(pilot, app: BaghouzApp, pane: str, entry_id: str) -> int:  # type: ignore[no-untyped-def]
    """Put the cursor of `pane` on the entry (the movement keys are tested separately)."""
    entry_list = widget(app, pane)
    position = [row.id for row in entry_list.rows].index(entry_id)
    entry_list.cursor = position
    await pilot.pause()
    assert entry_list.current.id == entry_id
    return position


def title(app: BaghouzApp, pane: str) -> str:
    return str(app.screen.query_one(f"#{pane}-pane").border_title)


# --- panes ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLES)
async def test_number_keys_focus_panes(name: str, tmp_path: Path) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert screen.active_pane == "timeline"
        assert app.focused is widget(app, "timeline")
        assert widget(app, "detail").entry is widget(app, "timeline").current
        for key, pane in [
            ("2", "actors"), ("3", "quotes"), ("4", "article"), ("5", "detail"), ("1", "timeline")
        ]:
            await pilot.press(key)
            assert screen.active_pane == pane
            assert app.focused is widget(app, pane)
            if pane not in ("article", "detail"):
                # the detail pane follows the list the editor is in
                assert widget(app, "detail").entry is widget(app, pane).current


async def test_tab_and_shift_tab_cycle_panes(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        for pane in ("actors", "quotes", "article", "detail", "timeline"):
            await pilot.press("tab")
            assert (screen.active_pane, app.focused.id) == (pane, pane)
        for pane in ("detail", "article", "quotes", "actors", "timeline"):
            await pilot.press("shift+tab")
            assert (screen.active_pane, app.focused.id) == (pane, pane)


# --- movement -------------------------------------------------------------------------


def assert_cursor_visible(entry_list) -> None:  # type: ignore[no-untyped-def]
    top = entry_list.scroll_offset.y
    height = entry_list.scrollable_content_region.height - 1  # under the column headings
    assert top <= entry_list.cursor < top + height, (top, entry_list.cursor, height)


async def test_list_movement_keys(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        timeline = widget(app, "timeline")
        source = widget(app, "detail")
        expected = [
            ("down", 1),
            ("j", 2),
            ("up", 1),
            ("k", 0),
            ("k", 0),
            ("G", 4),
            ("j", 4),
            ("g", 0),
            ("end", 4),
            ("home", 0),
        ]
        for key, cursor in expected:
            await pilot.press(key)
            assert timeline.cursor == cursor, key
            assert source.entry is timeline.rows[cursor], key
        await pilot.press("pagedown")  # five rows fit: a page down is the last row
        assert timeline.cursor == 4
        await pilot.press("pageup")
        assert timeline.cursor == 0
        # the same keys in another list
        await pilot.press("3", "G")
        quotes = widget(app, "quotes")
        assert quotes.cursor == 2
        assert source.entry is quotes.current
        await pilot.press("k")
        assert quotes.cursor == 1


async def test_list_paging_keys_shipped(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        timeline = widget(app, "timeline")
        source = widget(app, "detail")
        page = timeline.scrollable_content_region.height - 2  # a page less the headings
        assert 3 <= page < 20, page  # 27 events do not fit: paging is real
        await pilot.press("pagedown")
        assert timeline.cursor == page
        assert_cursor_visible(timeline)
        await pilot.press("pagedown")
        assert timeline.cursor == min(2 * page, 26)
        assert_cursor_visible(timeline)
        assert source.entry is timeline.current
        await pilot.press("end")
        assert timeline.cursor == 26
        assert_cursor_visible(timeline)
        await pilot.press("pageup")
        assert timeline.cursor == 26 - page
        assert_cursor_visible(timeline)
        await pilot.press("g")
        assert timeline.cursor == 0
        assert timeline.scroll_offset.y == 0
        await pilot.press("2", "G")
        actors = widget(app, "actors")
        assert actors.cursor == 40
        assert_cursor_visible(actors)
        assert source.entry is actors.current


async def test_article_movement_keys(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4")
        article = widget(app, "article")
        expected = [
            ("j", 1),
            ("down", 2),
            ("k", 1),
            ("up", 0),
            ("k", 0),
            ("G", 5),
            ("down", 5),
            ("g", 0),
            ("end", 5),
            ("home", 0),
        ]
        for key, cursor in expected:
            await pilot.press(key)
            assert article.cursor == cursor, key
            assert f"¶ p{cursor + 1} ({cursor + 1}/6)" in title(app, "article")
            article_block(article)  # the cursor paragraph is on screen, marked


async def test_article_paging_keys_shipped(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4")
        article = widget(app, "article")
        await pilot.press("pagedown")
        first_page = article.cursor
        assert 0 < first_page < 21
        article_block(article)
        await pilot.press("pagedown")
        assert article.cursor > first_page
        article_block(article)
        await pilot.press("G")
        assert article.cursor == 21
        article_block(article)
        await pilot.press("pageup")
        assert 0 < article.cursor < 21
        article_block(article)
        await pilot.press("home")
        assert article.cursor == 0
        assert "¶ p1 (1/22)" in title(app, "article")


# --- enter, escape, the picker --------------------------------------------------------

OPEN_CASES = {
    "second": [
        ("1", "timeline", "walkout", "p2", ["walked out on Thursday"]),
        ("2", "actors", "mira-okafor", "p2", [f"Mira Okafor, who leads the crews{RSQUO} union"]),
        ("3", "quotes", "q-temporary", "p3", ["temporary"]),
    ],
    "shipped": [
        ("1", "timeline", "offensive-begins", "p5", ["the offensive began last Saturday"]),
        ("2", "actors", "sdf", "p5", ["the Kurdish-dominated Syrian Democratic Forces"]),
        (
            "3",
            "quotes",
            "q-ryan-slow-progress",
            "p7",
            [
                "The progress is slow and methodical as the enemy is fully entrenched and [Islamic "
                "State] fighters continue to conduct counter-attacks. The coalition continues to "
                "strike at [Isis] targets whenever possible"
            ],
        ),
    ],
}


@pytest.mark.parametrize("name", BUNDLES)
async def test_enter_opens_the_paragraph_with_words_highlighted(name: str, tmp_path: Path) -> None:
    """From each list, enter shows the entry's (first) paragraph in the article with its
    words highlighted; escape goes back to the list, cursor where it was."""
    app = open_app(name, tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = main_screen(app)
        article = widget(app, "article")
        for key, pane, entry_id, paragraph_id, words in OPEN_CASES[name]:
            await pilot.press(key)
            position = await move_to(pilot, app, pane, entry_id)
            entry = widget(app, pane).current
            await pilot.press("enter")
            assert screen.active_pane == "article"
            assert app.focused is article
            assert article.paragraph.id == paragraph_id
            assert article.entry is entry
            assert widget(app, "detail").entry is entry
            assert article_block(article).highlighted_runs() == words
            await pilot.press("escape")  # back where we were
            assert screen.active_pane == pane
            assert app.focused is widget(app, pane)
            assert widget(app, pane).cursor == position
            assert widget(app, "detail").entry is entry
        await pilot.press("4", "escape")  # 4 then escape: back to the last list
        assert screen.active_pane == "quotes"
        await pilot.press("escape")  # nothing further back: stays
        assert screen.active_pane == "quotes"


def picker_labels(app: BaghouzApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_picker_lists_citing_entries_and_jumps_to_choice(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4", "j", "enter")  # p2
        assert isinstance(app.screen, CitingScreen)
        assert [re.sub(r"\s+", " ", label) for label in picker_labels(app)] == [
            "event Crews walk out after the talks collapse",
            "actor Mira Okafor",
            "actor Harbour Authority",
            "actor Ferry crews",
            "quote We were left with no choice",
        ]
        assert any("¶ p2: cited by 5 entries" in line for line in screen_lines(app))
        await pilot.press("down", "down", "enter")
        screen = main_screen(app)
        assert screen.active_pane == "actors"
        assert app.focused is widget(app, "actors")
        assert widget(app, "actors").current.id == "harbour-authority"
        assert widget(app, "detail").entry.id == "harbour-authority"
        # back to the article (it kept its paragraph): choose the quote, last in the list
        await pilot.press("4")
        assert widget(app, "article").paragraph.id == "p2"
        await pilot.press("enter", "end", "enter")
        assert screen.active_pane == "quotes"
        assert app.focused is widget(app, "quotes")
        assert widget(app, "quotes").current.id == "q-no-choice"
        # and the first, an event
        await pilot.press("4", "enter", "enter")
        assert screen.active_pane == "timeline"
        assert widget(app, "timeline").current.id == "walkout"
        assert widget(app, "detail").entry.id == "walkout"


async def test_picker_escape_and_uncited_paragraph(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4")
        widget(app, "article").cursor = 4  # p5: nothing cites it
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, CitingScreen)
        assert picker_labels(app) == []
        text = "\n".join(screen_lines(app))
        assert "¶ p5: cited by 0 entries" in text
        assert "No entry cites this paragraph" in text
        await pilot.press("enter")  # nothing to choose: still open
        assert isinstance(app.screen, CitingScreen)
        # paging and moving in the empty list are harmless too
        await pilot.press("pagedown", "pageup", "end", "home", "down", "up", "enter")
        assert isinstance(app.screen, CitingScreen)
        await pilot.press("escape")
        assert main_screen(app).active_pane == "article"
        assert app.focused is widget(app, "article")
        assert widget(app, "article").paragraph.id == "p5"
        await pilot.press("k", "enter")  # p4, four entries; escape leaves everything as it was
        assert len(picker_labels(app)) == 4
        await pilot.press("escape")
        assert widget(app, "article").paragraph.id == "p4"
        assert widget(app, "timeline").current.id == "crews-organised"


async def test_picker_shipped_jumps_to_speaker_actor(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4")
        widget(app, "article").cursor = 6  # p7, Col Sean Ryan's quote
        await pilot.pause()
        await pilot.press("enter")
        labels = [re.sub(r"\s+", " ", label) for label in picker_labels(app)]
        assert labels[4] == "actor Col Sean Ryan"
        assert len(labels) == 6
        await pilot.press("end", "up", "enter")
        assert main_screen(app).active_pane == "actors"
        assert widget(app, "actors").current.id == "sean-ryan"


async def test_picker_choice_hidden_by_filter_clears_the_filter(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "j", "j", "a")  # only what involves the ferry crews
        screen = main_screen(app)
        assert screen.actor_filter.id == "ferry-crews"
        assert "timetable-cut" not in [e.id for e in widget(app, "timeline").rows]
        await pilot.press("4", "j", "j", "enter", "enter")  # p3 -> the timetable cut
        assert screen.actor_filter is None
        assert len(widget(app, "timeline").rows) == 5
        assert screen.active_pane == "timeline"
        assert widget(app, "timeline").current.id == "timetable-cut"


# --- s: speaker -----------------------------------------------------------------------


SPEAKERS = {
    "second": [("q-no-choice", "mira-okafor"), ("q-timetable", "harbour-authority")],
    "shipped": [
        ("q-trump-victory-within-days", "donald-trump"),
        ("q-fighters-no-option", "foreign-fighters"),
    ],
}


@pytest.mark.parametrize("name", BUNDLES)
async def test_s_jumps_from_quote_to_speaker(name: str, tmp_path: Path) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        for quote_id, speaker_id in SPEAKERS[name]:
            await pilot.press("3")
            await move_to(pilot, app, "quotes", quote_id)
            await pilot.press("s")
            assert screen.active_pane == "actors"
            assert app.focused is widget(app, "actors")
            assert widget(app, "actors").current.id == speaker_id
            assert widget(app, "detail").entry.id == speaker_id


async def test_s_on_scare_quote_explains_and_is_not_offered_elsewhere(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        assert "goto_speaker" in key_bar_actions(app)
        await pilot.press("G", "s")
        assert main_screen(app).active_pane == "quotes"
        assert widget(app, "quotes").current.id == "q-temporary"
        assert any("scare quote" in n.lower() for n in notes(app)), notes(app)
        await pilot.press("1")
        assert "goto_speaker" not in key_bar_actions(app)
        await pilot.press("s")  # outside the quotes, s does nothing
        assert main_screen(app).active_pane == "timeline"
        assert len(notes(app)) == 1, notes(app)


# --- a: actor filter ------------------------------------------------------------------

SECOND_FILTERS = {
    "mira-okafor": (["crews-organised", "negotiation", "walkout"], ["q-no-choice"]),
    "harbour-authority": (
        ["talks-open", "negotiation", "walkout", "timetable-cut"],
        ["q-timetable", "q-temporary"],
    ),
    "ferry-crews": (["crews-organised", "talks-open", "walkout"], []),
    "kestrel-bay": ([], []),
}


async def test_a_filters_timeline_and_quotes_second(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        await pilot.press("2")
        for actor_id, (events, quotes) in SECOND_FILTERS.items():
            await move_to(pilot, app, "actors", actor_id)
            name = widget(app, "actors").current.name
            await pilot.press("a")
            assert screen.actor_filter is not None and screen.actor_filter.id == actor_id
            assert [e.id for e in widget(app, "timeline").rows] == events
            assert [q.id for q in widget(app, "quotes").rows] == quotes
            assert len(widget(app, "actors").rows) == 4  # the actors stay
            assert title(app, "timeline").startswith(
                f"1 Timeline {len(events)}/5 — involving {name}"
            )
            assert title(app, "quotes").startswith(f"3 Quotes {len(quotes)}/3 — involving {name}")
            if not quotes:
                assert any(
                    "No quotes." in line for line in widget_lines(app, widget(app, "quotes"))
                )
            if not events:
                assert any(
                    "No events." in line for line in widget_lines(app, widget(app, "timeline"))
                )
            await pilot.press("a")  # a again: everything back
            assert screen.actor_filter is None
            assert len(widget(app, "timeline").rows) == 5
            assert len(widget(app, "quotes").rows) == 3
            assert title(app, "timeline") == "1 Timeline 5/5"
        # escape clears it too, from the actors or from a filtered list
        await move_to(pilot, app, "actors", "ferry-crews")
        await pilot.press("a", "escape")
        assert screen.actor_filter is None
        assert len(widget(app, "timeline").rows) == 5
        await pilot.press("a", "1")
        assert screen.actor_filter is not None
        assert len(widget(app, "timeline").rows) == 3
        await pilot.press("escape")
        assert screen.actor_filter is None
        assert len(widget(app, "timeline").rows) == 5
        assert len(widget(app, "quotes").rows) == 3
        assert "filter_actor" not in key_bar_actions(app)  # on an event, a is not offered
        before = notes(app)
        assert len(before) <= 1  # each message replaced the one before: no pile of toasts
        await pilot.press("a")  # and does nothing
        assert screen.actor_filter is None
        assert len(widget(app, "timeline").rows) == 5
        assert notes(app) == before


async def test_a_filters_timeline_and_quotes_shipped(tmp_path: Path) -> None:
    bundle = load("shipped", tmp_path)
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        for actor_id in ("sdf", "sean-ryan"):
            events = [e.id for e in bundle.events if actor_id in e.actors]
            quotes = [q.id for q in bundle.quotes if actor_id == q.speaker or actor_id in q.about]
            if actor_id == "sean-ryan":
                assert (events, quotes) == ([], ["q-ryan-slow-progress"])
            else:
                assert len(events) >= 5
            await move_to(pilot, app, "actors", actor_id)
            await pilot.press("a")
            assert [e.id for e in widget(app, "timeline").rows] == events
            assert [q.id for q in widget(app, "quotes").rows] == quotes
            await pilot.press("a")
            assert len(widget(app, "timeline").rows) == 27
            assert len(widget(app, "quotes").rows) == 6


# --- search ---------------------------------------------------------------------------


def search_bar(app: BaghouzApp):  # type: ignore[no-untyped-def]
    return app.screen.query_one("#search")


def search_status(app: BaghouzApp) -> str:
    return str(app.screen.query_one("#search-status").render()).strip()


async def test_search_is_incremental_across_entries_and_article(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        screen = main_screen(app)
        assert search_bar(app).has_class("-open")
        assert isinstance(app.focused, Input)
        await pilot.press("l")  # first hit: an event
        assert screen.hits.query == "l"
        assert screen.hits.current == SearchHit("event", "talks-open")
        assert len(screen.hits.hits) == 13
        assert search_status(app) == "1/13 l"
        assert main_screen(app).header.search == "1/13 l"  # one wording everywhere
        assert screen.active_pane == "timeline"
        assert widget(app, "timeline").current.id == "talks-open"
        assert isinstance(app.focused, Input)  # typing goes on in the search line
        await pilot.press("i")  # "li": only the lighthouse paragraph, which nothing cites
        assert screen.hits.hits == [SearchHit("paragraph", "p5")]
        assert screen.active_pane == "article"
        assert widget(app, "article").paragraph.id == "p5"
        await pilot.press(*"ghth")
        assert screen.hits.query == "lighth"
        assert screen.hits.hits == [SearchHit("paragraph", "p5")]
        assert search_status(app) == "1/1 lighth"
        await pilot.press("enter")
        assert not search_bar(app).has_class("-open")
        assert app.focused is widget(app, "article")
        assert widget(app, "article").paragraph.id == "p5"


async def test_search_n_and_N_step_through_hits(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"okaf", "enter")
        screen = main_screen(app)
        assert screen.hits.hits == [
            SearchHit("event", "crews-organised"),
            SearchHit("actor", "mira-okafor"),
            SearchHit("quote", "q-no-choice"),
            SearchHit("paragraph", "p2"),
            SearchHit("paragraph", "p4"),
        ]
        assert app.focused is widget(app, "timeline")
        assert widget(app, "timeline").current.id == "crews-organised"

        def where() -> tuple[str, str]:
            pane = screen.active_pane
            if pane == "article":
                return pane, widget(app, "article").paragraph.id
            return pane, widget(app, pane).current.id

        forward = [
            ("actors", "mira-okafor"),
            ("quotes", "q-no-choice"),
            ("article", "p2"),
            ("article", "p4"),
            ("timeline", "crews-organised"),
        ]
        for expected in forward:
            await pilot.press("n")
            assert where() == expected
            assert app.focused is widget(app, expected[0])
            if expected[0] != "article":  # the source view shows the entry found
                assert widget(app, "detail").entry.id == expected[1]
        for expected in [("article", "p4"), ("article", "p2")]:
            await pilot.press("N")
            assert where() == expected
        # a new search starts afresh: / selects the old query, typing replaces it
        await pilot.press("slash")
        assert app.screen.query_one("#search-input", Input).value == "okaf"
        await pilot.press("l")  # typed over the selected query
        assert app.screen.query_one("#search-input", Input).value == "l"
        assert screen.hits.current == SearchHit("event", "talks-open")
        assert where() == ("timeline", "talks-open")


async def test_search_shipped(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"landm")
        screen = main_screen(app)
        assert screen.hits.hits == [
            SearchHit("event", "kurds-encounter-traps"),
            SearchHit("paragraph", "p11"),
        ]
        assert widget(app, "timeline").current.id == "kurds-encounter-traps"
        await pilot.press("enter", "n")
        assert screen.active_pane == "article"
        assert widget(app, "article").paragraph.id == "p11"


async def test_search_without_match_and_escape(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "j", "slash", *"zqx")
        screen = main_screen(app)
        assert screen.hits.hits == []
        assert search_status(app) == "0/0 zqx"
        await pilot.press("enter")
        assert not search_bar(app).has_class("-open")
        assert notes(app) == []  # no message over the panes: the header says 0/0
        assert screen.header.search == "0/0 zqx"
        assert app.focused is widget(app, "actors")
        assert widget(app, "actors").cursor == 1
        await pilot.press("n")
        assert app.focused is widget(app, "actors")
        await pilot.press("slash", "x", "escape")
        assert not search_bar(app).has_class("-open")
        assert screen.hits.query == "" and screen.header.search == ""  # escape: no search
        assert screen.active_pane in ("timeline", "actors", "quotes", "article")
        assert app.focused is widget(app, screen.active_pane)


# --- help and command palette ---------------------------------------------------------

KEY_LOOKS = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "enter": "⏎",
    "ctrl+p": "^p",
    "up": "↑",
    "down": "↓",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "home": "home",
    "end": "end",
    "tab": "tab",
    "shift+tab": "shift+tab",
}


async def test_help_lists_every_binding(tmp_path: Path) -> None:
    from tui.widgets.article_view import ArticleView
    from tui.widgets.entry_list import EntryList

    app = open_app("second", tmp_path)
    async with app.run_test(size=(100, 120)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        box = app.screen.query_one(VerticalScroll)
        lines = [line.strip(" │") for line in widget_lines(app, box)]
        checked = 0
        for source in (
            BaghouzApp.BINDINGS,
            MainScreen.BINDINGS,
            EntryList.BINDINGS,
            ArticleView.BINDINGS,
        ):
            for binding in source:
                assert isinstance(binding, Binding)
                keys = [
                    KEY_LOOKS.get(k) or app.get_key_display(Binding(k, ""))
                    for k in binding.key.split(",")
                ]
                pattern = (
                    r"\s+".join(re.escape(k) for k in keys)
                    + r"\s{2,}"
                    + re.escape(binding.description)
                )
                assert any(re.match(pattern, line) for line in lines), (binding.key, keys)
                checked += 1
        assert checked >= 30
        for literal in ("q", "?", "/", "n", "N", "a", "s", "j", "k", "g", "G", "esc", "⏎"):
            assert any(line.split("  ")[0].split(" ").count(literal) for line in lines), literal
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "q")  # q in the help closes the help...
        assert isinstance(app.screen, MainScreen)
        assert app.is_running
        await pilot.press("q")  # ...and quits from the story screen, with status 0
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0


async def run_callback(callback) -> None:  # type: ignore[no-untyped-def]
    """Run a command's callback as the palette does: awaited when it is a coroutine."""
    result = callback()
    if inspect.isawaitable(result):
        await result


async def run_command(pilot, app: BaghouzApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    assert type(app.screen).__name__ == "CommandPalette"
    await pilot.press(*text)
    for _ in range(50):
        await pilot.pause(0.02)
        options = app.screen.query_one(OptionList)
        if options.option_count and text in str(options.get_option_at_index(0).prompt):
            break
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_lists_the_app_commands(tmp_path: Path) -> None:
    """ctrl+p, "Focus actors", enter: the actors pane. Every other app command is offered
    too and does what its key does (run directly: typing is shown once)."""
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await run_command(pilot, app, "Focus actors")
        screen = main_screen(app)
        assert screen.active_pane == "actors"
        assert app.focused is widget(app, "actors")
        assert widget(app, "detail").entry is widget(app, "actors").current
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for title_ in (
            "Focus timeline",
            "Focus actors",
            "Focus quotes",
            "Focus article",
            "Search",
            "Clear filters",
            "Keys",
            "Light theme",
        ):
            assert title_ in commands, title_
        await run_callback(commands["Focus article"].callback)
        await pilot.pause()
        assert main_screen(app).active_pane == "article"
        assert app.focused is widget(app, "article")
        await run_callback(commands["Light theme"].callback)
        await pilot.pause()
        assert app.theme == "baghouz-light"
        assert "Dark theme" in {c.title for c in app.get_system_commands(app.screen)}
        await run_callback(commands["Search"].callback)
        await pilot.pause()
        assert search_bar(app).has_class("-open")
        assert isinstance(app.focused, Input)


async def test_command_palette_keys_opens_the_help_screen(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await run_command(pilot, app, "Keys")
        assert isinstance(app.screen, HelpScreen)


# --- q --------------------------------------------------------------------------------


async def test_q_quits_with_status_0(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "j", "a", "4")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.return_value == 0
