"""Shared pieces of the app's pilot tests (tests/test_app_*.py).

- `open_app(name, tmp_path)` builds a BaghouzApp on the shipped story ("shipped") or on a
  bundle of tests/app_fixtures/ ("second", "hostile"), with its review file kept in
  tmp_path: a test never writes beside the fixtures or into the user's data directory.
- `screen_lines(app)` is what the terminal shows, one string per row (what Textual's
  compositor would send, minus the escape codes), `screen_segments(app)` the same as
  Rich segments, `svg_text(app)` the text of `export_screenshot()`.
- `source_paragraphs(source)` and `article_block(article)` read the source view and the
  article back as text plus which characters are highlighted / marked as linked.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# `pytest` (unlike `python -m pytest`) does not put the repository on sys.path.
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pytest  # noqa: E402
from rich.segment import Segment  # noqa: E402
from rich.style import Style  # noqa: E402
from rich.text import Text  # noqa: E402

from tui.app import BaghouzApp  # noqa: E402
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.entities import Bundle, Entry, Paragraph  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "app_fixtures"
HOSTILE = FIXTURES / "hostile.toml"
BUNDLES = ("shipped", "second")

WIDE = (120, 40)
NARROW = (80, 24)

# What must never reach the screen from bundle text: C0 controls but newline, DEL, C1,
# and the bidi embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def isolated_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every review file the app might write (shipped story: XDG data) in tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def bundle_path(name: str, tmp_path: Path) -> Path:
    """The shipped story's path, or a private copy of tests/app_fixtures/NAME.toml."""
    if name == "shipped":
        return shipped_bundle_path()
    copy = tmp_path / f"{name}.toml"
    if not copy.exists():
        shutil.copyfile(FIXTURES / f"{name}.toml", copy)
    return copy


def load(name: str, tmp_path: Path) -> Bundle:
    bundle, _warnings = load_bundle(bundle_path(name, tmp_path))
    return bundle


def open_app(name: str, tmp_path: Path, **options: object) -> BaghouzApp:
    bundle = load(name, tmp_path)
    return BaghouzApp(bundle, shipped=name == "shipped", **options)  # type: ignore[arg-type]


# --- keys typed ahead ----------------------------------------------------------------


async def type_ahead(pilot: object, *keys: str) -> None:
    """Queue every key at once, as a terminal does when they arrive in one read (fast
    typing, a paste, an SSH link that batches keystrokes), then let the app settle.

    `pilot.press` waits for the app to go idle after each key, so it never tests this.
    """
    from textual import events

    app = pilot.app  # type: ignore[attr-defined]
    names = {"slash": "/", "question_mark": "?", "space": " "}
    for key in keys:
        char = names.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause(0.1)  # type: ignore[attr-defined]
    # Keys the app still holds back (one may wait out KeyOrderedApp's timeout on a loaded
    # machine): settled means every key has been dealt with, not that 0.1 s went by.
    for _ in range(100):
        if app._key_in_flight is None and not app._waiting_keys:
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


# --- what the screen shows ------------------------------------------------------------


