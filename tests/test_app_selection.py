"""Selecting words in the article: the text cursor, shift+arrows, ctrl+shift by word, the
mouse, and a search hit; the selection drawn in reverse video in every theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_helpers import isolated_review, open_app  # noqa: F401  (autouse fixture)
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from tui.model.safe_text import safe_text
from tui.widgets.article_view import ArticleView
from tui.widgets.text_caret import (
    TextCaret,
    line_starts,
    offset_at,
    row_column,
    word_left,
    word_right,
)


def _selected_words(article: ArticleView) -> str | None:
    selection = article.selection()
    if selection is None:
        return None
    paragraph, start, end = selection
    return safe_text(paragraph.text)[start:end]


@pytest.mark.parametrize("name", ["shipped", "second"])
async def test_shift_arrows_select_characters_and_ctrl_shift_words(
    name: str, tmp_path: Path
) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        article = app.screen.query_one(ArticleView)
        await pilot.press("down")
        plain = article.plain
        first_word = re.match(r"\w+", plain)
        assert first_word is not None
        await pilot.press("ctrl+shift+right")
        assert _selected_words(article) == first_word.group()
        await pilot.press("shift+right", "shift+right")
        assert _selected_words(article) == plain[: first_word.end() + 2]
        await pilot.press("shift+left")
        assert _selected_words(article) == plain[: first_word.end() + 1]
        # escape drops the selection first; the next escape is the screen's.
        await pilot.press("escape")
        assert article.selection() is None and app.screen.focused is article


async def test_an_arrow_drops_the_selection_at_its_edge(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "right", "right", "ctrl+shift+right")
        article = app.screen.query_one(ArticleView)
        selection = article.selection()
        assert selection is not None
        await pilot.press("left")
        assert article.selection() is None and article.text_caret.caret == selection[1]
        # Moving to another paragraph drops the caret to its start.
        await pilot.press("shift+end", "down")
        assert article.selection() is None and article.text_caret.caret == 0


async def test_shift_down_selects_to_the_same_column_a_line_below(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "down", "down")
        article = app.screen.query_one(ArticleView)
        starts = article._line_starts()
        assert len(starts) > 1, "the test wants a paragraph wrapped over lines"
        await pilot.press("right", "right", "right", "shift+down")
        _paragraph, start, end = article.selection() or (None, 0, 0)
        assert start == 3
        assert end == offset_at(article.plain, starts, 1, 3)


async def test_a_mouse_drag_selects_the_words_under_it(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        article = app.screen.query_one(ArticleView)
        # The first paragraph's first line, from its third character to its ninth.
        await pilot.mouse_down(article, offset=(2 + 2, 0))
        await pilot.hover(article, offset=(2 + 8, 0))
        await pilot.mouse_up(article, offset=(2 + 8, 0))
        assert _selected_words(article) == article.plain[2:8]


async def test_a_search_hit_in_the_article_selects_the_words_that_matched(
    tmp_path: Path,
) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"convoy of trucks", "enter")
        await pilot.pause()
        article = app.screen.query_one(ArticleView)
        if app.screen.focused is not article:  # the first hit was an entry: step on
            for _ in range(10):
                await pilot.press("n")
                if app.screen.focused is article:
                    break
        assert app.screen.focused is article
        words = _selected_words(article)
        assert words is not None and words.lower() == "convoy of trucks"


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_the_selection_is_drawn_in_reverse_video(theme: str, tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "ctrl+shift+right")
        article = app.screen.query_one(ArticleView)
        strip = article.render_line(0)
        reversed_text = "".join(
            segment.text for segment in strip if segment.style and segment.style.reverse
        )
        assert reversed_text and reversed_text == _selected_words(article)


# --- the plain caret ------------------------------------------------------------------


@given(st.text(max_size=60), st.integers(0, 80), st.integers(-5, 90))
def test_a_caret_never_leaves_its_text(text: str, start: int, to: int) -> None:
    caret = TextCaret(len(text), caret=min(start, len(text)))
    caret.move(to, extend=True)
    assert 0 <= caret.caret <= len(text)
    selection = caret.selection
    if selection is not None:
        assert 0 <= selection[0] < selection[1] <= len(text)


@given(st.text(alphabet="ab c’-", max_size=40), st.integers(0, 40))
def test_word_moves_stop_at_word_edges(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    left, right = word_left(text, offset), word_right(text, offset)
    assert left <= offset <= right or (right == len(text) and offset <= right)
    assert left == 0 or not text[left - 1].isalnum()


@given(st.text(alphabet="abc defg hij\u4e00", min_size=1, max_size=120), st.integers(4, 30))
def test_line_offsets_round_trip(text: str, width: int) -> None:
    console = Console(width=200, color_system=None)
    starts = line_starts(Text(text), console, width)
    assert starts[0] == 0 and starts == sorted(starts)
    for offset in range(len(text)):
        row, column = row_column(text, starts, offset)
        assert offset_at(text, starts, row, column) == offset


# --- the detail pane's source paragraphs ------------------------------------------------


async def test_shift_arrows_select_in_the_detail_pane_from_the_entry_s_words(
    tmp_path: Path,
) -> None:
    from tui.widgets.detail_view import DetailView

    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "5")
        detail = app.screen.query_one(DetailView)
        entry = detail.entry
        assert entry is not None
        link = entry.sources[0]
        await pilot.press("ctrl+shift+right")
        selection = detail.selection()
        assert selection is not None
        paragraph_id, start, end = selection
        assert paragraph_id == link.paragraph and start == link.start
        paragraph = next(p for p in app.bundle.paragraphs if p.id == paragraph_id)
        assert paragraph.text[start:end] == link.exact.split()[0]
        # `c` is offered from here.
        assert any(b.binding.action == "create_entry"
                   for b in app.screen.active_bindings.values() if b.enabled)
        await pilot.press("escape")
        assert detail.selection() is None and app.screen.focused is detail


async def test_a_mouse_drag_selects_in_the_detail_pane(tmp_path: Path) -> None:
    from tui.widgets.detail_view import DetailView

    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "5")
        detail = app.screen.query_one(DetailView)
        anchor = detail._anchors[0]
        y = anchor.start + 1 - detail._first_line()  # the source paragraph's first line
        await pilot.mouse_down(detail, offset=(1 + 2, y))
        await pilot.hover(detail, offset=(1 + 9, y))
        await pilot.mouse_up(detail, offset=(1 + 9, y))
        selection = detail.selection()
        assert selection is not None
        paragraph = next(p for p in app.bundle.paragraphs if p.id == selection[0])
        assert selection[1:] == (2, 9) and paragraph.id == anchor.paragraph
