"""What the story screen lists: header, timeline, actors and quotes rows, on both bundles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    BUNDLES,
    WIDE,
    isolated_review,
    load,
    open_app,
    plain_row,
    screen_lines,
    widget_lines,
)

from tui.app import BaghouzApp
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.model.safe_text import one_line
from tui.widgets.entry_list import EntryList
from tui.widgets.entry_rows import BADGE_WIDTH

ROW_WIDTH = 110  # wide enough that a row holds every column

DASH = "\u2013"  # en dash, between the ends of an interval


# --- header ---------------------------------------------------------------------------


HEADERS = {
    "shipped": (
        "Isis stall advance of US-backed forces in eastern Syria",
        "· The Irish Times · 13 Feb 2019?",
    ),
    "second": (
        "Ferry crews walk out as Kestrel Bay talks collapse",
        "· The Kestrel Courier · Tomas Vey · 5 Mar 2021",
    ),
}


def check_header(app: BaghouzApp, name: str) -> None:
    headline, meta = HEADERS[name]
    top = screen_lines(app)[0]
    assert top.startswith(f" {headline}  {meta}"), top


# --- timeline -------------------------------------------------------------------------


SECOND_TIMELINE = [
    ("crews-organised", "c. 2018", "around 2018", "Okafor organises the ferry crews"),
    ("talks-open", "Feb 2021?", "last month", "Pay talks open with the Harbour Authority"),
    ("negotiation", f"11 Feb {DASH} 4 Mar 2021", "for three weeks", "Three weeks of negotiation"),
    ("walkout", "4 Mar 2021", "on Thursday", "Crews walk out after the talks collapse"),
    ("timetable-cut", "undated", "", "Timetable cut to two crossings a day"),  # no `when`
]

SHIPPED_TIMELINE_SAMPLES = {
    # id: (date as printed, when)
    "isi-founded": ("c. 2003", "a decade earlier"),
    "isis-founded": ("2013", "2013"),
    "caliphate-at-height": ("undated", "once"),
    "caliphate-shrivels": (f"? {DASH} 13 Feb 2019?", ""),
    "civilians-flee-before-offensive": (f"19 Jan {DASH} 9 Feb 2019", "in the three weeks"),
    "offensive-begins": ("9 Feb 2019", "last Saturday"),
    "air-raids": ("from 9 Feb 2019", ""),
    "isis-recaptures-positions": (f"9{DASH}12 Feb 2019", ""),
    "sdf-seizes-positions": (f"9{DASH}12 Feb 2019", "after the offensive"),
    "civilians-human-shields": ("undated", ""),
    "kurds-regain-ground": ("12 Feb 2019", "on Tuesday"),
}


def check_second_timeline(app: BaghouzApp) -> None:
    timeline = app.screen.query_one("#timeline")
    assert [event.id for event in timeline.rows] == [row[0] for row in SECOND_TIMELINE]
    for event, (_, date, when, title) in zip(timeline.rows, SECOND_TIMELINE, strict=True):
        plain = plain_row(timeline, event, ROW_WIDTH)
        assert re.search(rf"{re.escape(date)}\s+{re.escape(when)}\s+{re.escape(title)}$", plain), (
            plain
        )


def check_shipped_timeline(app: BaghouzApp) -> None:
    bundle, _ = load_bundle(shipped_bundle_path())  # read afresh, not the app's copy
    timeline = app.screen.query_one("#timeline")
    assert [e.id for e in timeline.rows] == [e.id for e in bundle.events]
    assert len(timeline.rows) == 27
    seen = set()
    for event in timeline.rows:
        plain = plain_row(timeline, event, ROW_WIDTH)
        date = event.date.display() if event.date else "undated"
        assert plain.lstrip().startswith(date), plain
        assert one_line(event.when)[:18] in plain, plain
        assert plain.endswith(one_line(event.title)), plain
        if event.id in SHIPPED_TIMELINE_SAMPLES:
            printed, when = SHIPPED_TIMELINE_SAMPLES[event.id]
            assert re.search(rf"^\s*{re.escape(printed)}\s+{re.escape(when)}", plain), plain
            seen.add(event.id)
    assert seen == set(SHIPPED_TIMELINE_SAMPLES)


def check_timeline_on_screen(app: BaghouzApp) -> None:
    timeline = app.screen.query_one("#timeline")
    lines = widget_lines(app, timeline)
    height = timeline.scrollable_content_region.height - 1  # rows under the headings
    for event in timeline.rows[:height]:
        date = event.date.display() if event.date else "undated"
        title_start = one_line(event.title)[:20]
        assert any(date in line and title_start in line for line in lines), (date, title_start)


async def test_timeline_on_screen_shows_when_in_wide_layout(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        lines = widget_lines(app, app.screen.query_one("#timeline"))
        for _, date, when, _title in SECOND_TIMELINE:
            # 120 columns: the title keeps half the row, the `when` shrinks to fit
            assert any(date in line and when[:8] in line for line in lines), (date, when)


async def test_timeline_on_screen_shows_when_in_narrow_layout(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = widget_lines(app, app.screen.query_one("#timeline"))
        for _, date, when, title in SECOND_TIMELINE:
            assert any(date in line and when in line and title[:15] in line for line in lines), (
                date,
                when,
            )


async def test_selecting_a_row_finds_that_row_or_an_equal_one_and_nothing_else(
    tmp_path: Path,
) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        timeline = app.screen.query_one("#timeline", EntryList)
        events = list(timeline.rows)
        last = len(events) - 1
        assert timeline.select(events[last]) and timeline.cursor == last
        # a copy equal to a row (the bundle as it was before a save) finds it too
        assert timeline.select(type(events[1])(*events[1])) and timeline.cursor == 1
        # a row that is not there moves nothing
        changed = events[0]._replace(title=events[0].title + " (edited)")
        assert not timeline.select(changed) and timeline.cursor == 1
        # new rows: positions are those of the new list, not of the old one
        timeline.set_rows(events[::-1])
        assert timeline.select(events[last]) and timeline.cursor == 0
        assert timeline.select(events[0]) and timeline.cursor == last
        timeline.set_rows(events[1:])
        assert not timeline.select(events[0])


# --- actors ---------------------------------------------------------------------------

SECOND_ACTORS = [
    ("mira-okafor", "Mira Okafor", "person", 4, "Okafor"),
    (
        "harbour-authority",
        "Harbour Authority",
        "organisation",
        6,
        "the authority, The authority",
    ),
    ("ferry-crews", "Ferry crews", "group", 3, None),
    ("kestrel-bay", "Kestrel Bay", "place", 0, None),
]


def check_second_actors(app: BaghouzApp) -> None:
    actors = app.screen.query_one("#actors")
    assert [a.id for a in actors.rows] == [row[0] for row in SECOND_ACTORS]
    for actor, (_, name, kind, count, aliases) in zip(actors.rows, SECOND_ACTORS, strict=True):
        plain = plain_row(actors, actor, ROW_WIDTH)
        pattern = rf"{re.escape(name)}\s+{kind}\s+{count}\b"
        assert re.search(pattern, plain), plain
        if aliases:
            assert plain.rstrip().endswith(f"{count} {aliases}"), plain
        else:
            assert plain.rstrip().endswith(f" {count}"), plain


def check_shipped_actors(app: BaghouzApp) -> None:
    bundle, _ = load_bundle(shipped_bundle_path())  # read afresh, not the app's copy
    actors = app.screen.query_one("#actors")
    index = app.index
    assert [a.id for a in actors.rows] == [a.id for a in bundle.actors]
    assert len(actors.rows) == 41
    for actor in actors.rows:
        plain = plain_row(actors, actor, ROW_WIDTH)
        count = len(index.involving.get(actor.id, ()))
        name = one_line(actor.name)[:27]
        assert re.search(rf"{re.escape(name)}.*\s{actor.kind}\s+{count}\b", plain), plain
        for alias in actor.aliases:
            assert one_line(alias) in plain, (alias, plain)
    isis = plain_row(actors, bundle.actors[0], ROW_WIDTH)
    assert re.search(r"Islamic State \(Isis\)\s+group\s+17\s+Islamic State, Isis,", isis)
    ryan = next(a for a in bundle.actors if a.id == "sean-ryan")
    assert re.search(r"Col Sean Ryan\s+person\s+1\b", plain_row(actors, ryan, ROW_WIDTH))


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(
            (100, 30),
        ),
        WIDE,
    ],
)
async def test_actor_counts_visible_on_screen(size: tuple[int, int], tmp_path: Path) -> None:
    """Every actor row on screen shows its count in the wide layout, from 100 columns up."""
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        actors = app.screen.query_one("#actors")
        lines = widget_lines(app, actors)
        height = actors.scrollable_content_region.height - 1  # rows under the headings
        assert height >= 3
        for actor in actors.rows[:height]:
            count = len(app.index.involving.get(actor.id, ()))
            line = next(line for line in lines if one_line(actor.name)[:20] in line)
            assert re.search(rf"{actor.kind}\s+{count}\b", line), line


# --- quotes ---------------------------------------------------------------------------


SECOND_QUOTES = [
    ("q-no-choice", "DIRECT", "Mira Okafor", "said", "“We were left with no choice”"),
    (
        "q-timetable",
        "REPORT",
        "Harbour Authority",
        "said",
        "The authority said the timetable would be cut to two crossings a day until the dispute "
        "ends",
    ),
    ("q-temporary", "SCARE", "(writer)", "called", "“temporary”"),
]


def check_second_quotes(app: BaghouzApp) -> None:
    quotes = app.screen.query_one("#quotes")
    assert [q.id for q in quotes.rows] == [row[0] for row in SECOND_QUOTES]
    for quote, (_, kind, speaker, cue, text) in zip(quotes.rows, SECOND_QUOTES, strict=True):
        plain = plain_row(quotes, quote, ROW_WIDTH)
        pattern = rf"^\s*{kind}\s+{re.escape(speaker)}\s+{cue}\s+{re.escape(text)}$"
        assert re.search(pattern, plain), plain
    # reported speech is not dressed up as a quotation
    assert "“" not in plain_row(quotes, quotes.rows[1], ROW_WIDTH)


def check_quote_kinds(app: BaghouzApp) -> None:
    """Each kind has its own label and its own style (not colour alone: label differs)."""
    quotes = app.screen.query_one("#quotes")
    labels: dict[str, str] = {}
    styles: dict[str, str] = {}
    for quote in quotes.rows:
        text = quotes.render_row(quote, ROW_WIDTH)
        label = text.plain[BADGE_WIDTH : BADGE_WIDTH + 6].strip()  # after the review badge
        labels.setdefault(quote.kind, label)
        assert labels[quote.kind] == label
        span = next(s for s in text.spans if s.start <= BADGE_WIDTH < s.end)
        styles.setdefault(quote.kind, str(span.style))
    assert set(labels) == {"direct", "reported", "scare"}
    assert len(set(labels.values())) == 3
    assert len(set(styles.values())) == 3, styles


def check_shipped_quotes(app: BaghouzApp) -> None:
    bundle, _ = load_bundle(shipped_bundle_path())  # read afresh, not the app's copy
    quotes = app.screen.query_one("#quotes")
    assert [q.id for q in quotes.rows] == [q.id for q in bundle.quotes]
    rows = {q.id: plain_row(quotes, q, 400) for q in quotes.rows}
    assert re.search(
        r"DIRECT\s+Col Sean Ryan\s+said\s+“The progress is slow", rows["q-ryan-slow-progress"]
    )
    assert re.search(
        r"REPORT\s+Donald Trump\s+predicted\s+US president Donald Trump",
        rows["q-trump-victory-within-days"],
    )
    assert re.search(r"SCARE\s+\(writer\)\s+“caliphate”$", rows["q-scare-caliphate"])
    for quote in quotes.rows:
        assert one_line(quote.text) in rows[quote.id]


async def test_quote_cue_on_screen_in_wide_layout(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        lines = widget_lines(app, app.screen.query_one("#quotes"))
        assert any("Mira Okafor" in line and " said " in line for line in lines)
        assert any("(writer)" in line and " called " in line for line in lines)


# --- each bundle in one app -----------------------------------------------------------


async def test_second_bundle_header_and_rows(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        check_header(app, "second")
        check_second_timeline(app)
        check_timeline_on_screen(app)
        check_second_actors(app)
        check_second_quotes(app)
        check_quote_kinds(app)


async def test_shipped_story_header_and_rows(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        check_header(app, "shipped")
        check_shipped_timeline(app)
        check_timeline_on_screen(app)
        check_shipped_actors(app)
        check_shipped_quotes(app)
        check_quote_kinds(app)


# --- wide characters and short columns ------------------------------------------------------

WIDE_TEXT_BUNDLE = """\
format = "story-bundle/1"

