"""Bundle text is data: markup, emoji codes and terminal controls are shown, never obeyed.

tests/app_fixtures/hostile.toml puts Rich/Textual markup (`[bold]`, `[@click=app.quit]`,
`[link=…]`), emoji codes (`:smile:`) and controls written as TOML escapes (ESC sequences,
an OSC 8 hyperlink, the C1 CSI U+009B, the bidi override U+202E) into every kind of text
the app shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    HOSTILE,
    UNSAFE,
    article_block,
    isolated_review,
    load,
    open_app,
    plain_row,
    run_tui,
    screen_lines,
    screen_segments,
    source_paragraphs,
    svg_text,
    widget_lines,
)

from tui.app import BaghouzApp
from tui.model.load import check_file, load_bundle
from tui.model.safe_text import one_line, safe_text
from tui.screens.entry_form import EntryForm

ESC = "\u241b"  # ␛, the visible stand-in for ESC
BEL = "\u2407"  # ␇
REPLACEMENT = "\ufffd"  # C1 controls and bidi overrides
SIZE = (240, 50)  # wide enough that the longest hostile paragraph stays on one line
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def assert_clean(app: BaghouzApp, where: str, screenshot: bool = True) -> None:
    """Nothing the terminal would obey, and no emoji made from a code, on screen now: in
    the segments the compositor sends and (unless told not to, it is slow) the screenshot."""
    for segment in screen_segments(app):
        assert not UNSAFE.search(segment.text), (where, segment)
        assert not EMOJI.search(segment.text), (where, segment)
    if screenshot:
        exported = svg_text(app)
        assert not UNSAFE.search(exported), where
        assert not EMOJI.search(exported), where


# --- check ----------------------------------------------------------------------------


def test_check_warns_about_control_characters_and_passes() -> None:
    _, warnings = load_bundle(HOSTILE)
    assert {w.code for w in warnings} == {"control-character"}
    assert all(w.severity == "warning" for w in warnings)
    result = run_tui("check", "tests/app_fixtures/hostile.toml")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    lines = out.splitlines()
    assert len(lines) == len(warnings) >= 10
    assert all(": warning: " in line for line in lines)
    for code_point in ("U+001B", "U+009B", "U+202E"):
        assert any(code_point in line for line in lines), code_point
    assert any(
        line.startswith("tests/app_fixtures/hostile.toml:9: story: warning: `headline`")
        for line in lines
    )
    assert result.stderr.decode("utf-8").strip() == (
        f"tests/app_fixtures/hostile.toml: ok ({len(warnings)} warnings)"
    )
    for stream in (result.stdout, result.stderr):
        assert not UNSAFE.search(stream.decode("utf-8").replace("\n", "")), stream


def test_a_string_with_several_controls_names_each_of_them_once() -> None:
    """One warning for the string, naming every kind of control in it (the first alone
    hid an OSC's BEL and a bidi override behind the ESC before them)."""
    _, warnings = load_bundle(HOSTILE)
    by_line = {w.line: w.message for w in warnings}
    assert by_line[10].startswith(  # "\u001b]8;;http://evil\u0007": ESC twice, BEL once
        "`outlet` contains the control characters U+001B and U+0007; they are shown"
    )
    assert "U+001B, U+0007, U+009B, U+202E and U+202C" in by_line[19]
    assert by_line[9].startswith("`headline` contains the control character U+001B; it is")
    # in a link, which one
    assert by_line[55].startswith("`sources[0].exact` contains the control characters U+001B")


def test_controls_in_an_extension_s_key_and_values_are_warned_about() -> None:
    """An x- extension is carried through untouched, but the detail pane and the form show
    its key and its strings: check warns of them as of any other text."""
    _, warnings = load_bundle(HOSTILE)
    said = [(w.line, w.message) for w in warnings if w.entry == "e-control"]
    key = "'x-\\x1b]0;PWNED\\x07\\x1b[2J'"  # as repr() writes it: no control in a message
    assert (
        56,
        f"the key `{key}` contains the control characters U+001B and U+0007; they are shown "
        "as visible placeholders, never sent to the terminal",
    ) in said
    assert any(
        line == 56 and m.startswith(f"`{key}` contains the control character U+001B")
        for line, m in said
    )
    # In a table of the extension's, its keys and its strings.
    assert [m.split(";")[0] for line, m in said if line == 57] == [
        "`x-desk` contains the control character U+009B",
        "`x-desk` contains the control character U+202E",
    ]
    assert not any(UNSAFE.search(w.message) for w in warnings)


def test_a_top_level_extension_with_a_control_is_named_as_its_entry(tmp_path: Path) -> None:
    """At the top level there is no entry id: the key names itself, as other keys do (a
    warning with no entry was found by the random-document property test)."""
    path = tmp_path / "top.toml"
    path.write_text('x-note = "\\u001f"\n' + HOSTILE.read_text(encoding="utf-8"), "utf-8")
    for problems in (load_bundle(path)[1], check_file(path)[1]):
        top = [p for p in problems if p.line == 1]
        assert [(p.entry, p.code) for p in top] == [("x-note", "control-character")]


def test_a_string_with_many_kinds_of_control_names_a_few(tmp_path: Path) -> None:
    text = HOSTILE.read_text(encoding="utf-8").replace(
        'outlet = "', 'outlet = "' + "".join(f"\\u{code:04x}" for code in range(1, 9)), 1
    )
    path = tmp_path / "many.toml"  # nine kinds: U+0001 to U+0008 (BEL among them), ESC
    path.write_text(text, encoding="utf-8")
    _, warnings = load_bundle(path)
    outlet = next(w.message for w in warnings if w.message.startswith("`outlet`"))
    assert "U+0001, U+0002, U+0003, U+0004 and 5 more; they are shown" in outlet, outlet


# --- literal text ---------------------------------------------------------------------


async def test_markup_and_emoji_codes_are_shown_literally(tmp_path: Path) -> None:
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        header = screen_lines(app)[0]
        assert header.startswith(
            f" [bold]Loud[/bold] headline [@click=app.quit]click[/] :smile: {ESC}[31mred{ESC}[0m"
            f"  · [link=http://x]Outlet[/link] {ESC}]8;;http://evil{BEL} · 2 Jan 2020"
        ), header

        timeline = screen.query_one("#timeline")
        rows = [plain_row(timeline, event, 150) for event in timeline.rows]
        assert " ".join(rows[0].split()) == (
            "1 Jan 2020 [i]when[/i] :smile: [bold]Bold[/bold] event "
            "[@click=app.quit]click[/] [link=http://x]"
        )
        assert " ".join(rows[1].split()) == (
            f"2 Jan 2020 {ESC}[5mblink Control {ESC}]8;;http://evil{BEL}title{ESC}]8;;{BEL} "
            f"{REPLACEMENT}2J {REPLACEMENT}evil"
        )

        actors = screen.query_one("#actors")
        rows = [plain_row(actors, actor, 150) for actor in actors.rows]
        assert re.match(
            r"\[bold\]Mark\[/bold\] Up :smile:\s+person\s+2\s+"
            rf"\[@click=app\.quit\]click\[/\], {REPLACEMENT}evil{REPLACEMENT}$",
            rows[0],
        ), rows[0]
        assert rows[1].startswith(f"Control {ESC}[31mCrew{REPLACEMENT}1m {REPLACEMENT}weN")

        quotes = screen.query_one("#quotes")
        rows = [plain_row(quotes, quote, 150) for quote in quotes.rows]
        assert rows[0].endswith(f"[b]said[/b] “[bold]never[/bold] :smile: {ESC}[2J”"), rows[0]
        assert re.search(  # the cue column, then the words
            rf"{REPLACEMENT}claimed\s+\[link=http://x\]link and :smile: here {REPLACEMENT}evil$",
            rows[1],
        ), rows[1]
        assert rows[2].endswith(f"“bidi {REPLACEMENT}gnp.exe{REPLACEMENT}”"), rows[2]

        # on screen too, brackets and all
        text = "\n".join(screen_lines(app))
        for literal in (
            "[bold]Bold[/bold] event [@click=app.quit]click[/] [link=http://x]",
            "[bold]Mark[/bold] Up :smile:",
            "Plain [bold]x[/bold] and [@click=app.quit]click[/] and "
            "[link=http://x]link and :smile: here.",
        ):
            assert literal in text, literal
        exported = svg_text(app)
        assert "[bold]Loud[/bold] headline [@click=app.quit]click[/] :smile:" in exported
        assert f"Control {ESC}]8;;http://evil{BEL}title" in exported
        assert_clean(app, "start")


async def test_source_and_article_show_literal_text_with_highlights(tmp_path: Path) -> None:
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j")  # the event whose exact words hold an OSC 8 hyperlink
        _, shown = source_paragraphs(app.screen.query_one("#detail"))
        assert [p.highlighted for p in shown] == [[f"osc {ESC}]8;;http://evil{BEL}hyper"]]
        assert shown[0].plain == safe_text(app.bundle.paragraphs[1].text)
        await pilot.press("2", "j")  # the actor linked to the ESC[31m words
        _, shown = source_paragraphs(app.screen.query_one("#detail"))
        assert [p.highlighted for p in shown] == [[f"{ESC}[31mred{ESC}[0m"]]
        await pilot.press("enter")
        article = app.screen.query_one("#article")
        block = article_block(article)
        assert block.plain == (
            f"Escape {ESC}[31mred{ESC}[0m then osc {ESC}]8;;http://evil{BEL}hyper{ESC}]8;;{BEL} "
            f"then csi {REPLACEMENT}2J then bidi {REPLACEMENT}gnp.exe{REPLACEMENT} end."
        )
        assert block.highlighted_runs() == [f"{ESC}[31mred{ESC}[0m"]
        assert f"bidi {REPLACEMENT}gnp.exe{REPLACEMENT}" in block.linked_runs()
        assert_clean(app, "article p2")


async def test_no_control_character_reaches_the_screen_anywhere(tmp_path: Path) -> None:
    """Walk every row of every list and every paragraph, open the picker, filter, search:
    after each step, no segment on screen and nothing in the screenshot is a control."""
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, pane in (("1", "timeline"), ("2", "actors"), ("3", "quotes")):
            await pilot.press(key)
            entry_list = app.screen.query_one(f"#{pane}")
            for position in range(len(entry_list.rows)):
                entry_list.cursor = position  # j does this; keys are tested elsewhere
                await pilot.pause()
                row = entry_list.current
                rendered = entry_list.render_row(row, 150).render(app.console)
                assert not any(UNSAFE.search(s.text) for s in rendered), (pane, row.id)
                assert_clean(app, f"{pane} {row.id}", screenshot=position == 0)
        await pilot.press("4")
        article = app.screen.query_one("#article")
        for position in range(3):
            article.cursor = position
            await pilot.pause()
            assert_clean(app, f"paragraph {position}", screenshot=position == 1)
        await pilot.press("enter")  # the picker lists the labels of p3's entries
        lines = "\n".join(screen_lines(app))
        assert f"[bold]never[/bold] :smile: {ESC}[2J" in lines
        assert_clean(app, "picker")
        await pilot.press("escape", "g", "enter")
        lines = "\n".join(screen_lines(app))
        assert "[link=http://x]link and :smile: here" in lines
        assert_clean(app, "picker p1")
        await pilot.press("enter")  # choose the event: back on the timeline
        assert app.screen.query_one("#timeline").current.id == "e-markup"
        await pilot.press("2", "j", "a")  # filter by the actor with controls in its name
        title = str(app.screen.query_one("#timeline-pane").border_title)
        assert f"involving Control {ESC}[31mCrew{REPLACEMENT}1m {REPLACEMENT}weN" in title
        assert_clean(app, "filter")
        await pilot.press("escape", "slash", *"[bo")
        screen = app.screen
        assert [hit.id for hit in screen.hits.hits] == [
            "e-markup",
            "markup-man",
            "q-markup",
            "p1",
            "p3",
        ]
        assert screen.query_one("#search-input").value == "[bo"
        assert_clean(app, "search")


async def test_every_entry_s_form_opens_and_shows_its_keys_literally(tmp_path: Path) -> None:
    """Markup in an extension's key (`x-[/b]`) crashed the form, a key with a letter no
    widget id allows (`x-café`) too, and an ESC in one reached the detail pane's label."""
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for key, pane in (("1", "timeline"), ("2", "actors"), ("3", "quotes")):
            await pilot.press(key)
            entry_list = app.screen.query_one(f"#{pane}")
            for position in range(len(entry_list.rows)):
                entry_list.cursor = position
                await pilot.pause()
                entry = entry_list.current
                await pilot.press("E")
                await pilot.pause()
                form = app.screen
                assert isinstance(form, EntryForm), (pane, entry.id)
                assert_clean(app, f"form of {entry.id}", screenshot=False)
                if entry.id == "e-markup":
                    lines = "\n".join(screen_lines(app))
                    assert "x-[/b]" in lines and "x-café" in lines
                    assert form.collect()["x-café"] == "a key no widget id can hold as it is"
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.screen, EntryForm), entry.id


