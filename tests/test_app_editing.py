"""Fixing a story in the app: `c` create from selected words, `E` edit, `+` add a source,
`D` delete, `u` / `ctrl+y` / `U` undo and redo, `o` $EDITOR, the file watched on disk,
conflicts, and the shipped story edited as a copy. Each saves through the story writer: the
file on disk is what these tests read back."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_helpers import FIXTURES, isolated_review, screen_lines, type_ahead  # noqa: F401  (autouse)

from tui.app import BaghouzApp
from tui.model.content import shipped_bundle_path
from tui.model.entities import Actor, Event, Quote
from tui.model.load import load_bundle
from tui.review.session import ReviewSession
from tui.screens.confirm_screen import ConfirmScreen
from tui.screens.conflict_screen import DIFFERS, SAME, ConflictScreen, fields_text
from tui.screens.copy_prompt import CopyPrompt
from tui.screens.entry_form import EntryForm
from tui.screens.main_screen import MainScreen
from tui.screens.type_chooser import TypeChooser
from tui.widgets.article_view import ArticleView
from tui.widgets.safe_editors import SafeInput

SIZE = (120, 40)


def story_copy(name: str, tmp_path: Path) -> Path:
    """A private, editable copy: the shipped story's text or tests/app_fixtures/NAME.toml."""
    source = shipped_bundle_path() if name == "shipped" else FIXTURES / f"{name}.toml"
    target = tmp_path / ("baghouz.toml" if name == "shipped" else f"{name}.toml")
    shutil.copyfile(source, target)
    return target


def app_on(path: Path, **options: object) -> BaghouzApp:
    bundle, warnings = load_bundle(path)
    return BaghouzApp(bundle, warnings=warnings, **options)  # type: ignore[arg-type]


async def settle(pilot: object) -> None:
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]


def main_of(app: BaghouzApp) -> MainScreen:
    main = app.main_screen
    assert main is not None
    return main


async def select_words(pilot: object, app: BaghouzApp, words: str) -> None:
    """Select `words` in the article the keyboard way: / then enter (stepping to the
    article's hit if an entry matched first)."""
    await pilot.press("slash", *words, "enter")  # type: ignore[attr-defined]
    await settle(pilot)
    article = main_of(app).query_one(ArticleView)
    for _ in range(20):
        if app.screen.focused is article:
            break
        await pilot.press("n")  # type: ignore[attr-defined]
    selection = article.selection()
    assert selection is not None
    paragraph, start, end = selection
    assert paragraph.text[start:end].lower() == words.lower()


