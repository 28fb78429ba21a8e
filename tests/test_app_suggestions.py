"""The command palette's suggestions view (enter opens one in the form, ctrl+s adds it,
backspace rejects it for good) and its exports, written beside the bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import isolated_review  # noqa: F401  (autouse fixture)

from tui.app import BaghouzApp
from tui.authoring.suggest.api import pending, store_for
from tui.cli import main as cli_main
from tui.export.exporting import FORMATS, export_path_for, render
from tui.export.review_view import statuses_for
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.screens.entry_form import EntryForm
from tui.screens.main_screen import MainScreen
from tui.screens.suggestions_screen import SuggestionsScreen

SIZE = (120, 40)


def story(tmp_path: Path) -> Path:
    """A story started from the seed article: its paragraphs, no entry yet."""
    seed = next((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
    path = tmp_path / "baghouz.toml"
    assert cli_main(["new", str(seed), "-o", str(path), "--published", "2019-02-13?"]) == 0
    return path


async def settle(pilot: object) -> None:
    for _ in range(4):
        await pilot.pause()  # type: ignore[attr-defined]


async def palette(pilot: object, command: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press(*command)  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)


async def test_backspace_rejects_a_suggestion_for_good(tmp_path: Path) -> None:
    path = story(tmp_path)
    bundle, _ = load_bundle(path)
    offered = pending(bundle, store_for(bundle))
    assert offered, "the shipped story has suggestions to offer"
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        view = app.screen
        assert isinstance(view, SuggestionsScreen)
        assert view.suggestions == offered
        first = view.current
        await pilot.press("backspace")
        assert first not in view.suggestions
        await pilot.press("escape")
    assert first not in pending(bundle, store_for(bundle))  # remembered
    again = BaghouzApp(bundle)
    async with again.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        assert isinstance(again.screen, SuggestionsScreen)
        assert first not in again.screen.suggestions
        await pilot.press("u")  # nothing rejected in this view: nothing to offer again
        assert first not in again.screen.suggestions


async def test_j_and_k_move_in_the_suggestions_as_in_every_other_list(tmp_path: Path) -> None:
    bundle, _ = load_bundle(story(tmp_path))
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        view = app.screen
        assert isinstance(view, SuggestionsScreen) and len(view.suggestions) > 2
        first = view.current
        await pilot.press("j", "j")
        assert view.current == view.suggestions[2]
        await pilot.press("k")
        assert view.current == view.suggestions[1] and view.current != first


async def test_u_offers_the_rejected_suggestion_again(tmp_path: Path) -> None:
    bundle, _ = load_bundle(story(tmp_path))
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        view = app.screen
        assert isinstance(view, SuggestionsScreen)
        first = view.current
        await pilot.press("backspace", "u")
        assert view.current == first
    assert first in pending(bundle, store_for(bundle))


async def test_enter_opens_a_suggestion_in_the_form_and_ctrl_s_adds_it(tmp_path: Path) -> None:
    path = story(tmp_path)
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        view = app.screen
        assert isinstance(view, SuggestionsScreen)
        actor = next(i for i, s in enumerate(view.suggestions) if s.type == "actor")
        for _ in range(actor):
            await pilot.press("down")
        chosen = view.current
        assert chosen is not None and chosen.type == "actor"
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.collect()["name"] == chosen.text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is view and chosen not in view.suggestions
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(0.8)  # the story is shown again once the view is closed
        assert isinstance(app.screen, MainScreen)
        assert any(a.name == chosen.text for a in app.bundle.actors)
    reloaded, _ = load_bundle(path)
    assert any(a.name == chosen.text for a in reloaded.actors)


async def _go_to(pilot: object, view: SuggestionsScreen, wanted: object) -> None:
    while view.current != wanted:
        down = view.suggestions.index(view.current) < view.suggestions.index(wanted)  # type: ignore[arg-type]
        await pilot.press("j" if down else "k")  # type: ignore[attr-defined]


async def test_a_quote_opened_after_its_speaker_was_added_names_the_speaker(
    tmp_path: Path,
) -> None:
    """The actor saved from the suggestions is in the file, but the story screen behind the
    dialog waits to show it: the quote's form called its speaker "(unknown)"."""
    from tui.widgets.actor_refs import ActorRefs

    bundle, _ = load_bundle(story(tmp_path))
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Suggestions")
        view = app.screen
        assert isinstance(view, SuggestionsScreen)
        quote = next(s for s in view.suggestions if s.type == "quote" and s.kind == "direct")
        actor = next(s for s in view.suggestions  # "Col Sean Ryan", of "... spokesman Col ..."
                     if s.type == "actor" and quote.speaker and quote.speaker.endswith(s.text))
        await _go_to(pilot, view, actor)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is view
        await _go_to(pilot, view, quote)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        shown = str(form.query_one("#field-speaker", ActorRefs).render())
        assert actor.text in shown and "unknown" not in shown, shown


@pytest.mark.parametrize("fmt", list(FORMATS))
async def test_each_export_is_in_the_palette_and_written_beside_the_bundle(
    fmt: str, tmp_path: Path
) -> None:
    bundle, _ = load_bundle(story(tmp_path))
    app = BaghouzApp(bundle)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, f"Export {fmt}")
        target = export_path_for(bundle, fmt)
        assert target.parent == tmp_path and target.exists()
        expected = render(bundle, statuses_for(bundle, app.review), fmt).text
    assert target.read_bytes() == expected.encode("utf-8")


async def test_the_shipped_story_exports_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundle, _ = load_bundle(shipped_bundle_path())
    app = BaghouzApp(bundle, shipped=True)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Export html")
    assert (tmp_path / export_path_for(bundle, "html").name).exists()
    assert not export_path_for(bundle, "html").exists()
