"""The detail pane: every field of the selected entry, focusable and scrollable, stepping
through its sources, `enter` opening the current one; dates read as EDTF means them."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    article_block,
    isolated_review,
    open_app,
    widget_lines,
)
from rich.text import Text

from tui.app import BaghouzApp
from tui.model.load import load_bundle
from tui.widgets.detail_view import CURRENT_SOURCE_MARK, MORE_BELOW, DetailView

SIZE = (120, 40)
DASH = "\u2013"


def blocks(app: BaghouzApp) -> list[str]:
    return [block.plain for block in app.screen.query_one(DetailView).blocks]


def show(app: BaghouzApp, entry_id: str) -> DetailView:
    detail = app.screen.query_one(DetailView)
    detail.entry = app.index.entries[entry_id]
    return detail


async def test_an_event_shows_every_field(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        show(app, "isi-founded")
        shown = blocks(app)
        event = app.index.entries["isi-founded"]
        assert shown[0].startswith("An al-Qaeda branch in Iraq founds the Islamic State in Iraq")
        names = ", ".join(f"{app.index.entries[a].name} ({a})" for a in event.actors)
        for line in (
            f"title: {event.title}",  # whole: the heading above is cut to the pane
            "id: isi-founded (event)",
            "date: 2003~ — c. 2003 (approximate)",
            "when: a decade earlier",
            f"summary: {event.summary}",
            f"actors: {names}",
            "x-date-note: “A decade earlier” than 2013: approximately 2003.",
        ):
            assert line in shown, (line, shown)
        assert any(b.startswith("¶ p20 · body · paragraph 20 of 22") for b in shown)


async def test_an_actor_shows_every_alias_its_description_and_what_it_is_in(
    tmp_path: Path,
) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        show(app, "isis-fighters")
        shown = blocks(app)
        assert "kind: group" in shown
        actor = app.index.entries["isis-fighters"]
        assert len(actor.aliases) >= 3
        assert f"aliases: {', '.join(actor.aliases)}" in shown  # every one, whole
        assert any(b.startswith("description: Up to 600 Isis fighters making a last stand")
                   for b in shown)
        involved = app.index.involving["isis-fighters"]
        events = sum(1 for e in involved if e.entry_type == "event")
        quotes = len(involved) - events
        assert any(b.startswith(f"involved in: {events} event") and f"{quotes} quote" in b
                   for b in shown), shown
        headings = [b for b in shown if b.startswith("¶ ")]
        paragraphs = list(dict.fromkeys(link.paragraph for link in actor.sources))
        assert len(paragraphs) >= 3
        assert [h.split(" · ")[:2] for h in headings] == [
            [f"¶ {p}", f"source {n} of {len(paragraphs)}"] for n, p in enumerate(paragraphs, 1)
        ]


async def test_quotes_show_speaker_cue_about_and_the_words_in_full(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        show(app, "q-ryan-slow-progress")
        shown = blocks(app)
        quote = app.index.entries["q-ryan-slow-progress"]
        assert "speaker: Col Sean Ryan (sean-ryan)" in shown
        assert "cue: said" in shown
        assert any(b.startswith("about: Syrian Democratic Forces (SDF) (sdf), ") for b in shown)
        assert f"text: {quote.text}" in shown  # the row cuts it; here it is whole
        show(app, "q-scare-caliphate")
        assert "speaker: none: the writer's own words" in blocks(app)


DATES_BUNDLE = """\
format = "story-bundle/1"

[story]
id = "dates"
headline = "Dates"

[[paragraphs]]
id = "p1"
text = "Something happened, then something else, then more."

