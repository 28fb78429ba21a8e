"""The writer keeps every byte of a story file outside the entry it edits.

tests/authoring/golden.toml is written by hand, every way the format allows (comments in and
between entries, odd spacing, quoted keys, literal and multi-line strings, dotted keys, inline
tables, `[[...sources]]` sub-tables, x- keys). SPANS below says, from reading the file, which
lines each entry has; every edit of an entry must leave all the other lines as they were.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli

from tui.authoring.edits import Batch, Create, Delete, Saved, Update
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import save_edit
from tui.model.load import load_bundle

FIXTURES = Path(__file__).parent / "authoring"
GOLDEN = FIXTURES / "golden.toml"

# entry id -> (its header's line, its last line), 1-based, read off the file by eye.
SPANS = {
    "p1": (27, 30),
    "p2": (32, 35),
    "p3": (37, 40),
    "p4": (42, 45),
    "ada-park": (50, 71),
    "port-authority": (73, 81),
    "crews": (83, 91),
    "strike-begins": (96, 105),
    "crews-return": (107, 118),
    "ships-sail": (122, 127),
    "we-won": (132, 138),
    "won-a-say": (140, 149),
    "won-scare": (151, 155),
}
LABEL = {"paragraphs": "x-source", "actors": "name", "events": "title", "quotes": "cue"}

Change = Callable[[dict[str, Any]], None]


def _relabel(fields: dict[str, Any]) -> None:
    key = next(k for k in ("title", "name", "cue", "x-source") if k in fields or k == "x-source")
    fields[key] = 'A new “label”, with \'quotes\' and "more"'


def _add_x_table(fields: dict[str, Any]) -> None:
    fields["x-check"] = {"by": "sam", "ok": True, "n": 2}


def _drop_x_keys(fields: dict[str, Any]) -> None:
    for key in [k for k in fields if k.startswith("x-")]:
        del fields[key]


def _add_whole_paragraph_link(fields: dict[str, Any]) -> None:
    if "sources" in fields:
        fields["sources"].append({"paragraph": fields["sources"][0]["paragraph"]})
    else:
        fields["kind"] = "body"


def _drop_last_link(fields: dict[str, Any]) -> None:
    if len(fields.get("sources", [])) > 1:
        fields["sources"].pop()
    elif "sources" in fields:
        fields["sources"][0]["x-checked"] = True
    else:
        fields["x-source"] = "wire"


def _multi_line_value(fields: dict[str, Any]) -> None:
    key = "summary" if "title" in fields else "description" if "name" in fields else "x-note"
    fields[key] = "First line\nsecond line with a tab\tand a backslash \\ and a bell \x07"


CHANGES: dict[str, Change] = {
    "relabel": _relabel,
    "add-x-table": _add_x_table,
    "drop-x-keys": _drop_x_keys,
    "add-link": _add_whole_paragraph_link,
    "drop-link": _drop_last_link,
    "multi-line": _multi_line_value,
}


@pytest.fixture
def golden(tmp_path: Path) -> StoryFile:
    path = tmp_path / "golden.toml"
    shutil.copyfile(GOLDEN, path)
    return StoryFile.open(path)


def _assert_only_lines_changed(before: bytes, after: bytes, first: int, last: int) -> None:
    """Lines outside first..last (1-based) of `before` are in `after`, unchanged, in place."""
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    head, tail = old[: first - 1], old[last:]
    assert new[: len(head)] == head
    assert new[len(new) - len(tail) :] == tail
    assert len(new) >= len(head) + len(tail)


@pytest.mark.parametrize("entry_id", SPANS)
@pytest.mark.parametrize("change", CHANGES)
def test_an_update_changes_only_the_entry_s_lines(
    golden: StoryFile, entry_id: str, change: str
) -> None:
    fields = golden.fields(entry_id)
    assert fields is not None
    CHANGES[change](fields)
    outcome = save_edit(golden, Update(entry_id, fields))
    assert isinstance(outcome, Saved), outcome
    after = Path(golden.path).read_bytes()
    _assert_only_lines_changed(golden.raw, after, *SPANS[entry_id])
    assert after == outcome.story.raw
    reloaded, _ = load_bundle(golden.path)
    assert repr(reloaded) == repr(outcome.story.bundle)
    assert tomli.loads(after.decode()) == outcome.story.data
    assert outcome.story.fields(entry_id) == fields


@pytest.mark.parametrize("entry_id", SPANS)
def test_undoing_an_update_puts_back_the_very_bytes(golden: StoryFile, entry_id: str) -> None:
    fields = golden.fields(entry_id)
    assert fields is not None
    _relabel(fields)
    _add_x_table(fields)
    saved = save_edit(golden, Update(entry_id, fields))
    assert isinstance(saved, Saved)
    undone = save_edit(saved.story, saved.inverse)
    assert isinstance(undone, Saved)
    assert Path(golden.path).read_bytes() == golden.raw


@pytest.mark.parametrize(
    "entry_id", [i for i in SPANS if not i.startswith("p") and i not in ("ada-park", "crews")]
)
def test_a_deletion_takes_the_entry_s_lines_and_undo_puts_them_back(
    golden: StoryFile, entry_id: str
) -> None:
    saved = save_edit(golden, Delete(entry_id))
    assert isinstance(saved, Saved), saved
    first, last = SPANS[entry_id]
    old = golden.raw.decode().splitlines(keepends=True)
    new = Path(golden.path).read_text().splitlines(keepends=True)
    rest = old[last:]
    while rest and not rest[0].strip():
        rest.pop(0)  # the blank line after the entry goes with it
    assert new == old[: first - 1] + rest
    undone = save_edit(saved.story, saved.inverse)
    assert isinstance(undone, Saved)
    assert Path(golden.path).read_bytes() == golden.raw


def test_a_bundle_saved_with_no_edit_is_unchanged(golden: StoryFile) -> None:
    stat = Path(golden.path).stat()
    for edit in (Batch(()), Update("crews-return", golden.fields("crews-return") or {})):
        outcome = save_edit(golden, edit)
        assert isinstance(outcome, Saved)
        assert Path(golden.path).read_bytes() == golden.raw
    assert Path(golden.path).stat().st_mtime_ns == stat.st_mtime_ns  # not even rewritten


EXPECTED_ADDITIONS = {
    # a new event between two dated ones: after the first, laid out like it
    "events": '''
[[events]]
id = "talks-resume"
title = "Talks resume"
when = "on Wednesday"
date = "2021-03-03"
actors = ["crews"]
sources = [
  { paragraph = "p2", exact = "the strike began" },
]
''',
    # a new actor after the last, its links indented four and without a trailing comma
    # like the actor before it
    "actors": '''
[[actors]]
id = "lee-tan"
name = "Lee Tan"
kind = "person"
sources = [
    { paragraph = "p4", exact = "Lee Tan" }
]
''',
}


def test_new_entries_are_laid_out_like_their_neighbours(golden: StoryFile) -> None:
    event = {
        "id": "talks-resume",
        "title": "Talks resume",
        "when": "on Wednesday",
        "date": "2021-03-03",
        "actors": ["crews"],
        "sources": [{"paragraph": "p2", "exact": "the strike began"}],
    }
    actor = {
        "id": "lee-tan",
        "name": "Lee Tan",
        "kind": "person",
        "sources": [{"paragraph": "p4", "exact": "Lee Tan"}],
    }
    first = save_edit(golden, Create("events", event))
    assert isinstance(first, Saved), first
    second = save_edit(first.story, Create("actors", actor))
    assert isinstance(second, Saved), second
    text = Path(golden.path).read_text()
    old = golden.raw.decode()
    # The event goes after strike-begins (line 105), the actor after crews (line 91).
    lines = old.splitlines(keepends=True)
    expected = (
        "".join(lines[:91])
        + EXPECTED_ADDITIONS["actors"]
        + "".join(lines[91:105])
        + EXPECTED_ADDITIONS["events"]
        + "".join(lines[105:])
    )
    assert text == expected
    assert [e.id for e in second.story.bundle.events][:2] == ["strike-begins", "talks-resume"]


def test_a_quote_s_table_sources_stay_tables(golden: StoryFile) -> None:
    fields = copy.deepcopy(golden.fields("won-a-say"))
    assert fields is not None
    fields["sources"].append({"paragraph": "p3", "exact": "they won a say"})
    saved = save_edit(golden, Update("won-a-say", fields))
    assert isinstance(saved, Saved), saved
    text = Path(golden.path).read_text()
    assert text.count("[[quotes.sources]]") == 2
    assert 'exact = "they won a say"' in text
    assert "sources = [" not in text.split('id = "won-a-say"')[1].split("[[quotes]]")[0]
