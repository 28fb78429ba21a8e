"""Files the header scan cannot vouch for are edited as a whole tomlkit document, correctly.

tests/authoring/inline_arrays.toml writes its entries as inline arrays of tables;
tests/authoring/header_lookalikes.toml has lines that read as headers inside multi-line strings
and arrays, and an actor with a sub-table written after another table. Each edit must take the
slow path where (and only where) the fast one cannot be trusted, and change only its entry.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli

from tui.authoring import whole_file
from tui.authoring.edits import Create, Delete, Saved, Update
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import save_edit
from tui.model.load import load_bundle

FIXTURES = Path(__file__).parent / "authoring"


@pytest.fixture
def slow_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the slow path parsed a whole document."""
    calls: list[int] = []
    parse = whole_file.parse

    def counting(raw: bytes) -> Any:
        calls.append(len(raw))
        return parse(raw)

    monkeypatch.setattr(whole_file, "parse", counting)
    return calls


def _open(tmp_path: Path, name: str) -> StoryFile:
    shutil.copyfile(FIXTURES / name, tmp_path / name)
    return StoryFile.open(tmp_path / name)


def _changed_lines(before: bytes, after: bytes) -> set[int]:
    """1-based numbers of the lines of `before` that were changed or removed, and the line
    before which lines were added."""
    matcher = difflib.SequenceMatcher(
        None, before.decode().splitlines(), after.decode().splitlines(), autojunk=False
    )
    changed: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return changed


def _check(outcome: object) -> Saved:
    assert isinstance(outcome, Saved), outcome
    reloaded, _ = load_bundle(outcome.story.path)
    assert repr(reloaded) == repr(outcome.story.bundle)
    assert tomli.loads(Path(outcome.story.path).read_text()) == outcome.story.data
    return outcome


def test_inline_arrays_are_edited_in_place(tmp_path: Path, slow_calls: list[int]) -> None:
    story = _open(tmp_path, "inline_arrays.toml")
    fields = story.fields("rise")
    assert fields is not None
    fields["title"] = "Fares rise by ten per cent"
    fields["date"] = "2024"
    saved = _check(save_edit(story, Update("rise", fields)))
    assert slow_calls
    assert _changed_lines(story.raw, saved.story.raw) == {11}  # the one line of that entry
    line = saved.story.raw.decode().splitlines()[10]
    assert line.startswith('  { id = "rise", title = "Fares rise by ten per cent"')
    assert "# fares rose before" in saved.story.raw.decode()


def test_inline_arrays_take_new_and_lose_old_entries(tmp_path: Path, slow_calls: list[int]) -> None:
    story = _open(tmp_path, "inline_arrays.toml")
    event = {
        "id": "next-rise",
        "title": "Fares rise again",
        "when": "",
        "date": "2025",
        "sources": [{"paragraph": "p1", "exact": "Ferry fares rise"}],
    }
    created = _check(save_edit(story, Create("events", event)))
    assert [e.id for e in created.story.bundle.events] == ["last-rise", "rise", "next-rise"]
    assert created.story.raw.decode().count("\n") == story.raw.decode().count("\n") + 1
    deleted = _check(save_edit(created.story, Delete("last-rise")))
    assert [e.id for e in deleted.story.bundle.events] == ["rise", "next-rise"]
    undone = _check(save_edit(deleted.story, deleted.inverse))
    assert [e.id for e in undone.story.bundle.events] == ["last-rise", "rise", "next-rise"]
    quote = undone.story.fields("said")
    assert quote is not None
    quote["cue"] = "said"
    _check(save_edit(undone.story, Update("said", quote)))
    assert len(slow_calls) == 4


@pytest.mark.parametrize(
    ("entry_id", "first", "last", "slow"),
    [
        ("p1", 9, 15, True),  # [x-fake] inside its text
        ("p2", 17, 19, False),  # plain: the fast path
        ("writer", 21, 28, True),  # ["a"] inside an array reads as a header
        ("reader", 30, 34, False),
        ("first", 36, 43, True),  # [[events]] inside p1's text: one too many
    ],
)
def test_lookalike_headers_take_the_slow_path_and_change_only_their_entry(
    tmp_path: Path, slow_calls: list[int], entry_id: str, first: int, last: int, slow: bool
) -> None:
    story = _open(tmp_path, "header_lookalikes.toml")
    fields = story.fields(entry_id)
    assert fields is not None
    fields["x-edited"] = "yes"
    saved = _check(save_edit(story, Update(entry_id, fields)))
    assert bool(slow_calls) is slow
    assert _changed_lines(story.raw, saved.story.raw) <= set(range(first, last + 2))
    assert saved.story.fields(entry_id) == fields
    assert saved.problems == ()


def test_a_sub_table_out_of_order_is_kept_and_the_move_reported(
    tmp_path: Path, slow_calls: list[int]
) -> None:
    story = _open(tmp_path, "out_of_order.toml")
    fields = story.fields("reader")
    assert fields is not None and fields["x-late"]["note"].startswith("a sub-table")
    fields["name"] = "The close reader"
    saved = _check(save_edit(story, Update("reader", fields)))
    assert slow_calls
    assert saved.story.fields("reader") == fields
    assert [p.code for p in saved.problems] == ["layout-changed"]


def test_a_first_quote_after_lookalikes(tmp_path: Path, slow_calls: list[int]) -> None:
    story = _open(tmp_path, "header_lookalikes.toml")
    quote = {
        "id": "plain",
        "kind": "scare",
        "text": "plain",
        "sources": [{"paragraph": "p2"}],
    }
    saved = _check(save_edit(story, Create("quotes", quote)))
    assert slow_calls
    assert [q.id for q in saved.story.bundle.quotes] == ["plain"]
    assert saved.story.raw.startswith(story.raw.rstrip(b"\n"))  # added at the end
