"""The printable review sheet: self-contained (no script, nothing fetched), every entry with
its status, verdicts, notes and highlighted words; opened and printed by a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_export_helpers import (
    BUNDLES,
    CONTROL_ATTACK,
    FORMULA_ATTACK,
    HTML_ATTACK,
    UNSAFE,
    reviewed,
)

from tui.export.exporting import ExportOptions, render
from tui.export.review_view import StatusFilter, statuses_for
from tui.export.text import clean
from tui.model.entities import Bundle, SourceLink
from tui.review.session import ReviewSession, bundle_entries

CHROMIUM = "/usr/bin/chromium"
# Elements that could run something, fetch something or send something.
ACTIVE = {"script", "iframe", "frame", "object", "embed", "img", "link", "form", "input",
          "button", "base", "video", "audio", "source", "svg", "math", "meta-refresh"}


class Page(HTMLParser):
    """The elements of a page, and the text inside each element with a given id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.marks: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if attrs.get("id")}

    def with_class(self, tag: str, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and name in (a.get("class") or "").split()]


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def sheet(
    name: str, tmp_path: Path, keep: StatusFilter | None = None
) -> tuple[Bundle, ReviewSession, str]:
    bundle, review = reviewed(name, tmp_path)
    options = ExportOptions(keep or StatusFilter())
    return bundle, review, render(bundle, statuses_for(bundle, review), "html", options).text


@pytest.mark.parametrize("name", BUNDLES)
def test_the_sheet_is_self_contained(name: str, tmp_path: Path) -> None:
    _, _, html = sheet(name, tmp_path)
    page = page_of(html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & ACTIVE
    for _, attrs in page.elements:
        assert not any(key.startswith("on") for key in attrs)
        assert "src" not in attrs and "style" not in attrs
        if "href" in attrs:  # only links within the sheet, to something it has
            assert attrs["href"] and attrs["href"].startswith("#")
            assert attrs["href"][1:] in page.ids()
    assert "http-equiv" in html and "default-src 'none'" in html
    assert html.count("<style>") == 1
    assert "url(" not in html and "@import" not in html
    assert not UNSAFE.search(html)


def test_every_entry_has_its_status_verdicts_notes_and_words(tmp_path: Path) -> None:
    bundle, review, html = sheet("second", tmp_path)
    status_of = statuses_for(bundle, review)
    page = page_of(html)
    articles = {attrs["id"]: attrs["class"] for tag, attrs in page.elements if tag == "article"}
    entries = list(bundle_entries(bundle))
    assert list(articles) == [entry.id for entry in entries]
    for entry in entries:
        assert articles[entry.id] == f"entry {status_of(entry).status}"
    text = "".join(page.text)
    assert "The article says Tuesday, not Monday." in text
    assert "Summary runs on." in text and "Split it in two." in text  # a note's two lines
    assert "Stale: the entry changed after it was reviewed" in text
    assert len(page.with_class("span", "stale")) == 1  # the one stale entry
    # Each source's words are highlighted in their paragraph, in link order.
    words = [
        source_words for entry in entries for source_words in _words(bundle, entry.sources)
    ]
    assert page.marks == words
    # The review's progress is counted over the whole story.
    assert "12 entries: 4 verified, 2 disputed, 1 needs-fix, 5 unreviewed, 1 stale" in text


def _words(bundle: Bundle, links: tuple[SourceLink, ...]) -> list[str]:
    paragraphs = {p.id: p for p in bundle.paragraphs}
    return [paragraphs[k.paragraph].text[k.start : k.end] for k in links if k.has_span]


def test_a_filtered_sheet_says_what_it_shows(tmp_path: Path) -> None:
    bundle, review, html = sheet("second", tmp_path, StatusFilter.of(["disputed", "stale"]))
    status_of = statuses_for(bundle, review)
    page = page_of(html)
    shown = [attrs["id"] for tag, attrs in page.elements if tag == "article"]
    expected = [
        e.id for e in bundle_entries(bundle)
        if status_of(e).status == "disputed" or status_of(e).stale
    ]
    assert shown == expected and len(shown) == 3
    hrefs = [attrs["href"] for _, attrs in page.elements if "href" in attrs]
    assert hrefs and all(href and href[1:] in page.ids() for href in hrefs)  # no link dangles
    text = "".join(page.text)
    assert "the 3 entries that are disputed or stale" in text
    assert "No actors match this sheet's filter." in text


def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    _, _, html = sheet("hostile", tmp_path)
    page = page_of(html)
    assert not {tag for tag, _ in page.elements} & ACTIVE
    assert {tag for tag, _ in page.elements} <= {
        "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3",
        "h4", "dl", "dt", "dd", "code", "nav", "ul", "li", "a", "main", "section", "article",
        "span", "i", "table", "thead", "tbody", "tr", "th", "td", "div", "figure",
        "figcaption", "blockquote", "mark", "br", "footer",
    }
    text = "".join(page.text)
    # The reviewer's name and note, as text: shown, never run.
    assert HTML_ATTACK in text and FORMULA_ATTACK in text
    assert clean(CONTROL_ATTACK) in text
    assert "[bold]Mark[/bold] Up :smile:" in text
    assert not UNSAFE.search(html)


# -- in a real browser -----------------------------------------------------------------


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which("chromium")):
        pytest.skip(f"no headless browser: {CHROMIUM} is not installed (Debian: apt-get install "
                    "chromium); the sheet's browser tests need it")
    profile = tmp_path / "chromium-profile"
    command = [
        CHROMIUM if os.access(CHROMIUM, os.X_OK) else str(shutil.which("chromium")),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={profile}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.slow
def test_a_browser_renders_the_sheet_as_written(tmp_path: Path) -> None:
    _, _, html = sheet("hostile", tmp_path)
    path = tmp_path / "sheet.html"
    path.write_text(html, encoding="utf-8")
    result = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = page_of(result.stdout)
    # What the browser built has every entry and nothing active, the attack text as text.
    assert {attrs["id"] for tag, attrs in dom.elements if tag == "article"} == {
        "e-markup", "e-control", "markup-man", "control-crew", "q-markup", "q-link", "q-scare",
    }
    assert not {tag for tag, _ in dom.elements} & ACTIVE
    assert HTML_ATTACK in "".join(dom.text)


@pytest.mark.slow
def test_a_browser_prints_the_sheet(tmp_path: Path) -> None:
    _, _, html = sheet("baghouz", tmp_path)
    path = tmp_path / "sheet.html"
    path.write_text(html, encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    # Events, actors, quotes and the article each start a page: at least four.
    assert pages >= 4