# --- c: create from the selection ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [("second", "old lighthouse"), ("shipped", "booby traps")],
)
async def test_c_e_creates_an_event_linked_to_the_selected_words(
    name: str, words: str, tmp_path: Path
) -> None:
    path = story_copy(name, tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await select_words(pilot, app, words)
        await pilot.press("c")
        assert isinstance(app.screen, TypeChooser)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.focused is not None and form.focused.id == "field-title"
        await pilot.press(*"A new event")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        current = main_of(app).timeline.current
        assert isinstance(current, Event) and current.title == "A new event"
    bundle, _ = load_bundle(path)  # the file passes check
    event = next(e for e in bundle.events if e.title == "A new event")
    link = event.sources[0]
    assert link.exact.lower() == words.lower()
    paragraph = next(p for p in bundle.paragraphs if p.id == link.paragraph)
    assert paragraph.text[link.start : link.end].lower() == words.lower()
    # Everything that was in the file is still there, byte for byte, in order.
    after = path.read_bytes()
    assert len(after) > len(before)
    assert _is_subsequence_of_lines(before, after)


def _is_subsequence_of_lines(before: bytes, after: bytes) -> bool:
    lines = iter(after.splitlines())
    return all(any(line == other for other in lines) for line in before.splitlines())


async def test_e_on_a_quote_opens_on_its_words_and_typing_changes_only_them(
    tmp_path: Path,
) -> None:
    """The form opened on the kind: a space typed there made a reported quote a scare
    quote, whose save dropped the speaker without a word."""
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        while (quote := main_of(app).quotes.current).kind != "reported":  # words of its own
            await pilot.press("j")
        assert isinstance(quote, Quote) and quote.speaker is not None
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.focused is not None and form.focused.id == "field-text"
        await pilot.press(*" BBB", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), _form_message(form)
    saved = next(q for q in load_bundle(path)[0].quotes if q.id == quote.id)
    assert saved.text == quote.text + " BBB"
    assert (saved.kind, saved.speaker) == (quote.kind, quote.speaker)


async def test_c_q_opens_on_kind_with_the_quotation_marks_stripped(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await select_words(pilot, app, "We were left with no choice")
        article = main_of(app).query_one(ArticleView)
        _paragraph, start, end = article.selection() or (None, 0, 0)
        article.select_range(start - 1, end + 2)  # the quotation marks too
        await pilot.press("c", "q")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.focused is not None and form.focused.id == "field-kind"
        draft = form.collect()
        assert draft["text"] == "We were left with no choice,"
        assert draft["sources"][0]["exact"] == "“We were left with no choice,”"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # A direct quote wants a speaker: check refuses it, the form stays with the reason.
        assert app.screen is form
        assert "speaker" in str(form.query_one("#form-problems").render())
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
    assert path.read_text().count("We were left with no choice") == 2  # the paragraph, q-no-choice


async def test_c_a_creates_an_actor_named_by_the_words(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await select_words(pilot, app, "Tomas Vey")
        await pilot.press("c", "a")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#field-name", SafeInput).value == "Tomas Vey"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    bundle, _ = load_bundle(path)
    assert any(actor.name == "Tomas Vey" for actor in bundle.actors)


async def test_c_without_a_selection_says_how_to_select(tmp_path: Path) -> None:
    app = app_on(story_copy("second", tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c")
        assert isinstance(app.screen, MainScreen)
        assert "c" not in [b.key for b in app.screen.active_bindings.values()
                           if b.binding.action == "create_entry" and b.enabled]


async def test_escape_asks_before_dropping_what_was_typed(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await select_words(pilot, app, "old lighthouse")
        await pilot.press("c", "e", *"typed")
        await pilot.press("escape")
        assert not isinstance(app.screen, EntryForm)  # the question is asked
        await pilot.press("n")
        assert isinstance(app.screen, EntryForm)  # back, with what was typed
        assert app.screen.query_one("#field-title", SafeInput).value == "typed"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
    assert path.read_bytes() == before


# --- E: edit; a refusal keeps the form -------------------------------------------------


@pytest.mark.parametrize("name", ["shipped", "second"])
async def test_E_edits_an_entry_and_its_marks_go_stale(
    name: str, tmp_path: Path
) -> None:
    path = story_copy(name, tmp_path)
    app = app_on(path, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "v")  # a verdict on the first event
        first = main_of(app).timeline.current
        assert isinstance(first, Event)
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        title = form.query_one("#field-title", SafeInput)
        title.value = "Renamed by the editor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        current = main_of(app).timeline.current
        assert isinstance(current, Event) and current.id == first.id
        assert current.title == "Renamed by the editor"
        assert app.review.is_stale(current)
    assert 'title = "Renamed by the editor"' in path.read_text()


@pytest.mark.parametrize("name", ["shipped", "second"])
async def test_a_refused_edit_shows_check_s_messages_and_keeps_the_form(
    name: str, tmp_path: Path
) -> None:
    path = story_copy(name, tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-date", SafeInput).value = "2021-13-45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        shown = str(form.query_one("#form-problems").render())
        assert "Not saved" in shown and "date" in shown
        assert form.query_one("#field-date", SafeInput).value == "2021-13-45"
    assert path.read_bytes() == before


# --- +: another source; D: delete ---------------------------------------------------


async def test_plus_adds_the_selection_as_a_source_of_the_highlighted_entry(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        await pilot.press("4")
        article = main_of(app).query_one(ArticleView)
        article.show_paragraph("p5")
        await pilot.press("ctrl+shift+right", "ctrl+shift+right")
        assert article.selection() is not None
        await pilot.press("plus")
        await settle(pilot)
    bundle, _ = load_bundle(path)
    edited = next(e for e in bundle.events if e.id == event.id)
    assert [s.paragraph for s in edited.sources] == [*[s.paragraph for s in event.sources], "p5"]
    assert edited.sources[-1].exact == "On the"


@pytest.mark.parametrize("name", ["shipped", "second"])
async def test_D_deletes_after_asking_and_undo_puts_the_bytes_back(
    name: str, tmp_path: Path
) -> None:
    path = story_copy(name, tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        await pilot.press("D", "n")
        assert path.read_bytes() == before  # no: nothing deleted
        await pilot.press("D", "y")
        await settle(pilot)
        assert f'id = "{event.id}"' not in path.read_text()
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == before
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert f'id = "{event.id}"' not in path.read_text()
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("U")  # the other redo key
        await settle(pilot)
        assert f'id = "{event.id}"' not in path.read_text()


async def test_D_on_an_actor_entries_name_says_so_without_asking(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        actor = main_of(app).actors.current
        assert isinstance(actor, Actor)
        assert any(actor.id in event.actors for event in app.bundle.events)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no question to answer first
        assert f"{actor.id} is not deleted" in _messages(app)
        assert "q-no-choice" in _messages(app)  # who names it, by id
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["shipped", "second"])
async def test_u_undoes_a_mark_made_after_an_edit_first(
    name: str, tmp_path: Path
) -> None:
    path = story_copy(name, tmp_path)
    app = app_on(path, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-title", SafeInput).value = "Edited first"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("1", "v")
        event = main_of(app).timeline.current
        assert event is not None and app.review.mark_of(event.id) is not None
        await pilot.press("u")  # the mark, made last
        await settle(pilot)
        assert app.review.mark_of(event.id) is None
        assert "Edited first" in path.read_text()
        await pilot.press("u")  # then the edit
        await settle(pilot)
        assert "Edited first" not in path.read_text()


# --- o: $EDITOR; the file watched ---------------------------------------------------------


async def test_o_opens_the_editor_at_the_entry_s_line_and_reloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = story_copy("second", tmp_path)
    record = tmp_path / "editor-args"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(record)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "story = pathlib.Path(sys.argv[-1])\n"
        "story.write_text(story.read_text().replace("
        "'title = \"Okafor organises the ferry crews\"', 'title = \"Changed in vi\"'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("1")
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        line = next(i for i, text in enumerate(path.read_text().splitlines(), 1)
                    if text == f'id = "{event.id}"')
        await pilot.press("o")
        await settle(pilot)
        args = record.read_text().split()
        assert args[-1] == str(path) and args[-2] in (f"+{line}", f"+{line - 1}")
        assert "Changed in vi" in path.read_text()
        assert "Changed in vi" in [e.title for e in app.bundle.events]


async def test_o_on_a_broken_file_opens_the_editor_at_the_problem_and_the_notice_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = story_copy("second", tmp_path)
    good = path.read_text()
    record = tmp_path / "editor-args"
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(good.replace("Ferry crews walk out", "Ferry crews fixed", 1))
    editor = tmp_path / "editor.py"
    editor.write_text(  # records where it was opened, then mends the file
        "import sys, pathlib, shutil\n"
        f"pathlib.Path({str(record)!r}).write_text(' '.join(sys.argv[1:]))\n"
        f"shutil.copyfile({str(fixed)!r}, sys.argv[-1])\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        broken = good.replace('kind = "person"', 'kind = "nobody"', 1)
        line = next(i for i, (a, b) in enumerate(
            zip(good.splitlines(), broken.splitlines(), strict=True), 1) if a != b)
        _replace(path, broken)
        assert not app.reload_story()
        await settle(pilot)
        assert "fails check" in _messages(app)
        await pilot.press("o")
        await settle(pilot)
        assert record.read_text().split() == [f"+{line}", str(path)]
        assert "Ferry crews fixed" in app.bundle.story.headline
        assert not app.editing.broken and "fails check" not in _messages(app)


@pytest.fixture
def watched_app(tmp_path: Path) -> Iterator[tuple[Path, BaghouzApp]]:
    path = story_copy("second", tmp_path)
    yield path, app_on(path, watch=True)


async def _wait_for(pilot: object, condition: object, seconds: float = 15.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        if condition():  # type: ignore[operator]
            return True
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    return False


async def test_a_change_on_disk_is_shown_and_a_broken_one_is_not(
    watched_app: tuple[Path, BaghouzApp],
) -> None:
    path, app = watched_app
    text = path.read_text()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "down", "down")
        kept = main_of(app).timeline.current
        assert kept is not None
        _replace(path, text.replace("Ferry crews walk out", "Ferry crews stay out", 1))
        assert await _wait_for(pilot, lambda: "stay out" in app.bundle.story.headline)
        await settle(pilot)
        current = main_of(app).timeline.current
        assert current is not None and current.id == kept.id  # the cursor kept its place
        # Broken on disk: the last good version stays, the problem is shown with its line.
        _replace(path, text.replace('kind = "person"', 'kind = "nobody"', 1))
        assert await _wait_for(pilot, lambda: bool(app.editing.broken))
        assert "stay out" in app.bundle.story.headline
        assert await _wait_for(pilot, lambda: "fails check" in _messages(app))
        assert f"{path.name}:" in _messages(app)
        _replace(path, text)  # fixed
        assert await _wait_for(pilot, lambda: "walk out" in app.bundle.story.headline)
        assert not app.editing.broken


async def test_a_broken_file_put_back_as_it_was_is_fixed_and_says_so(
    watched_app: tuple[Path, BaghouzApp],
) -> None:
    """Put back byte for byte, the file is the version the app shows: that was taken for
    the app's own save, and the "fails check" notice stayed (and saves were refused)."""
    path, app = watched_app
    text = path.read_text()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.editing.open()  # the file as read for an edit: what a save is made onto
        _replace(path, text + "garbage = = =\n")
        assert await _wait_for(pilot, lambda: bool(app.editing.broken))
        assert await _wait_for(pilot, lambda: "fails check" in _messages(app))
        _replace(path, text)
        assert await _wait_for(pilot, lambda: not app.editing.broken)
        assert "fails check" not in _messages(app) and "fixed" in _messages(app)


def _messages(app: BaghouzApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


async def test_a_save_over_a_change_to_the_same_entry_asks(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-title", SafeInput).value = "Mine"
        # Meanwhile another editor changes the same entry on disk.
        _replace(path, path.read_text().replace(f'title = "{event.title}"',
                                                'title = "Theirs"', 1))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        theirs = str(app.screen.query_one("#conflict-theirs").render()).splitlines()
        ours = str(app.screen.query_one("#conflict-ours").render()).splitlines()
        # the title differs, marked on both sides; the id is the same, unmarked
        assert f'{DIFFERS}title = Theirs' in theirs and f"{DIFFERS}title = Mine" in ours
        assert f"{SAME}id = {event.id}" in theirs and f"{SAME}id = {event.id}" in ours
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    text = path.read_text()
    assert 'title = "Mine"' in text and "Theirs" not in text


def test_the_conflict_dialog_marks_every_field_that_differs_and_shows_text_inert() -> None:
    theirs = {
        "id": "e1",
        "title": "Old \x1b[31mred",
        "summary": "Only on disk",
        "sources": [{"paragraph": "p1", "exact": "a"}, {"paragraph": "p2"}],
    }
    ours = {"id": "e1", "title": "New", "sources": [{"paragraph": "p1", "exact": "a"}]}
    on_disk = str(fields_text(theirs, ours)).splitlines()
    mine = str(fields_text(ours, theirs)).splitlines()
    assert on_disk == [
        f"{SAME}id = e1",
        f"{DIFFERS}title = Old \u241b[31mred",  # the escape shown as a symbol, not sent
        f"{DIFFERS}summary = Only on disk",
        f"{SAME}source = paragraph: p1, exact: a",
        f"{DIFFERS}source = paragraph: p2",
    ]
    assert mine == [
        f"{SAME}id = e1",
        f"{DIFFERS}title = New",
        f"{SAME}source = paragraph: p1, exact: a",
        f"{DIFFERS}summary = (not set)",
        f"{DIFFERS}source = (not set)",
    ]
    assert str(fields_text(None, ours)) == "(deleted)"
    assert not any(line.startswith(DIFFERS) for line in str(fields_text(ours)).splitlines())


async def test_why_a_long_form_was_not_saved_is_scrolled_into_view(tmp_path: Path) -> None:
    from app_helpers import screen_lines

    app = app_on(story_copy("shipped", tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "E")  # an actor with three sources: taller than the screen
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-name", SafeInput).value = " "
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = " ".join(line.strip(" │") for line in screen_lines(app))
        assert "Not saved — check says:" in shown and "must hold more than" in shown, shown


def _story_lock(path: Path) -> contextlib.AbstractContextManager[object]:
    """The lock another editor's save holds while it writes the story."""
    from tui.fileio import FileLock

    return FileLock(path.with_name(path.name + ".lock"), timeout=0)


async def _form_with_title(pilot: object, app: BaghouzApp, title: str) -> EntryForm:
    await pilot.press("1", "E")  # type: ignore[attr-defined]
    form = app.screen
    assert isinstance(form, EntryForm)
    form.query_one("#field-title", SafeInput).value = title
    return form


def _form_message(form: EntryForm) -> str:
    return str(form.query_one("#form-problems").render())


async def test_a_save_held_up_by_another_save_waits_on_a_timer_and_saves_what_is_typed(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form_with_title(pilot, app, "First try")
        with _story_lock(path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            # the form stays, says why, and takes keys meanwhile: nothing blocks the app
            assert app.screen is form and "waiting for another editor" in _form_message(form)
            field = form.query_one("#field-title", SafeInput)
            field.focus()
            await pilot.press("end", *" then more")
            assert field.value == "First try then more"
            await pilot.press("ctrl+s")  # a second ctrl+s while waiting starts no other save
            await pilot.pause(0.5)
            assert path.read_bytes() == before and app.screen is form
        await pilot.pause(EntryForm.RETRY_SECONDS * 3)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    text = path.read_text()
    assert text.count('title = "First try then more"') == 1 and "First try\"" not in text


async def test_a_save_held_up_too_long_says_so_and_keeps_the_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(EntryForm, "TRIES", 3)
    monkeypatch.setattr(EntryForm, "RETRY_SECONDS", 0.05)
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form_with_title(pilot, app, "Never saved")
        with _story_lock(path):
            await pilot.press("ctrl+s")
            await pilot.pause(0.6)
            await settle(pilot)
            shown = _form_message(form)
            assert "Not saved" in shown and "another editor's save held the story" in shown
            assert "for more than 0 s" in shown, shown  # 3 tries 0.05 s apart
            assert app.screen is form
            assert form.query_one("#field-title", SafeInput).value == "Never saved"
    assert path.read_bytes() == before


async def test_escape_while_a_save_waits_stops_it_for_good(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form_with_title(pilot, app, "Stopped")
        with _story_lock(path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is form and "stopped waiting" in _form_message(form)
        await pilot.pause(EntryForm.RETRY_SECONDS * 3)
        await settle(pilot)
        assert app.screen is form  # the lock is free now, and still nothing was saved
    assert path.read_bytes() == before


async def test_keeping_mine_keeps_what_they_changed_where_i_changed_nothing(
    tmp_path: Path,
) -> None:
    """Keeping mine wrote my whole version: their new `when` (or the new id of an actor
    they renamed) was undone without a word. Only the fields I changed are mine."""
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        event = main_of(app).timeline.current
        assert isinstance(event, Event) and event.when
        await _form_with_title(pilot, app, "Mine")
        _replace(path, path.read_text().replace(f'title = "{event.title}"', 'title = "Theirs"', 1)
                 .replace(f'when = "{event.when}"', 'when = "their when"', 1))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    saved = next(e for e in load_bundle(path)[0].events if e.id == event.id)
    assert (saved.title, saved.when) == ("Mine", "their when")  # both changed the title: mine


async def _reloaded(pilot: object, app: BaghouzApp) -> None:
    """The app reads the file again, as its watcher does when another editor saved."""
    assert app.reload_story()
    await settle(pilot)


async def test_a_form_saved_after_the_app_reloaded_anothers_change_to_its_entry_asks(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        form = await _form_with_title(pilot, app, "Mine")
        _replace(path, path.read_text().replace(f'title = "{event.title}"',
                                                'title = "Theirs"', 1))
        await _reloaded(pilot, app)  # the app shows theirs now; the form still holds mine
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # not now: and the next save asks again
        await settle(pilot)
        assert app.screen is form and 'title = "Theirs"' in path.read_text()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    text = path.read_text()
    assert 'title = "Mine"' in text and "Theirs" not in text


async def test_keeping_mine_of_an_entry_another_editor_deleted_writes_it_back(
    tmp_path: Path,
) -> None:
    """The conflict view says "deleted" on their side; keeping mine crashed the app (and
    lost what was typed): it must write the entry again, as the form holds it."""
    from tui.authoring.edits import Delete
    from tui.authoring.story_file import StoryFile
    from tui.authoring.writer import save_edit

    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        event = main_of(app).timeline.current
        assert isinstance(event, Event)
        await _form_with_title(pilot, app, "Mine, kept")
        deleted = save_edit(StoryFile.open(path), Delete(event.id))  # the other editor
        assert f'id = "{event.id}"' not in path.read_text(), deleted
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "deleted" in str(app.screen.query_one("#conflict-theirs").render())
        await pilot.press("m")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert main_of(app).timeline.current.id == event.id
    bundle, _ = load_bundle(path)
    back = [e for e in bundle.events if e.id == event.id]
    assert [e.title for e in back] == ["Mine, kept"]
    assert back[0].sources == event.sources and back[0].date == event.date


async def test_ctrl_q_in_a_form_holding_typing_asks_first(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form_with_title(pilot, app, "Typed, not saved")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("ctrl+q")  # asking already: not a second question
        await pilot.press("n")
        assert app.screen is form
        assert form.query_one("#field-title", SafeInput).value == "Typed, not saved"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert path.read_bytes() == before  # quitting saved nothing: it was asked and said


async def test_undo_never_reverts_what_someone_else_changed_since(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await _form_with_title(pilot, app, "Edited here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'title = "Edited here"' in path.read_text()
        # someone else changes that same entry; the app reloads it
        _replace(path, path.read_text().replace('title = "Edited here"',
                                                'title = "Edited there"', 1))
        await _reloaded(pilot, app)
        await pilot.press("u")
        await settle(pilot)
        assert 'title = "Edited there"' in path.read_text()  # theirs stays
        assert "Not undone" in _messages(app)
        # once it is as this app's edit left it again, the undo goes through
        _replace(path, path.read_text().replace('title = "Edited there"',
                                                'title = "Edited here"', 1))
        await _reloaded(pilot, app)
        await pilot.press("u")
        await settle(pilot)
        assert "Edited here" not in path.read_text()


async def test_undo_keeps_what_someone_else_changed_in_other_entries(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await _form_with_title(pilot, app, "Edited here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        other = main_of(app).timeline.rows[-1]
        assert isinstance(other, Event)
        _replace(path, path.read_text().replace(f'title = "{other.title}"',
                                                'title = "Theirs, elsewhere"', 1))
        await _reloaded(pilot, app)
        await pilot.press("u")
        await settle(pilot)
    text = path.read_text()
    assert "Edited here" not in text and 'title = "Theirs, elsewhere"' in text


async def test_two_editors_saving_different_entries_lose_nothing(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    first, second = app_on(path), app_on(path)
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await one.press("1", "E")
        await two.press("1", "down", "E")
        assert isinstance(first.screen, EntryForm) and isinstance(second.screen, EntryForm)
        first.screen.query_one("#field-title", SafeInput).value = "One's title"
        second.screen.query_one("#field-title", SafeInput).value = "Two's title"
        await one.press("ctrl+s")
        await settle(one)
        await two.press("ctrl+s")
        await settle(two)
        assert isinstance(second.screen, MainScreen)  # re-applied onto the new version
    text = path.read_text()
    assert "One's title" in text and "Two's title" in text


# --- the shipped story is edited as a copy ---------------------------------------------


async def test_editing_the_shipped_story_asks_where_to_copy_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundle, warnings = load_bundle(shipped_bundle_path())
    shipped_bytes = shipped_bundle_path().read_bytes()
    app = BaghouzApp(bundle, shipped=True, warnings=warnings, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "v")  # a mark on the shipped story, before the copy
        await settle(pilot)
        marked = main_of(app).quotes.current
        assert marked is not None and app.review.mark_of(marked.id) is not None
        await pilot.press("E")
        prompt = app.screen
        assert isinstance(prompt, CopyPrompt)
        assert prompt.query_one("#copy-path", SafeInput).value == str(tmp_path / "baghouz.toml")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)  # then the edit goes on, on the copy
        assert not app.shipped and app.editing.path == str(tmp_path / "baghouz.toml")
        await pilot.press("escape")
        quote = main_of(app).quotes.current
        assert isinstance(quote, Quote)
        # The review went with the copy: beside it, the mark kept, and new marks land there.
        assert app.review.path == tmp_path / "baghouz.review.jsonl"
        assert app.review.mark_of(marked.id) is not None
        await pilot.press("x")
        await settle(pilot)
    reopened = BaghouzApp(load_bundle(tmp_path / "baghouz.toml")[0], reviewer="ada")
    async with reopened.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The mark made after the copy (x: disputed) replaced the one made before it.
        assert str(reopened.review.mark_of(marked.id)) == "disputed"
    assert (tmp_path / "baghouz.toml").read_bytes() == shipped_bytes
    assert shipped_bundle_path().read_bytes() == shipped_bytes


# --- the form's pickers and source links ------------------------------------------------


async def test_the_speaker_picker_finds_an_actor_by_alias(tmp_path: Path) -> None:
    from tui.screens.actor_picker import ActorPicker
    from tui.widgets.actor_refs import ActorRefs

    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        quote = main_of(app).quotes.current
        assert isinstance(quote, Quote) and quote.speaker == "mira-okafor"
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.set_focus(form.query_one("#field-speaker", ActorRefs))
        await pilot.press("enter")
        assert isinstance(app.screen, ActorPicker)
        await pilot.press(*"the authority", "enter")  # an alias, not the name
        assert app.screen is form
        assert form.query_one("#field-speaker", ActorRefs).ids == ["harbour-authority"]
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = next(q for q in load_bundle(path)[0].quotes if q.id == quote.id)
    assert saved.speaker == "harbour-authority"


async def test_ctrl_d_removes_a_source_link_in_the_form(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        actor = main_of(app).actors.current
        assert actor is not None and len(actor.sources) == 2
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.set_focus(form.query_one("#form-sources").query(SafeInput).first())
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert len(form.collect()["sources"]) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = next(a for a in load_bundle(path)[0].actors if a.id == actor.id)
    assert [s.paragraph for s in saved.sources] == [actor.sources[1].paragraph]


async def test_c_from_words_selected_in_the_detail_pane(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "5", "ctrl+shift+right", "ctrl+shift+right", "c", "e")
        form = app.screen
        assert isinstance(form, EntryForm)
        link = form.collect()["sources"][0]
        assert link["paragraph"] == "p4" and link["exact"] == "first organised"
        await pilot.press(*"Organised", "ctrl+s")
        await settle(pilot)
    bundle, _ = load_bundle(path)
    assert any(e.title == "Organised" and e.sources[0].exact == "first organised"
               for e in bundle.events)


async def test_keys_typed_right_after_a_save_are_not_lost_or_fatal(tmp_path: Path) -> None:
    # The screen is rebuilt after a save: keys that arrive meanwhile (a fast typist, a slow
    # link that delivers several at once) must neither crash the app nor act on nothing.
    path = story_copy("second", tmp_path)
    app = app_on(path, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-title", SafeInput).value = "Saved fast"
        await type_ahead(pilot, "ctrl+s", "2", "j", "v", "3", "1", "down", "t", "t", "4", "5")
        await settle(pilot)
        await pilot.pause(0.5)
        assert isinstance(app.screen, MainScreen)
        assert app.return_code is None  # still running
        assert app.review.mark_of("harbour-authority") is not None  # "2", "j", "v" acted
    assert "Saved fast" in path.read_text()


async def test_the_copy_prompt_s_explanation_wraps_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Label

    monkeypatch.chdir(tmp_path)
    bundle, warnings = load_bundle(shipped_bundle_path())
    app = BaghouzApp(bundle, shipped=True, warnings=warnings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "E")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, CopyPrompt)
        explanation = prompt.query(Label).first()
        assert "Copy it to:" in str(explanation.render())
        assert explanation.size.height >= 2  # wrapped, not cut at the box's edge


async def test_editing_a_field_keeps_the_control_characters_it_did_not_touch(
    tmp_path: Path,
) -> None:
    """The form shows controls as stand-ins (␛, U+FFFD); a word changed in such a field
    saves the field's own characters around it, not the stand-ins, and a field left alone
    is saved as it was."""
    import tomli

    path = story_copy("hostile", tmp_path)
    app = app_on(path)
    original = tomli.loads(path.read_text())["events"][1]
    assert original["id"] == "e-control"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        for _ in range(5):
            current = main_of(app).timeline.current
            if isinstance(current, Event) and current.id == "e-control":
                break
            await pilot.press("j")
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        title = form.query_one("#field-title", SafeInput)
        assert "\x1b" not in title.value and "\u241b" in title.value  # shown inert
        title.value = "A " + title.value.replace("title", "headline") + " B"  # 3 places
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    saved = tomli.loads(path.read_text())["events"][1]
    assert saved["title"] == "A " + original["title"].replace("title", "headline") + " B"
    assert saved["when"] == original["when"]  # not touched: as it was
    assert "\u241b" not in path.read_text()


async def test_quick_edits_held_up_by_another_save_wait_on_a_timer_not_the_screen(
    tmp_path: Path,
) -> None:
    """D and u while another editor's save holds the lock: the screen keeps taking keys,
    says it is waiting, refuses another quick edit or an undo meanwhile (the edit waiting
    would be the one to undo), and saves once the lock is free."""
    import time

    from tui.screens import quick_save

    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        first = main_of(app).timeline.current
        await pilot.press("D", "y")  # the lock free: saved at once
        await settle(pilot)
        second = main_of(app).timeline.current
        assert isinstance(first, Event) and isinstance(second, Event) and first != second
        after_first = path.read_bytes()
        assert f'id = "{first.id}"' not in after_first.decode()
        with _story_lock(path):
            started = time.monotonic()
            await pilot.press("D", "y")
            await settle(pilot)
            assert time.monotonic() - started < 2  # not the writer's 5 s wait for the lock
            assert "waiting for another editor" in _messages(app)
            assert path.read_bytes() == after_first
            await pilot.press("j")  # keys still work meanwhile
            assert main_of(app).timeline.current != second
            await pilot.press("u")  # refused: the delete waiting is not done yet
            await settle(pilot)
            assert "Still waiting to save the last change" in _messages(app)
        await pilot.pause(quick_save.RETRY_SECONDS * 3)
        await settle(pilot)
        text = path.read_text()
        assert f'id = "{second.id}"' not in text  # the delete, once free
        assert f'id = "{first.id}"' not in text  # and the undo refused undid nothing
        with _story_lock(path):
            await pilot.press("u")
            await settle(pilot)
            assert f'id = "{second.id}"' not in path.read_text()
        await pilot.pause(quick_save.RETRY_SECONDS * 3)
        await settle(pilot)
        assert path.read_bytes() == after_first  # the undo, once free


async def test_a_quick_edit_held_up_too_long_says_it_was_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens import quick_save

    monkeypatch.setattr(quick_save, "TRIES", 3)
    monkeypatch.setattr(quick_save, "RETRY_SECONDS", 0.05)
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        with _story_lock(path):
            await pilot.press("D", "y")
            await pilot.pause(0.6)
            await settle(pilot)
            assert "Not saved" in _messages(app) and "try again" in _messages(app)
            assert "held the story for more than 0 s" in _messages(app)  # 3 tries, 0.05 s
        await pilot.press("D", "y")  # no longer waiting: a new quick edit is taken
        await settle(pilot)
    assert path.read_bytes() != before


async def test_tabbing_into_a_field_and_typing_adds_to_it_not_replaces_it(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E")
        form = app.screen
        assert isinstance(form, EntryForm)
        fields = list(form.query(SafeInput))
        for _ in range(len(fields) + 2):  # tab on until the title field has the focus
            if app.focused is form.query_one("#field-title"):
                break
            await pilot.press("tab")
        title = form.query_one("#field-title", SafeInput)
        assert app.focused is title
        before = title.value
        await pilot.press("!")
        assert title.value == before + "!"


async def test_the_key_bar_under_a_form_shows_the_form_s_keys(tmp_path: Path) -> None:
    """Not the story screen's: `q Quit` or `v Verified` would type a letter in a field."""
    from app_helpers import screen_lines

    app = app_on(story_copy("second", tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        story_keys = screen_lines(app)[-1]
        assert "Quit" in story_keys and "Verified" in story_keys
        await pilot.press("1", "E")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        bottom = screen_lines(app)[-1]
        assert "Save" in bottom and "Cancel" in bottom, bottom
        assert "Quit" not in bottom and "Verified" not in bottom, bottom
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen_lines(app)[-1] == story_keys  # back to the story's once it closes


async def test_a_new_actor_id_is_given_to_every_entry_that_names_it_and_undone_at_once(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        for _ in range(5):
            actor = main_of(app).actors.current
            if isinstance(actor, Actor) and actor.id == "harbour-authority":
                break
            await pilot.press("j")
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-id", SafeInput).value = "port-authority"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), _form_message(form)
        # four events (actors), a quote's speaker and another's about
        assert "Saved port-authority and the 6 entries naming it" in _messages(app)
        text = path.read_text()
        assert "harbour-authority" not in text and text.count('"port-authority"') == 7
        assert {e.id for e in app.bundle.events if "port-authority" in e.actors} == {
            "talks-open", "negotiation", "walkout", "timetable-cut"
        }
        await pilot.press("u")  # one undo for the rename and the references
        await settle(pilot)
    assert path.read_bytes() == before


async def test_renaming_a_reviewed_entry_takes_its_review_along_and_undo_brings_it_back(
    tmp_path: Path,
) -> None:
    """The review is kept by entry id: a rename left every verdict and note behind, as
    "1 orphaned". Now the log records the rename; the review follows it, for another
    editor's session too, and `u` takes it back."""
    path = story_copy("second", tmp_path)
    app = app_on(path, reviewer="ana")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1", "v")
        first = main_of(app).timeline.current
        assert isinstance(first, Event)
        app.review.set_note(first, "check the date")
        other = ReviewSession.for_bundle(app.bundle, reviewer="bea")
        other.set_mark(first, "disputed")
        app.review.refresh()
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-id", SafeInput).value = f"{first.id}-renamed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), _form_message(form)
        renamed = main_of(app).timeline.current
        assert renamed.id == f"{first.id}-renamed"
        review = app.review.entry_review(renamed)
        assert {(v.reviewer, v.mark.value) for v in review.verdicts} == {
            ("ana", "verified"), ("bea", "disputed")
        }
        assert [n.text for n in review.notes] == ["check the date"]
        assert app.review.progress(app.bundle).orphaned == 0
        await pilot.press("h")  # the history says what happened, whose review it is
        shown = "\n".join(screen_lines(app))
        assert f"you renamed {first.id} to {first.id}-renamed" in shown, shown
        assert "bea marked disputed" in shown
        await pilot.press("escape")
        # bea's session, on the same files, follows the rename when it reads the log
        other.refresh()
        assert other.verdict_of(renamed.id, "ana") is not None
        await pilot.press("u")
        await settle(pilot)
        back = main_of(app).timeline.current
        assert back.id == first.id
        assert app.review.mark_of(first.id) is not None
        assert app.review.progress(app.bundle).orphaned == 0
    # A fresh session reads the same from the log alone.
    fresh = ReviewSession.for_bundle(load_bundle(path)[0], reviewer="carl")
    assert fresh.verdict_of(first.id, "bea") is not None
    assert fresh.state.get(f"{first.id}-renamed") is None


async def test_every_tab_stop_of_a_form_is_a_field(tmp_path: Path) -> None:
    """shift+tab from the first field, or tab from the last, lands on a field that takes
    the keys typed, never on the form's scrolling frame."""
    from textual.widgets import Input, TextArea

    from tui.widgets.actor_refs import ActorRefs
    from tui.widgets.cycle_choice import CycleChoice

    app = app_on(story_copy("second", tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "E")
        assert isinstance(app.screen, EntryForm)
        seen = []
        for key in ["shift+tab"] * 3 + ["tab"] * 12:
            await pilot.press(key)
            seen.append(app.focused)
            fields = (Input, TextArea, CycleChoice, ActorRefs)
            assert isinstance(app.focused, fields), (key, app.focused)
        assert len({id(widget) for widget in seen}) > 5


async def test_tabbing_into_a_text_box_puts_the_cursor_after_its_text(tmp_path: Path) -> None:
    from tui.widgets.safe_editors import SafeTextArea

    app = app_on(story_copy("second", tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "E")  # Mira Okafor: aliases "Okafor"
        form = app.screen
        assert isinstance(form, EntryForm)
        aliases = form.query_one("#field-aliases", SafeTextArea)
        for _ in range(8):
            if app.focused is aliases:
                break
            await pilot.press("tab")
        assert app.focused is aliases
        await pilot.press("V")
        assert aliases.text == "OkaforV"
        await pilot.press("home", "tab", "shift+tab", "W")  # back again: where it was left
        assert aliases.text == "WOkaforV"


async def test_undo_keys_typed_together_each_undo_an_edit(tmp_path: Path) -> None:
    """`u u` in one read (a fast typist, an SSH link that batches keys): the second came
    before the first's rebuilt screen was up, reached widgets about to go, and was lost;
    and a key after a dialog's answer came before the answer was acted on."""
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "D", "y")
        await settle(pilot)
        await pilot.press("D", "y")
        await settle(pilot)
        assert path.read_text().count("[[events]]") == before.decode().count("[[events]]") - 2
        await type_ahead(pilot, "u", "u")
        await settle(pilot)
        assert path.read_bytes() == before, _messages(app)
        # The answer to a dialog in the same read: `u` came before the delete was made.
        await type_ahead(pilot, "D", "y", "u", "U")  # delete, undo, redo: deleted again
        await settle(pilot)
        events = path.read_text().count("[[events]]")
        assert events == before.decode().count("[[events]]") - 1, _messages(app)
        assert "Redone: delete" in _messages(app)


async def test_saving_a_form_left_as_it_was_writes_nothing(tmp_path: Path) -> None:
    path = story_copy("second", tmp_path)
    before = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    app = app_on(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Nothing changed in crews-organised: not saved" in _messages(app)
        assert not app.editing.history.can_undo  # no step to undo either
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-title", SafeInput).value = "Changed after all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'title = "Changed after all"' in path.read_text()
    assert path.stat().st_mtime_ns != stamp and path.read_bytes() != before
