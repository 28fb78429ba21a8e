"""A form opened before another editor renamed an actor: the form still offers the old id.

Saving it named an actor the file no longer has, and check refused it with a "did you mean"
that pointed elsewhere. The review log records every rename, so the save follows it.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import isolated_review  # noqa: F401  (autouse)
from hypothesis import given
from hypothesis import strategies as st
from test_app_editing import SIZE, _messages, app_on, main_of, settle, story_copy

from tui.authoring.edits import Delete, Saved
from tui.authoring.references import following_renames, named_actors, update_renaming
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import save_edit
from tui.model.entities import Event
from tui.model.load import load_bundle
from tui.review.renames import Renames
from tui.review.session import ReviewSession
from tui.screens.entry_form import EntryForm
from tui.screens.main_screen import MainScreen
from tui.widgets.actor_refs import ActorRefs

# --- the model ----------------------------------------------------------------------------


def _renames(*moves: tuple[str, str]) -> Renames:
    renames = Renames()
    for arrival, (old, new) in enumerate(moves):
        renames.add(old, new, f"2026-01-01T00:00:0{arrival}Z", arrival)
    return renames


def test_an_old_id_is_named_by_the_one_it_was_renamed_to() -> None:
    renames = _renames(("harbour", "port"), ("crews", "unions"), ("gone", "deleted-since"))
    known = {"port", "unions", "mira"}
    quote = {"id": "q", "speaker": "harbour", "about": ["crews", "mira", "gone"], "x-a": "harbour"}
    followed, moves = following_renames(quote, known, renames.resolve)
    assert followed == {
        "id": "q", "speaker": "port", "about": ["unions", "mira", "gone"], "x-a": "harbour"
    }  # "gone" was renamed to one deleted since: left for check to refuse; x- keys untouched
    assert moves == [("harbour", "port"), ("crews", "unions")]
    assert quote["speaker"] == "harbour"  # the fields given are not changed
    assert named_actors(quote) == {"harbour", "crews", "mira", "gone"}


def test_an_old_id_given_to_a_new_actor_since_stays() -> None:
    """harbour -> port, then a new actor took the id harbour: a form naming harbour now
    means the new one, which check accepts."""
    event = {"id": "e", "actors": ["harbour"]}
    renames = _renames(("harbour", "port"))
    followed, moves = following_renames(event, {"port", "harbour"}, renames.resolve)
    assert (followed, moves) == (event, [])


@given(
    named=st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=6),
    known=st.sets(st.sampled_from(["a", "b", "c", "d"])),
    moves=st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), max_size=4),
)
def test_following_renames_only_ever_puts_a_known_id_for_an_unknown_one(
    named: list[str], known: set[str], moves: list[tuple[str, str]]
) -> None:
    renames = _renames(*[(old, new) for old, new in moves if old != new])
    followed, pairs = following_renames({"actors": named}, known, renames.resolve)
    for before, after in zip(named, followed["actors"], strict=True):
        if before in known or renames.resolve(before) not in known:
            assert after == before
        else:
            assert after == renames.resolve(before) and (before, after) in pairs


# --- in the app ---------------------------------------------------------------------------


def _other_editor_renames(path: Path, old: str, new: str) -> None:
    """What another editor's app does on a rename: the story, then the review log."""
    story = StoryFile.open(path)
    actor = story.fields(old)
    assert actor is not None
    saved = save_edit(story, update_renaming(story, old, {**actor, "id": new}))
    assert isinstance(saved, Saved), saved
    entry = next(a for a in saved.story.bundle.actors if a.id == new)
    ReviewSession.for_bundle(saved.story.bundle, reviewer="bea").rename(old, entry)


async def _form_naming(pilot: object, app: object, actor_id: str) -> tuple[EntryForm, Event]:
    await pilot.press("1", "E")  # type: ignore[attr-defined]
    form = app.screen  # type: ignore[attr-defined]
    assert isinstance(form, EntryForm)
    event = main_of(app).timeline.current  # type: ignore[arg-type]
    assert isinstance(event, Event) and actor_id not in event.actors
    refs = form.query_one("#field-actors", ActorRefs)
    refs.set_ids([*refs.ids, actor_id])  # as the picker does, from the names it offered
    return form, event


async def test_a_form_naming_an_actor_renamed_meanwhile_saves_it_by_its_new_id(
    tmp_path: Path,
) -> None:
    path = story_copy("second", tmp_path)
    app = app_on(path, reviewer="ana")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form, event = await _form_naming(pilot, app, "harbour-authority")
        _other_editor_renames(path, "harbour-authority", "port-authority")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), str(form.query_one("#form-problems").render())
        assert "harbour-authority is now port-authority" in _messages(app)
    saved = next(e for e in load_bundle(path)[0].events if e.id == event.id)
    assert saved.actors == (*event.actors, "port-authority")


async def test_a_form_naming_an_actor_deleted_meanwhile_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """Deleted, not renamed: nothing to follow; check's refusal stands, the form stays."""
    path = story_copy("second", tmp_path)
    app = app_on(path, reviewer="ana")
    async with app.run_test(size=SIZE) as pilot:
        form, _ = await _form_naming(pilot, app, "kestrel-bay")
        deleted = save_edit(StoryFile.open(path), Delete("kestrel-bay"))
        assert isinstance(deleted, Saved), deleted
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "kestrel-bay" in str(form.query_one("#form-problems").render())
    assert path.read_bytes() == before