def screen_lines(app: BaghouzApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_lines(app: BaghouzApp, widget: object) -> list[str]:
    """The screen rows a widget covers, cropped to its region (its content and scrollbar)."""
    region = widget.region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()
    return [
        strip.crop(region.x, region.x + region.width).text
        for strip in strips[region.y : region.y + region.height]
    ]


def key_bar_actions(app: BaghouzApp) -> list[str]:
    """The actions the key bar offers now, in its order (pinned help and quit last)."""
    from tui.widgets.key_bar import KeyBar

    keys, pinned = app.screen.query_one(KeyBar).keys()
    return [shown.action for shown in [*keys, *pinned]]


def screen_segments(app: BaghouzApp) -> list[Segment]:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def svg_text(app: BaghouzApp) -> str:
    """The characters of `export_screenshot()`, its <text> runs joined, entities decoded."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def plain_row(entry_list: object, row: object, width: int) -> str:
    """The row's text as `render_row` draws it, without the review badge column."""
    from tui.widgets.entry_rows import BADGE_WIDTH

    text: Text = entry_list.render_row(row, width)  # type: ignore[attr-defined]
    return text.plain[BADGE_WIDTH:]


def fold(text: str) -> str:
    return " ".join(text.split())


# --- the source view ------------------------------------------------------------------


@dataclass
class ShownParagraph:
    """A paragraph as the source view shows it, and the runs it highlights."""

    heading: str
    plain: str
    highlighted: list[str]


def _is_highlight(style: object) -> bool:
    return isinstance(style, Style) and bool(style.reverse)


def highlighted_runs(text: Text) -> list[str]:
    """Runs of characters of `text` styled as highlighted (reverse), in order."""
    marked = [False] * len(text.plain)
    for span in text.spans:
        if _is_highlight(span.style):
            for index in range(span.start, min(span.end, len(marked))):
                marked[index] = True
    return _runs(text.plain, marked)


def _runs(plain: str, marked: list[bool]) -> list[str]:
    runs: list[str] = []
    start = None
    for index, flag in enumerate([*marked, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append(plain[start:index])
            start = None
    return runs


def source_paragraphs(source: object) -> tuple[str, list[ShownParagraph]]:
    """(summary line, paragraphs) of what the source view currently shows: the blocks of
    text it draws (the lines on screen are checked by `source_visible_highlights`)."""
    blocks = source.blocks  # type: ignore[attr-defined]
    texts = [block for block in blocks if isinstance(block, Text)]
    summary = texts[0].plain if texts else ""
    shown: list[ShownParagraph] = []
    for index, text in enumerate(texts):
        if text.plain.startswith("¶ ") and index + 1 < len(texts):
            following = texts[index + 1]
            shown.append(ShownParagraph(text.plain, following.plain, highlighted_runs(following)))
    return summary, shown


def drawn_text(widget: object, skip: int = 0) -> tuple[str, list[Style | None]]:
    """What a line-drawn widget shows now, its lines (less `skip` leading cells, trailing
    blanks) joined by single spaces, with each character's style."""
    height = widget.size.height  # type: ignore[attr-defined]
    chars: list[tuple[str, Style | None]] = []
    for y in range(height):
        cells = _cells(widget.render_line(y))[skip:]  # type: ignore[attr-defined]
        while cells and cells[-1][0] == " ":
            cells.pop()
        if not cells:
            continue
        if chars:
            chars.append((" ", None))
        chars.extend(cells)
    return "".join(c for c, _ in chars), [s for _, s in chars]


def source_visible_highlights(source: object) -> list[str]:
    """The highlighted (reverse) runs among the lines the source view draws right now."""
    plain, styles = drawn_text(source, skip=1)
    marked = [bool(s and s.reverse) and not c.isspace() for c, s in zip(plain, styles, strict=True)]
    return _runs(plain, _fill_gaps(plain, marked))


# --- the article ----------------------------------------------------------------------


@dataclass
class ArticleBlock:
    """A paragraph as the article draws it: its text (wrapped lines joined with one space),
    which characters are underlined (linked) and reversed (highlighted), white space
    excluded, whether it carries the cursor mark, and the "↳ N: …" line under it, if any."""

    plain: str
    linked: list[bool]
    highlighted: list[bool]
    citing_line: str | None
    has_cursor_mark: bool

    def linked_runs(self) -> list[str]:
        return _runs(self.plain, _fill_gaps(self.plain, self.linked))

    def highlighted_runs(self) -> list[str]:
        return _runs(self.plain, _fill_gaps(self.plain, self.highlighted))


def _fill_gaps(plain: str, marked: list[bool]) -> list[bool]:
    """Marked runs joined across the white space between them (a run spans words)."""
    filled = list(marked)
    last = None
    for index, flag in enumerate(marked):
        if flag:
            if last is not None and plain[last + 1 : index].isspace():
                for i in range(last + 1, index):
                    filled[i] = True
            last = index
        elif not plain[index].isspace():
            last = None
    return filled


def article_blocks(article: object) -> list[ArticleBlock]:
    """Every paragraph block the article currently draws, top to bottom."""
    try:
        from tui.widgets.article_view import GUTTER
    except ImportError:  # pragma: no cover - the layout constant moved
        GUTTER = 2
    height = article.size.height  # type: ignore[attr-defined]
    strips = [article.render_line(y) for y in range(height)]  # type: ignore[attr-defined]
    blocks: list[ArticleBlock] = []
    chars: list[tuple[str, Style | None]] = []
    citing: str | None = None
    mark = False

    def close() -> None:
        nonlocal chars, citing, mark
        if chars:
            plain = "".join(c for c, _ in chars)
            linked = [bool(s and s.underline) and not c.isspace() for c, s in chars]
            lit = [bool(s and s.reverse) and not c.isspace() for c, s in chars]
            blocks.append(ArticleBlock(plain, linked, lit, citing, mark))
        chars, citing, mark = [], None, False

    for strip in strips:
        text = strip.text
        if not text.strip():
            close()
            continue
        body = text[GUTTER:]
        if body.startswith("↳ "):
            citing = body.rstrip()
            continue
        mark = mark or bool(text[:GUTTER].strip())
        cells = _cells(strip)[GUTTER:]
        while cells and cells[-1][0] == " ":
            cells.pop()
        if chars:
            chars.append((" ", None))
        chars.extend(cells)
    close()
    return blocks


def article_block(article: object) -> ArticleBlock:
    """The block of the article's cursor paragraph (found by its text, checked for the mark)."""
    from tui.model.safe_text import safe_text

    wanted = fold(safe_text(article.paragraph.text))  # type: ignore[attr-defined]
    found = [block for block in article_blocks(article) if block.plain == wanted]
    assert found, f"the article does not show its cursor paragraph {wanted[:40]!r}"
    marked = [block for block in found if block.has_cursor_mark]
    assert marked, "the cursor paragraph is not marked in the gutter"
    return marked[0]


def _cells(strip: Iterable[Segment]) -> list[tuple[str, Style | None]]:
    cells: list[tuple[str, Style | None]] = []
    for segment in strip:
        for char in segment.text:
            cells.append((char, segment.style))
    return cells


def span_mask(paragraph: Paragraph, spans: Iterable[tuple[int, int]]) -> list[bool]:
    """Which characters of the paragraph's text the spans cover, white space excluded."""
    mask = [False] * len(paragraph.text)
    for start, end in spans:
        for index in range(start, end):
            mask[index] = not paragraph.text[index].isspace()
    return mask


def entry_spans(entry: Entry, paragraph_id: str) -> list[tuple[int, int]]:
    return [
        (link.start, link.end)
        for link in entry.sources
        if link.paragraph == paragraph_id and link.has_span and link.end > link.start
    ]


# --- the command line -----------------------------------------------------------------


def run_tui(
    *args: str | os.PathLike[str], timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """`python -m tui ARGS...` as a separate process with no terminal (pipes only)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.setdefault("TERM", "xterm-256color")
    return subprocess.run(
        [sys.executable, "-m", "tui", *(os.fspath(a) for a in args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
