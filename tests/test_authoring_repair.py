"""Repair: a file whose links no longer match its text is edited toward passing check.

`check --fix --write` and the app's repair mode write fixes one at a time (or all at once) to a
file that fails check until the last is in; each save may keep the errors the file had, but
must add none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.authoring.edits import Batch, Refused, Saved, Update
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import preview_edit, save_edit
from tui.model.load import load_bundle
from tui.model.problems import BundleError

BASE = Path(__file__).resolve().parent / "bundles" / "base.toml"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """base.toml with p1 corrected ("voted 7-2" -> "voted seven to two"): two links break."""
    text = BASE.read_text()
    assert text.count("voted 7-2") == 2
    path = tmp_path / "story.toml"
    path.write_text(text.replace("voted 7-2", "voted seven to two", 1))
    return path


def _fixed_vote(story: StoryFile) -> Update:
    fields = story.fields("vote")
    assert fields is not None
    fields["sources"][0]["exact"] = "voted seven to two on Tuesday"
    return Update("vote", fields)


def test_a_file_that_fails_check_opens_only_for_repair(broken: Path) -> None:
    with pytest.raises(BundleError):
        StoryFile.open(broken)
    story = StoryFile.open(broken, with_errors=True)
    assert not story.valid
    assert [p.code for p in story.errors] == ["exact-not-found"]
    with pytest.raises(BundleError):
        _ = story.bundle


def test_a_fix_is_written_and_the_file_then_passes(broken: Path) -> None:
    story = StoryFile.open(broken, with_errors=True)
    saved = save_edit(story, _fixed_vote(story))  # no keep_errors: it must pass check now
    assert isinstance(saved, Saved)  # which this one fix makes it do
    assert saved.story.valid
    load_bundle(broken)


def test_fixes_one_by_one_keep_the_errors_not_yet_fixed(tmp_path: Path) -> None:
    text = BASE.read_text().replace("voted 7-2", "voted seven to two", 1)
    text = text.replace("would ease traffic", "will ease traffic", 1)
    path = tmp_path / "story.toml"
    path.write_text(text)
    story = StoryFile.open(path, with_errors=True)
    assert len(story.errors) == 2
    assert isinstance(save_edit(story, _fixed_vote(story)), Refused)  # one error would remain
    saved = save_edit(story, _fixed_vote(story), keep_errors=True)
    assert isinstance(saved, Saved) and not saved.story.valid
    assert [p.entry for p in saved.story.errors] == [story.errors[1].entry]
    assert "voted seven to two on Tuesday" in path.read_text()


def test_a_repair_may_not_add_an_error(broken: Path) -> None:
    story = StoryFile.open(broken, with_errors=True)
    worse = story.fields("council")
    assert worse is not None
    worse["kind"] = "committee"
    edits = Batch((_fixed_vote(story), Update("council", worse)))
    outcome = save_edit(story, edits, keep_errors=True)
    assert isinstance(outcome, Refused)
    assert [(p.entry, p.code) for p in outcome.problems] == [("council", "bad-kind")]
    assert broken.read_bytes() == story.raw


def test_a_repair_preview_is_the_diff_check_fix_prints(broken: Path) -> None:
    story = StoryFile.open(broken, with_errors=True)
    preview = preview_edit(story, _fixed_vote(story), keep_errors=True)
    assert not isinstance(preview, Refused)
    changed = [x for x in preview.diff("story.toml").splitlines()[2:] if x[:1] in "+-"]
    assert changed == [
        '-sources = [{ paragraph = "p1", exact = "voted 7-2 on Tuesday" }]',
        '+sources = [{ paragraph = "p1", exact = "voted seven to two on Tuesday" }]',
    ]
    assert broken.read_bytes() == story.raw
