"""Random runs of creating, editing, deleting, undoing and redoing entries.

After every step the file on disk passes check and loads to exactly the bundle and tables the
writer reports; a refused step changes nothing; at the end, undoing every step gives back the
very bytes the run started from (their content, for a file only the slow path can edit).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from tui.authoring.edits import Create, Delete, Refused, Saved, Update
from tui.authoring.history import EditHistory
from tui.authoring.ids import new_entry_id
from tui.authoring.selection import link_for_selection
from tui.authoring.story_file import StoryFile
from tui.authoring.values import same
from tui.authoring.writer import save_edit
from tui.model.content import shipped_bundle_path
from tui.model.entities import ACTOR_KINDS, QUOTE_KINDS
from tui.model.load import load_bundle

TESTS = Path(__file__).resolve().parent
SOURCES = {
    "shipped": shipped_bundle_path(),
    "golden": TESTS / "authoring" / "golden.toml",
    "unusual": TESTS / "bundles" / "unusual.toml",
    "second": TESTS / "app_fixtures" / "second.toml",
    "inline": TESTS / "authoring" / "inline_arrays.toml",
}
SLOW_ONLY = {"inline"}  # entries in inline arrays: the slow path, content kept, not bytes

# Text that is hard to write: quotes of every kind, backslashes, TOML's own punctuation,
# line breaks, tabs, control characters, bidi overrides, a character outside the BMP.
TEXT = st.lists(
    st.sampled_from(
        [
            *"aZ 09-_.,#=[]{}\"'\\\n\t",
            *('"""', "'''", "\u201c", "\u2019", "\x07", "\x1b", "\x85", "\u202e", "\U0001f600"),
        ]
    ),
    max_size=12,
).map("".join)
ZONES = st.sampled_from(
    [None, dt.UTC, dt.timezone(dt.timedelta(hours=3)), dt.timezone(dt.timedelta(minutes=-330))]
)
SCALARS = (
    TEXT
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.datetimes(timezones=ZONES)
    | st.dates()
    | st.times()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
DATES = st.sampled_from(["2019-02-09", "2003~", "../2019-02", "2019-21", "1999", "2019-02-30"])


class Editing(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="authoring-properties-"))
        self.history = EditHistory()
        self.steps = 0

    @initialize(name=st.sampled_from(sorted(SOURCES)))
    def open_story(self, name: str) -> None:
        self.name = name
        path = self.folder / "story.toml"
        shutil.copyfile(SOURCES[name], path)
        self.story = StoryFile.open(path)
        self.original = self.story

    # -- the steps ---------------------------------------------------------------------

    def _save(self, edit: Any) -> None:
        before = Path(self.story.path).read_bytes()
        outcome = save_edit(self.story, edit)
        if isinstance(outcome, Refused):
            assert outcome.problems
            assert Path(self.story.path).read_bytes() == before
            return
        assert isinstance(outcome, Saved), outcome  # one editor: no conflict, no failure
        self.history.record(outcome)
        self.story = outcome.story

    def _entries(self) -> list[str]:
        if not hasattr(self, "story"):
            return []
        bundle = self.story.bundle
        return [e.id for e in (*bundle.events, *bundle.actors, *bundle.quotes)]

    def _link(self, data: st.DataObject) -> dict[str, Any]:
        paragraph = data.draw(st.sampled_from(self.story.bundle.paragraphs))
        if data.draw(st.booleans()):
            return {"paragraph": paragraph.id}
        start = data.draw(st.integers(0, len(paragraph.text) - 1))
        end = data.draw(st.integers(start + 1, min(len(paragraph.text), start + 40)))
        try:
            return link_for_selection(paragraph.text, start, end).source(paragraph.id)
        except ValueError:  # only white space selected
            return {"paragraph": paragraph.id}

    @precondition(lambda self: bool(self._entries()))
    @rule(data=st.data())
    def update(self, data: st.DataObject) -> None:
        entry_id = data.draw(st.sampled_from(self._entries()))
        fields = self.story.fields(entry_id)
        assert fields is not None
        change = data.draw(st.sampled_from(["label", "x-set", "x-drop", "link", "unlink", "date"]))
        label = next(k for k in ("title", "name", "text") if k in fields)
        if change == "label":
            fields[label] = data.draw(TEXT)
        elif change == "x-set":
            fields["x-" + data.draw(TEXT)] = data.draw(VALUES)
        elif change == "x-drop":
            for key in [k for k in fields if k.startswith("x-")][:1]:
                del fields[key]
        elif change == "link":
            fields["sources"].append(self._link(data))
        elif change == "unlink" and len(fields["sources"]) > 1:
            del fields["sources"][data.draw(st.integers(0, len(fields["sources"]) - 1))]
        elif change == "date" and "title" in fields:
            fields["date"] = data.draw(DATES)
        self._save(Update(entry_id, fields))

    @rule(data=st.data(), section=st.sampled_from(["events", "actors", "quotes"]))
    def create(self, data: st.DataObject, section: str) -> None:
        link = self._link(data)
        label = data.draw(TEXT)
        fields: dict[str, Any] = {"id": new_entry_id(label, self.story.ids(), section)}
        if section == "events":
            fields |= {"title": label, "when": data.draw(TEXT)}
            if data.draw(st.booleans()):
                fields["date"] = data.draw(DATES)
        elif section == "actors":
            fields |= {"name": label, "kind": data.draw(st.sampled_from(ACTOR_KINDS))}
        else:
            kind = data.draw(st.sampled_from(QUOTE_KINDS))
            fields |= {"kind": kind, "text": link.get("exact", label)}
            if kind != "scare" and self.story.bundle.actors:
                fields["speaker"] = data.draw(st.sampled_from(self.story.bundle.actors)).id
        fields["sources"] = [link]
        if data.draw(st.booleans()):
            fields["x-" + data.draw(TEXT)] = data.draw(VALUES)
        self._save(Create(section, fields))

    @precondition(lambda self: bool(self._entries()))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        self._save(Delete(data.draw(st.sampled_from(self._entries()))))

    @rule()
    def undo(self) -> None:
        edit = self.history.undo_edit()
        if edit is None:
            return
        outcome = save_edit(self.story, edit)
        assert isinstance(outcome, Saved), outcome  # an undo is always possible, alone
        self.history.undone(outcome)
        self.story = outcome.story

    @rule()
    def redo(self) -> None:
        edit = self.history.redo_edit()
        if edit is None:
            return
        outcome = save_edit(self.story, edit)
        assert isinstance(outcome, Saved), outcome
        self.history.redone(outcome)
        self.story = outcome.story

    # -- what always holds ---------------------------------------------------------------

    @invariant()
    def the_file_is_what_the_writer_reports(self) -> None:
        if not hasattr(self, "story"):
            return
        raw = Path(self.story.path).read_bytes()
        assert raw == self.story.raw
        bundle, problems = load_bundle(self.story.path)  # check passes it
        assert repr(bundle) == repr(self.story.bundle)
        assert [p.format() for p in problems] == [p.format() for p in self.story.problems]
        assert same(tomli.loads(raw.decode("utf-8")), self.story.data)

    def teardown(self) -> None:
        try:
            if hasattr(self, "story"):
                while (edit := self.history.undo_edit()) is not None:
                    outcome = save_edit(self.story, edit)
                    assert isinstance(outcome, Saved), outcome
                    self.history.undone(outcome)
                    self.story = outcome.story
                if self.name in SLOW_ONLY:
                    assert same(self.story.data, self.original.data)
                else:
                    assert self.story.raw == self.original.raw
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


Editing.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_edits_keep_the_file_valid_and_undo_restores_it = Editing.TestCase