{events}
"""
EVENT = """
[[events]]
id = "{id}"
title = "Event {id}"
when = "{when}"
{date}
sources = [{{ paragraph = "p1" }}]
"""
DATES = {
    "open-start": ("../2019-02", "until Feb 2019", "open start: no earlier bound"),
    "unknown-start": ("/2019-02", f"? {DASH} Feb 2019", "start unknown"),
    "open-end": ("2019-02-09/..", "from 9 Feb 2019", "open end: still going"),
    "unknown-end": ("2019-02-09/", f"9 Feb 2019 {DASH} ?", "end unknown"),
    "both": ("2019-02-09%", "c. 9 Feb 2019?", "approximate and uncertain"),
    "undated": (None, "undated", "undated: the story gives no date for it"),
}


@pytest.fixture
def dates_app(tmp_path: Path) -> BaghouzApp:
    events = "".join(
        EVENT.format(id=key, when="" if key == "undated" else "once",
                     date=f'date = "{text}"' if text else "")
        for key, (text, _, _) in DATES.items()
    )
    path = tmp_path / "dates.toml"
    path.write_text(DATES_BUNDLE.format(events=events), encoding="utf-8")
    bundle, _ = load_bundle(path)
    return BaghouzApp(bundle)


async def test_dates_read_the_way_edtf_means_them(dates_app: BaghouzApp) -> None:
    app = dates_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timeline = app.screen.query_one("#timeline")
        rows = widget_lines(app, timeline)
        for key, (text, short, reading) in DATES.items():
            assert any(short in row and f"Event {key}" in row for row in rows), (key, rows)
            show(app, key)
            date_line = next(b for b in blocks(app) if b.startswith("date: "))
            assert reading in date_line, (key, date_line)
            if text:
                assert date_line.startswith(f"date: {text} — {short}"), date_line
        show(app, "undated")
        assert "when: — (the story gives no time)" in blocks(app)


async def test_the_pane_takes_focus_and_scrolls_within_its_lines(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "5")  # an actor with three sources, in a full-height pane
        detail = app.screen.query_one(DetailView)
        assert app.focused is detail
        assert app.screen.active_pane == "detail"
        lines = [strip.text for strip in detail._render_lines()]
        assert len(lines) > detail.size.height  # more than fits: scrolling is real
        first = [strip.text for strip in detail._lines_shown()]
        assert MORE_BELOW in first[-1]
        await pilot.press("j")
        scrolled = [strip.text for strip in detail._lines_shown()]
        assert scrolled[0][:-1] == first[1][:-1]  # one line down (the last cell: ▲ now)
        assert scrolled[0].endswith("▲")
        await pilot.press("G")
        last = [strip.text for strip in detail._lines_shown()]
        assert last[-1].rstrip() == lines[-1].rstrip()
        await pilot.press("j", "j")  # at the end: stays
        assert [strip.text for strip in detail._lines_shown()] == last
        await pilot.press("g", "k")  # at the top: stays
        assert next(strip.text for strip in detail._lines_shown()).strip() == lines[0].strip()
        await pilot.press("escape")  # back to the list it came from
        assert app.screen.active_pane == "actors"


async def test_right_and_left_step_through_the_sources_and_enter_opens_one(
    tmp_path: Path,
) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "5")
        detail = app.screen.query_one(DetailView)
        entry = detail.entry
        assert entry.id == "isis-fighters"
        assert detail.source_paragraphs[:3] == ["p2", "p5", "p16"]
        last = len(detail.source_paragraphs) - 1

        def marked_headings() -> list[str]:
            return [s.text[1:].split(" · ")[0] for s in detail._lines_shown()
                    if s.text.startswith(CURRENT_SOURCE_MARK + "¶")]

        assert marked_headings() == ["¶ p2"]
        await pilot.press("right")
        assert detail.current_source == 1 and marked_headings() == ["¶ p5"]
        await pilot.press(*["right"] * (last + 1))  # past the last: stays on it, in view
        assert detail.current_source == last
        assert marked_headings() == [f"¶ {detail.source_paragraphs[last]}"]
        await pilot.press(*["left"] * (last - 1))
        assert marked_headings() == ["¶ p5"]
        await pilot.press("enter")  # the second source, not the first
        article = app.screen.query_one("#article")
        assert app.focused is article
        assert article.paragraph.id == "p5"
        assert article_block(article).highlighted_runs() == [
            "Fierce resistance from Islamic State fighters"
        ]
        await pilot.press("5", "left", "enter")
        assert article.paragraph.id == "p2"


async def test_a_note_is_shown_in_full(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entry = app.screen.query_one("#timeline").current
        note = "Check the date with the desk.\nStory says " + "around 2018, " * 12 + "end."
        app.review.set_note(entry, note)
        app.screen.refresh_review()
        await pilot.pause()
        assert any(b.startswith("note by you, ") and b.endswith(f": {note}") for b in blocks(app))
        await pilot.press("5", "G")
        shown = " ".join(s.text.strip() for s in app.screen.query_one(DetailView)._lines_shown())
        assert "end." in shown and "…" not in shown


async def test_marks_can_be_set_from_the_detail_pane(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "5", "v")
        actor = app.screen.query_one("#actors").current
        assert app.review.mark_of(actor.id) is not None
        assert any(b.startswith("verified by ") for b in blocks(app))


async def test_another_feature_adds_a_section_without_touching_the_pane(
    tmp_path: Path,
) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(DetailView)
        detail.sections = [*detail.sections, lambda entry: [Text(f"line of {entry.id}")]]
        await pilot.pause()
        assert blocks(app)[-1] == f"line of {detail.entry.id}"
        assert any(f"line of {detail.entry.id}" in line for line in widget_lines(app, detail))


EXTENSIONS_BUNDLE = """\
format = "story-bundle/1"

[story]
id = "ext"
headline = "Extensions"

[[paragraphs]]
id = "p1"
text = "Words."

[[events]]
id = "e1"
title = "An event"
when = ""
x-count = 3
x-tags = ["a", "b"]
x-evil = "\\u001b[31mred [bold]not markup[/bold]"
sources = [{ paragraph = "p1" }]
"""


async def test_extension_keys_are_shown_as_written_and_inert(tmp_path: Path) -> None:
    path = tmp_path / "ext.toml"
    path.write_text(EXTENSIONS_BUNDLE, encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = blocks(app)
        assert "x-count: 3" in shown
        assert 'x-tags: ["a", "b"]' in shown
        evil = next(b for b in shown if b.startswith("x-evil: "))
        assert "\x1b" not in evil and "␛[31mred [bold]not markup[/bold]" in evil
