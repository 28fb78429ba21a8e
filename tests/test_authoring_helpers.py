"""The writer's helpers: links for a selection, quote text, ids, undo history, copying the
shipped story, new bundles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.authoring.edits import Batch, Create, Delete, Saved, Update
from tui.authoring.history import EditHistory, describe
from tui.authoring.ids import new_entry_id, slug
from tui.authoring.new_bundle import NewBundle, NotWritten, render_bundle, write_new_bundle
from tui.authoring.references import references_to
from tui.authoring.selection import LinkFields, link_for_selection, strip_quotation_marks
from tui.authoring.shipped import copy_shipped_story, copy_story, is_shipped
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import save_edit
from tui.fileio import SymlinkRefused
from tui.model.content import shipped_bundle_path
from tui.model.folding import FoldedText
from tui.model.load import load_bundle
from tui.model.rules import ID_PATTERN
from tui.model.selectors import match_selector

BASE = Path(__file__).resolve().parent / "bundles" / "base.toml"


# -- a link for selected words -----------------------------------------------------------------


def _resolves_to(text: str, link: LinkFields) -> tuple[int, int] | None:
    """Where the model's own matcher puts the link, None if not exactly one place."""
    found = match_selector(FoldedText.of(text), link.exact, link.prefix, link.suffix)
    return (found.start, found.end) if found.ok else None


def test_words_that_occur_once_need_no_context() -> None:
    text = "The Kurds regained lost ground on Tuesday."
    assert link_for_selection(text, 4, 9) == LinkFields("Kurds")


def test_repeated_words_get_just_enough_context() -> None:
    text = "Photograph: AFP. AFP said the AFP photographer left."
    starts = [i for i in range(len(text)) if text.startswith("AFP", i)]
    links = [link_for_selection(text, s, s + 3) for s in starts]
    assert links == [
        LinkFields("AFP", suffix="."),
        LinkFields("AFP", suffix=" said"),
        LinkFields("AFP", prefix="the "),
    ]
    for start, link in zip(starts, links, strict=True):
        assert _resolves_to(text, link) == (start, start + 3)


def test_a_selection_loses_the_white_space_at_its_ends() -> None:
    text = "one  two\nthree"
    assert link_for_selection(text, 3, 10) == LinkFields("two\nt")
    with pytest.raises(ValueError, match="nothing is selected"):
        link_for_selection(text, 3, 5)


def test_context_keeps_the_paragraph_s_own_white_space() -> None:
    text = "said the mayor.\n\nLater the mayor\tsaid again."
    start = text.rindex("the mayor")
    link = link_for_selection(text, start, start + len("the mayor"))
    assert link == LinkFields("the mayor", suffix="\tsaid")
    assert _resolves_to(text, link) == (start, start + len("the mayor"))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n.", min_size=1, max_size=40),
    st.integers(0, 40),
    st.integers(1, 8),
)
def test_every_selection_gets_a_link_to_exactly_it(text: str, start: int, length: int) -> None:
    end = min(len(text), start + length)
    start = min(start, len(text))
    if not text[start:end].strip():
        with pytest.raises(ValueError):
            link_for_selection(text, start, end)
        return
    link = link_for_selection(text, start, end)
    span = _resolves_to(text, link)
    assert span is not None
    assert text[span[0] : span[1]] == link.exact
    assert link.exact == text[start:end].strip(" \n")
    assert span[0] >= start and span[1] <= end  # this place, not another with the same words
    overlapping = sum(text.startswith(link.exact, i) for i in range(len(text)))
    if overlapping == 1 and "  " not in text and "\n" not in text:
        assert link.prefix is None and link.suffix is None


def test_link_fields_make_a_source_table() -> None:
    assert LinkFields("AFP", suffix=" said").source("p4") == {
        "paragraph": "p4",
        "exact": "AFP",
        "suffix": " said",
    }


@pytest.mark.parametrize(
    ("selected", "text"),
    [
        ("“It is long overdue,”", "It is long overdue,"),
        ('"It is long overdue,"', "It is long overdue,"),
        ("\u2018caliphate\u2019", "caliphate"),
        ("«liberté»", "liberté"),
        ("“caliphate", "caliphate"),
        ("no marks", "no marks"),
    ],
)
def test_quotation_marks_are_stripped_for_a_quote_s_text(selected: str, text: str) -> None:
    assert strip_quotation_marks(selected) == text


# -- ids ---------------------------------------------------------------------------------------


