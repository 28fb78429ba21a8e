"""The source view and the article: the selected entry's words highlighted, links marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    BUNDLES,
    _runs,
    article_block,
    entry_spans,
    isolated_review,
    load,
    open_app,
    source_paragraphs,
    source_visible_highlights,
    span_mask,
)

from tui.model.entities import Entry
from tui.model.safe_text import one_line, safe_text

TALL = (160, 50)

RSQUO = "\u2019"  # right single quotation mark


def expected_source(app: object, entry: Entry) -> list[tuple[str, str, list[str]]]:
    """(paragraph id, text, highlighted runs) the source view must show for `entry`:
    each paragraph its links point into, once, in the order of the links."""
    index = app.index  # type: ignore[attr-defined]
    shown: list[tuple[str, str, list[str]]] = []
    for link in entry.sources:
        if any(p == link.paragraph for p, _, _ in shown):
            continue
        paragraph = index.paragraphs[link.paragraph]
        text = safe_text(paragraph.text)
        marked = [False] * len(text)
        for start, end in entry_spans(entry, paragraph.id):
            marked[start:end] = [True] * (end - start)
        shown.append((paragraph.id, text, _runs(text, marked)))
    return shown


def check_source(app: object, entry: Entry) -> None:
    source = app.screen.query_one("#detail")  # type: ignore[attr-defined]
    assert source.entry is entry
    _, shown = source_paragraphs(source)
    expected = expected_source(app, entry)
    assert [s.heading.split(" · ")[0] for s in shown] == [f"¶ {p}" for p, _, _ in expected]
    for paragraph, (_, text, runs) in zip(shown, expected, strict=True):
        assert paragraph.plain == text
        assert paragraph.highlighted == runs, (entry.id, paragraph.highlighted, runs)
    # and the first highlighted words are in sight, even in a short pane
    wanted = [run for _, _, runs in expected for run in runs]
    if wanted:
        visible = source_visible_highlights(source)
        assert visible, (entry.id, "no highlighted words on screen")
        assert visible[0] == wanted[0] or (
            len(wanted[0]) > 80 and wanted[0].startswith(visible[0])
        ), (entry.id, visible, wanted)


@pytest.mark.parametrize(("key", "pane"), [("1", "timeline"), ("2", "actors"), ("3", "quotes")])
async def test_source_follows_the_cursor_through_a_list(
    key: str, pane: str, tmp_path: Path
) -> None:
    """Walking a whole list with j, the source view always shows the entry under the
    cursor: its paragraphs, with its exact words (and only those) highlighted."""
    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        entry_list = app.screen.query_one(f"#{pane}")
        assert app.focused is entry_list
        for position, entry in enumerate(entry_list.rows):
            assert entry_list.cursor == position
            assert entry_list.current is entry
            check_source(app, entry)
            await pilot.press("j")
        assert entry_list.cursor == len(entry_list.rows) - 1


async def test_source_view_shows_every_shipped_entry(tmp_path: Path) -> None:
    """The source view of each of the shipped story's 74 entries (set directly: following
    the cursor is tested above, and 74 key presses would cost seconds)."""
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        source = app.screen.query_one("#detail")
        bundle = app.bundle
        entries = [*bundle.events, *bundle.actors, *bundle.quotes]
        assert len(entries) == 74
        for entry in entries:
            source.entry = entry
            check_source(app, entry)


async def test_source_shows_concrete_highlights_second(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        source = app.screen.query_one("#detail")
        summary, shown = source_paragraphs(source)
        assert summary.startswith("Okafor organises the ferry crews — c. 2018 (around 2018)")
        assert [(s.heading, s.highlighted) for s in shown] == [
            (
                "¶ p4 · body · paragraph 4 of 6 · cited by 4",
                ["first organised the crews around 2018"],
            ),
        ]
        await pilot.press("2")  # Mira Okafor: two links in two paragraphs
        summary, shown = source_paragraphs(source)
        assert summary.startswith("Mira Okafor (person)")
        assert [(s.heading.split(" · ")[0], s.highlighted) for s in shown] == [
            ("¶ p2", [f"Mira Okafor, who leads the crews{RSQUO} union"]),
            ("¶ p4", ["Okafor first organised the crews"]),
        ]
        await pilot.press("3")  # direct quote linked to the paragraph only: its text lights up
        _, shown = source_paragraphs(source)
        assert [s.highlighted for s in shown] == [["We were left with no choice"]]
        await pilot.press("G")  # scare quote
        summary, shown = source_paragraphs(source)
        assert summary.startswith("Scare quote, the writer")
        assert [s.highlighted for s in shown] == [["temporary"]]
        await pilot.press("k")  # reported speech with exact
        _, shown = source_paragraphs(source)
        assert [s.highlighted for s in shown] == [["The authority said the timetable would be cut"]]


async def test_source_shows_concrete_highlights_shipped(tmp_path: Path) -> None:
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        source = app.screen.query_one("#detail")
        _, shown = source_paragraphs(source)
        assert [s.heading.split(" · ")[0] for s in shown] == ["¶ p7"]
        assert shown[0].highlighted == [app.screen.query_one("#quotes").current.text]
        await pilot.press("1")
        timeline = app.screen.query_one("#timeline")
        timeline.cursor = 11  # the 12th event: the offensive begins
        await pilot.pause()
        assert timeline.current.id == "offensive-begins"
        _, shown = source_paragraphs(source)
        assert [(s.heading.split(" · ")[0], s.highlighted) for s in shown] == [
            ("¶ p5", ["the offensive began last Saturday"]),
        ]
        await pilot.press("2")
        actors = app.screen.query_one("#actors")
        actors.cursor = 12
        await pilot.pause()
        assert actors.current.id == "sdf"
        _, shown = source_paragraphs(source)
        assert [(s.heading.split(" · ")[0], s.highlighted) for s in shown][:3] == [
            ("¶ p5", ["the Kurdish-dominated Syrian Democratic Forces"]),
            ("¶ p3", ["Syrian Democratic Forces (SDF) fighters stand guard"]),
            ("¶ p6", ["The Kurds"]),
        ]


# --- the article ----------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLES)
async def test_article_marks_every_linked_span_and_lists_citing_entries(
    name: str, tmp_path: Path
) -> None:
    app = open_app(name, tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("4")
        article = app.screen.query_one("#article")
        assert app.focused is article
        index = app.index
        for position, paragraph in enumerate(app.bundle.paragraphs):
            assert article.cursor == position
            assert article.paragraph is paragraph
            block = article_block(article)
            assert block.plain == safe_text(paragraph.text)
            citing = index.citing.get(paragraph.id, ())
            spans = [span for entry in citing for span in entry_spans(entry, paragraph.id)]
            assert block.linked == span_mask(paragraph, spans), paragraph.id
            if citing:
                assert block.citing_line is not None, paragraph.id
                labels = " · ".join(one_line(e.label) for e in citing)
                expected = f"↳ {len(citing)}: {labels}"
                shown = block.citing_line.removesuffix("…")
                assert expected.startswith(shown), (shown, expected)
                assert len(shown) >= min(len(expected), 40)
            else:
                assert block.citing_line is None, paragraph.id
            if name == "second":
                await pilot.press("j")
            else:  # 22 paragraphs: move as j does, without the cost of a key press each
                article.cursor += 1


async def test_article_citing_lines_second(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=(400, 50)) as pilot:
        await pilot.press("4")
        article = app.screen.query_one("#article")
        lines = {}
        for paragraph in app.bundle.paragraphs:
            lines[paragraph.id] = article_block(article).citing_line
            await pilot.press("j")
        assert lines == {
            "p1": "↳ 1: Kestrel Bay",
            "p2": "↳ 5: Crews walk out after the talks collapse · Mira Okafor · "
            "Harbour Authority · Ferry crews · We were left with no choice",
            "p3": "↳ 3: Timetable cut to two crossings a day · The authority said the "
            "timetable would be cut to two crossings a day until the dispute ends · temporary",
            "p4": "↳ 4: Okafor organises the ferry crews · Pay talks open with the Harbour "
            "Authority · Three weeks of negotiation · Mira Okafor",
            "p5": None,  # the lighthouse: nothing cites it
            "p6": None,
        }


async def test_article_highlights_the_selected_entry(tmp_path: Path) -> None:
    app = open_app("second", tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("2", "j")  # Harbour Authority, linked in p2
        article = app.screen.query_one("#article")
        assert article.entry.id == "harbour-authority"
        article.cursor = 1
        await pilot.pause()
        assert article_block(article).highlighted_runs() == ["the Harbour Authority"]
        # the walk-out's words run on from the crews' (both linked): one marked run
        assert article_block(article).linked_runs() == [
            "Ferry crews in Kestrel Bay walked out on Thursday",
            "the Harbour Authority",
            "We were left with no choice",
            f"Mira Okafor, who leads the crews{RSQUO} union",
        ]


async def test_a_cursor_move_repaints_lines_not_whole_panes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every line repainted is sent down the wire: a cursor move must ask for the lines that
    # changed, never for the whole list or source view.
    app = open_app("shipped", tmp_path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        screen = app.screen
        asked: list[tuple[str, tuple[object, ...]]] = []
        for name in ("#timeline", "#detail"):
            widget = screen.query_one(name)

            def spy(*regions: object, _widget: object = widget, **options: object) -> object:
                asked.append((str(_widget.id), regions))  # type: ignore[attr-defined]
                return type(_widget).refresh(_widget, *regions, **options)  # type: ignore[arg-type]

            monkeypatch.setattr(widget, "refresh", spy)
        for _ in range(4):
            await pilot.press("j")
            await pilot.pause()  # drawn before the next key, as at a person's pace
        assert {name for name, _ in asked} == {"timeline", "detail"}
        whole = [name for name, regions in asked if not regions]
        assert not whole, f"whole-widget repaints on a cursor move: {whole}"


async def test_the_mouse_wheel_scrolls_the_source_pane_within_its_lines(tmp_path: Path) -> None:
    from textual.events import MouseScrollDown, MouseScrollUp

    app = open_app("shipped", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        source = app.screen.query_one("#detail")

        def first_line() -> str:
            return str(source.render_line(0).text)

        def wheel(event: type[MouseScrollDown | MouseScrollUp], times: int) -> None:
            for _ in range(times):
                source.post_message(event(source, 1, 1, 0, 0, 0, False, False, False))

        wheel(MouseScrollUp, 200)  # from the top: the pane may open scrolled to the words
        await pilot.pause()
        top = first_line()
        wheel(MouseScrollDown, 1)
        await pilot.pause()
        assert first_line() != top
        wheel(MouseScrollDown, 200)  # no further than the last line
        await pilot.pause()
        last = str(source.render_line(source.size.height - 1).text)
        assert last.strip(), "scrolled past the end"
        wheel(MouseScrollUp, 200)
        await pilot.pause()
        assert first_line() == top
