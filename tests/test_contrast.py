"""WCAG AA: every text style the app draws has a contrast of at least 4.5:1 against the
background it is drawn on, in both themes, computed from the colours the theme gives.

Walked in every state that brings its own styles: each pane focused, a search active
(highlights, the search line), the help screen and the pickers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    open_app,
    screen_segments,
)
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.screen import ModalScreen
from textual.widget import Widget

from tui.app import BaghouzApp

AA = 4.5  # text
AA_SYMBOLS = 3.0  # a symbol alone (a badge, a mark): non-text contrast, WCAG 1.4.11
# Component classes never drawn as text here: the mouse selection, and the pickers' (an
# OptionList) separators and disabled options, which no picker has.
NOT_TEXT = {"screen--selection", "option-list--separator", "option-list--option-disabled"}
LINES = set(map(chr, range(0x2500, 0x25A0)))  # box drawing and blocks: borders, scrollbars


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast(Color(255, 0, 0), Color(255, 0, 0)) == pytest.approx(1.0)


def _pair(style: Style, base: Style) -> tuple[Color, Color] | None:
    foreground = style.color or base.color
    background = style.bgcolor or base.bgcolor
    if foreground is None or background is None:
        return None
    if style.reverse:
        foreground, background = background, foreground
    text, paper = Color.from_rich_color(foreground), Color.from_rich_color(background)
    if style.dim:  # a terminal draws dim text about half way to its background
        text = paper.blend(text, 0.5)
    return text, paper


def drawn_segments(app: BaghouzApp) -> list[Segment]:
    """What is drawn on the top screen: a modal screen's own box (the screen behind it is
    faded on purpose), else the whole screen."""
    if not isinstance(app.screen, ModalScreen):
        return screen_segments(app)
    region = app.screen.children[0].region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [s for strip in strips for s in strip.crop(region.x, region.right)]


def drawn_low_contrast(app: BaghouzApp, state: str) -> list[str]:
    """Every run of text on the screen, as drawn (titles, toasts and all)."""
    found = []
    for segment in drawn_segments(app):
        text = segment.text.strip()
        if not text or segment.style is None or set(text) <= LINES:
            continue
        pair = _pair(segment.style, Style())
        if pair is None:
            continue
        need = AA if any(char.isalnum() for char in text) else AA_SYMBOLS
        if contrast(*pair) < need:
            found.append(
                f"{state}: {text[:30]!r} {contrast(*pair):.2f} ({pair[0].hex} on {pair[1].hex})"
            )
    return found


def low_contrast(app: BaghouzApp, state: str) -> list[str]:
    """The text styles of the app's own widgets, drawn in this state or not."""
    found = []
    for widget in app.screen.walk_children(with_self=True):
        if not isinstance(widget, Widget) or not widget.display:
            continue
        if not type(widget).__module__.startswith("tui."):
            continue
        name = f"{state}: {type(widget).__name__}#{widget.id}"
        styles = [("text", widget.rich_style)]
        styles += [
            (component, widget.get_component_rich_style(component))
            for component in sorted(widget.COMPONENT_CLASSES)
            if component not in NOT_TEXT and not component.startswith("scrollbar")
        ]
        for what, style in styles:
            pair = _pair(style, widget.rich_style)
            if pair is None:
                continue
            ratio = contrast(*pair)
            if ratio < AA:
                found.append(f"{name} {what}: {ratio:.2f} ({pair[0].hex} on {pair[1].hex})")
    return found


STATES = {
    "timeline": [],
    "actors": ["2"],
    "quotes": ["3"],
    "detail": ["5"],
    "article": ["4"],
    "search": ["slash", *"isis"],
    "search done": ["slash", *"isis", "enter"],
    "help": ["question_mark"],
    "citing picker": ["4", "j", "enter"],
    "hits": ["slash", *"isis", "enter", "ctrl+l"],
}


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_every_text_style_meets_wcag_aa(theme: str, tmp_path: Path) -> None:
    problems: list[str] = []
    for state, keys in STATES.items():
        app = open_app("shipped", tmp_path, theme=theme)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            problems += low_contrast(app, state) + drawn_low_contrast(app, state)
    assert problems == []


async def test_the_light_themes_dates_are_dark_enough(tmp_path: Path) -> None:
    """The dates that were 3.0:1 in Textual's own light theme."""
    app = open_app("shipped", tmp_path, theme="light")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timeline = app.screen.query_one("#timeline")
        pair = _pair(timeline.get_component_rich_style("timeline--date"), timeline.rich_style)
        assert pair is not None
        assert contrast(*pair) >= AA