def test_ids_are_slugs_of_the_title_and_unique() -> None:
    assert slug("The Kurds regain lost ground on Tuesday, again") == (
        "the-kurds-regain-lost-ground-on"
    )
    curly = "\u00c9lodie \u015eahin \u2014 O\u2019Neill"
    assert slug(curly) == slug("Elodie Sahin, O'Neill") == "elodie-sahin-oneill"
    taken = {"kurds-regain", "kurds-regain-2"}
    assert new_entry_id("Kurds regain", taken) == "kurds-regain-3"
    assert new_entry_id("«»", set(), "quotes") == "quote"
    assert new_entry_id("", {"event"}, "events") == "event-2"


@given(st.text(max_size=80), st.sets(st.text(max_size=10), max_size=5))
def test_every_id_made_is_a_valid_new_one(text: str, taken: set[str]) -> None:
    made = new_entry_id(text, taken)
    assert ID_PATTERN.fullmatch(made) and made not in taken and len(made) <= 60


# -- references ---------------------------------------------------------------------------------


def test_references_name_every_entry_that_names_the_actor() -> None:
    story = StoryFile.open(shipped_bundle_path())
    found = references_to(story.data, "sdf")
    involving = {e.id for e in story.bundle.events if "sdf" in e.actors} | {
        q.id for q in story.bundle.quotes if "sdf" in (q.speaker, *q.about)
    }
    assert {r.entry_id for r in found} == involving and involving


# -- undo and redo ------------------------------------------------------------------------------


def test_history_undoes_and_redoes_edits_back_to_the_very_bytes(tmp_path: Path) -> None:
    path = tmp_path / "story.toml"
    shutil.copyfile(shipped_bundle_path(), path)
    story = StoryFile.open(path)
    original = story.raw
    history = EditHistory()
    fields = story.fields("offensive-begins")
    assert fields is not None
    fields["title"] = "Changed"
    edits: list[Any] = [
        Update("offensive-begins", fields),
        Delete("isis-founded"),
        Create(
            "actors",
            {"id": "new", "name": "New", "kind": "other", "sources": [{"paragraph": "p6"}]},
        ),
    ]
    states = [original]
    for edit in edits:
        saved = save_edit(story, edit)
        assert isinstance(saved, Saved)
        history.record(saved)
        story = saved.story
        states.append(story.raw)
    assert history.undo_label() == "add actor new"
    for state in reversed(states[:-1]):
        undo = history.undo_edit()
        assert undo is not None
        saved = save_edit(story, undo)
        assert isinstance(saved, Saved)
        history.undone(saved)
        story = saved.story
        assert path.read_bytes() == state
    assert not history.can_undo and history.undo_edit() is None
    for state in states[1:]:
        redo = history.redo_edit()
        assert redo is not None
        saved = save_edit(story, redo)
        assert isinstance(saved, Saved)
        history.redone(saved)
        story = saved.story
        assert path.read_bytes() == state
    assert not history.can_redo


def test_a_new_edit_clears_what_could_be_redone(tmp_path: Path) -> None:
    path = tmp_path / "story.toml"
    shutil.copyfile(BASE, path)
    story = StoryFile.open(path)
    history = EditHistory()
    saved = save_edit(story, Delete("opening"))
    assert isinstance(saved, Saved)
    history.record(saved)
    undo = history.undo_edit()
    assert undo is not None
    undone = save_edit(saved.story, undo)
    assert isinstance(undone, Saved)
    history.undone(undone)
    assert history.can_redo
    again = save_edit(undone.story, Delete("vote"))
    assert isinstance(again, Saved)
    history.record(again)
    assert not history.can_redo and history.undo_label() == "delete vote"


def test_describe_says_what_an_edit_did() -> None:
    assert describe(Batch((Delete("a"), Delete("b")))) == "2 edits"
    assert describe(Create("quotes", {"id": "q"})) == "add quote q"


# -- the shipped story --------------------------------------------------------------------------


def test_the_shipped_story_is_edited_as_a_copy(tmp_path: Path) -> None:
    assert is_shipped(shipped_bundle_path())
    copy = copy_shipped_story(tmp_path)
    assert copy == tmp_path / "baghouz.toml" and not is_shipped(copy)
    assert copy.read_bytes() == shipped_bundle_path().read_bytes()
    with pytest.raises(FileExistsError):
        copy_shipped_story(tmp_path)
    copy.write_text("changed")
    assert copy_shipped_story(tmp_path, force=True) == copy
    assert copy.read_bytes() == shipped_bundle_path().read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(shipped_bundle_path())
    assert is_shipped(link)