async def test_notifications_show_names_literally(tmp_path: Path) -> None:
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2", "a")
        messages = [str(n.message) for n in app._notifications]
        assert any("[bold]Mark[/bold] Up :smile:" in m for m in messages), messages
        await pilot.pause()
        toasts = [line for toast in app.screen.query("Toast") for line in widget_lines(app, toast)]
        assert any("[bold]Mark[/bold]" in line for line in toasts), toasts
        assert_clean(app, "toast")


async def test_click_markup_in_text_does_nothing(tmp_path: Path) -> None:
    """`[@click=app.quit]click[/]` in a headline, a title or a paragraph is text: clicking
    it must not quit the app."""
    app = open_app("hostile", tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        targets = []
        for y, line in enumerate(lines[:12]):
            for match in re.finditer(r"\[@click=app\.quit\]click", line):
                targets.append((match.start() + len("[@click=app.quit]") + 2, y))
        assert len(targets) >= 3  # header, timeline row, source paragraph, article
        for x, y in targets:
            await pilot.click(offset=(x, y))
            assert app.is_running
            assert app.return_code is None
        await pilot.press("1")
        assert app.screen.query_one("#timeline").cursor == 0


def test_hostile_bundle_model_keeps_the_raw_text(tmp_path: Path) -> None:
    """The stand-ins are for display only: the model keeps the bundle's characters."""
    bundle = load("hostile", tmp_path)
    assert "\u001b[31m" in bundle.story.headline
    assert one_line(bundle.story.headline).count(ESC) == 2
    assert bundle.quotes[2].text == "bidi \u202egnp.exe\u202c"