[story]
id = "wide-text"
headline = "東京で会談 — talks in Tokyo end without a deal"

[[paragraphs]]
id = "p1"
text = "東京の会談は合意なしに終わった。外相は「交渉は続く」と述べた。Ana Ruiz left today."

[[actors]]
id = "gaimusho"
name = "外務大臣事務所"
kind = "organisation"
sources = [{ paragraph = "p1", exact = "外相" }]

[[actors]]
id = "ana-ruiz"
name = "Ana Ruiz"
kind = "person"
sources = [{ paragraph = "p1", exact = "Ana Ruiz" }]

[[events]]
id = "talks-end"
title = "東京の会談が合意なしに終わる"
when = "月曜日"
date = "2024-03-04"
sources = [{ paragraph = "p1", exact = "東京の会談は合意なしに終わった" }]

[[events]]
id = "ana-leaves"
title = "Ana Ruiz leaves"
when = "today"
sources = [{ paragraph = "p1", exact = "Ana Ruiz left today" }]

[[quotes]]
id = "q1"
kind = "direct"
speaker = "gaimusho"
cue = "述べた"
text = "交渉は続く"
sources = [{ paragraph = "p1" }]

[[quotes]]
id = "q2"
kind = "direct"
speaker = "ana-ruiz"
text = "Ana Ruiz left today"
sources = [{ paragraph = "p1" }]
"""


async def test_columns_line_up_in_cells_and_short_when_columns_show(tmp_path: Path) -> None:
    """A CJK character takes two cells: columns are measured in cells, not characters; and
    a `when` column whose every entry is short still shows."""
    from rich.cells import cell_len

    path = tmp_path / "wide.toml"
    path.write_text(WIDE_TEXT_BUNDLE, encoding="utf-8")
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = widget_lines(app, app.screen.query_one("#timeline"))
        assert any("4 Mar 2024" in line and "月曜日" in line for line in lines), lines
        assert any("undated" in line and "today" in line for line in lines), lines
        # the title column starts at the same cell in both rows
        starts = [
            cell_len(line[: line.index(title)])
            for title in ("東京の会談", "Ana Ruiz leaves")
            for line in lines
            if title in line
        ]
        assert len(starts) == 2 and starts[0] == starts[1], lines
        await pilot.press("2")
        lines = widget_lines(app, app.screen.query_one("#actors"))
        # the longest name, in cells, is shown whole, and the kind column lines up after it
        kinds = [
            cell_len(line[: line.index(kind)])
            for kind in ("organisation", "person")
            for line in lines
            if kind in line
        ]
        assert len(kinds) == 2 and kinds[0] == kinds[1], lines
        assert any("外務大臣事務所 organisation" in line for line in lines), lines
        await pilot.press("3")
        lines = widget_lines(app, app.screen.query_one("#quotes"))
        texts = [
            cell_len(line[: line.index(text)])
            for text in ("“交渉は続く”", "“Ana Ruiz left today”")
            for line in lines
            if text in line
        ]
        assert len(texts) == 2 and texts[0] == texts[1], lines
        assert any("外務大臣事務所 述べた" in line for line in lines), lines