def test_a_copy_never_goes_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    link = tmp_path / "story.toml"
    link.symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        copy_story(BASE, link)  # even a dangling link is something there
    with pytest.raises(SymlinkRefused):
        copy_story(BASE, link, force=True)
    assert not elsewhere.exists()


# -- new bundles --------------------------------------------------------------------------------


def _new_data() -> dict[str, Any]:
    return {
        "format": "story-bundle/1",
        "x-source": {"tool": "import"},
        "story": {"headline": "A new story", "id": "new-story", "x-desk": "metro"},
        "paragraphs": [
            {"id": "p1", "text": "The first paragraph, with “quotes” and a \\ backslash."},
            {"id": "p2", "kind": "caption", "text": "A caption.\nOn two lines."},
        ],
        "events": [
            {"id": "e1", "title": "Something", "when": "", "sources": [{"paragraph": "p1"}]},
        ],
    }


def test_a_new_bundle_is_written_if_check_passes_it(tmp_path: Path) -> None:
    text = render_bundle(_new_data())
    assert text.startswith('format = "story-bundle/1"\nx-source = { tool = "import" }\n\n[story]\n')
    caption = '[[paragraphs]]\nid = "p2"\nkind = "caption"\ntext = "A caption.\\nOn two lines."'
    assert caption in text
    path = tmp_path / "new.toml"
    outcome = write_new_bundle(path, text)
    assert isinstance(outcome, NewBundle) and outcome.path == path
    bundle, problems = load_bundle(path)
    assert problems == [] and repr(bundle) == repr(outcome.bundle)
    assert [p.text for p in bundle.paragraphs][1] == "A caption.\nOn two lines."
    with pytest.raises(FileExistsError):
        write_new_bundle(path, text)
    assert isinstance(write_new_bundle(path, text, force=True), NewBundle)


def test_an_invalid_new_bundle_is_not_written(tmp_path: Path) -> None:
    data = _new_data()
    data["events"][0]["sources"] = [{"paragraph": "p9"}]
    path = tmp_path / "new.toml"
    outcome = write_new_bundle(path, render_bundle(data))
    assert isinstance(outcome, NotWritten)
    assert [p.code for p in outcome.problems] == ["unknown-reference"]
    assert not path.exists() and os.listdir(tmp_path) == []


def test_a_new_bundle_never_replaces_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.toml"
    target.write_text("keep me")
    link = tmp_path / "new.toml"
    link.symlink_to(target)
    text = render_bundle(_new_data())
    with pytest.raises(FileExistsError):
        write_new_bundle(link, text)
    with pytest.raises(SymlinkRefused):
        write_new_bundle(link, text, force=True)
    assert target.read_text() == "keep me"


@pytest.mark.parametrize(
    ("written", "lower"),
    [
        (r'"\u001b[31m"', True),
        (r'"\u001B[31m"', False),
        (r'"\U0001f600"', True),
        (r'"\u0007 only digits"', False),  # nothing to tell by: the writer's own case
        (r'"\u001b and \u009B"', False),  # mixed: the writer's own case
        (r'"\u0041bc"', False),  # "bc" is text after the escape, not part of it
        (r'"C:\\ubad"', False),  # an escaped backslash, then the letters "ubad"
        (r'"no escapes"', False),
    ],
)
def test_lower_hex_reads_only_the_digits_of_real_escapes(written: str, lower: bool) -> None:
    from tui.authoring.values import lower_hex, string

    assert lower_hex(written) is lower
    assert string("\x1b", lower=lower) == ('"\\u001b"' if lower else '"\\u001B"')


_FIELD_VALUES = st.dictionaries(st.sampled_from(["title", "when", "date", "summary"]),
                                st.sampled_from(["a", "b", "c"]), max_size=4)


@given(_FIELD_VALUES, _FIELD_VALUES, _FIELD_VALUES)
def test_merged_takes_my_changes_and_theirs_elsewhere(
    base: dict[str, str], theirs: dict[str, str], ours: dict[str, str]
) -> None:
    from tui.authoring.edits import merged

    result = merged(base, theirs, ours)
    for key in {*base, *theirs, *ours}:
        if key in ours and ours.get(key) != base.get(key):
            assert result[key] == ours[key]  # I changed (or added) it
        elif key in base and key not in ours:
            assert key not in result  # I took it out
        else:  # I left it as it was: as they have it now
            assert result.get(key) == theirs.get(key)
    assert merged(base, base, ours) == {k: ours[k] for k in ours}  # nobody else: mine

