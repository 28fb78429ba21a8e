"""What the writer writes: values in their style, new entries in their place, refusals that
write nothing, and files laid out unusually (CRLF, a BOM, no final line break)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli

from bench.storygen import generate
from tui.authoring.edits import Batch, Create, Delete, Refused, Saved, Update, fields_of
from tui.authoring.story_file import StoryFile
from tui.authoring.writer import Preview, preview_edit, save_edit
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "bundles" / "base.toml"
UNUSUAL = ROOT / "tests" / "bundles" / "unusual.toml"
GOLDEN = ROOT / "tests" / "authoring" / "golden.toml"


def _open(tmp_path: Path, source: Path | str, name: str = "story.toml") -> StoryFile:
    path = tmp_path / name
    if isinstance(source, Path):
        shutil.copyfile(source, path)
    else:
        path.write_bytes(source.encode("utf-8"))
    return StoryFile.open(path)


def _saved(outcome: object) -> Saved:
    assert isinstance(outcome, Saved), outcome
    reloaded, _ = load_bundle(outcome.story.path)
    assert repr(reloaded) == repr(outcome.story.bundle)  # what the writer says is on disk
    assert Path(outcome.story.path).read_bytes() == outcome.story.raw
    return outcome


def _generated(n: int) -> str:
    return generate(n, seed=5)


# -- values ----------------------------------------------------------------------------


def test_a_changed_string_keeps_its_quoting_where_it_can(tmp_path: Path) -> None:
    story = _open(tmp_path, UNUSUAL)
    fields = story.fields("vote")
    assert fields is not None
    fields["summary"] = "Voted\n  8-1."  # was a multi-line basic string
    fields["sources"][1]["paragraph"] = "p1"  # was 'p1', a literal string: unchanged value
    saved = _saved(save_edit(story, Update("vote", fields)))
    text = saved.story.raw.decode()
    assert 'summary = """Voted\n  8-1."""' in text
    assert "paragraph = 'p1'" in text
    actor = saved.story.fields("ana-ruiz")
    assert actor is not None
    actor["name"] = "Ana R. Ruiz"  # was 'Ana Ruiz'
    text = _saved(save_edit(saved.story, Update("ana-ruiz", actor))).story.raw.decode()
    assert "name = 'Ana R. Ruiz'" in text


def test_a_value_that_cannot_be_literal_becomes_a_basic_string(tmp_path: Path) -> None:
    story = _open(tmp_path, UNUSUAL)
    fields = story.fields("ana-ruiz")
    assert fields is not None
    fields["name"] = "Ana 'Mayor' Ruiz"
    text = _saved(save_edit(story, Update("ana-ruiz", fields))).story.raw.decode()
    assert "name = \"Ana 'Mayor' Ruiz\"" in text


def test_control_characters_are_written_as_escapes_and_warned_about(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    fields = story.fields("vote")
    assert fields is not None
    fields["summary"] = "bell\x07 esc\x1b[31m C1\x9b bidi\u202e nl\nend"
    saved = _saved(save_edit(story, Update("vote", fields)))
    line = next(x for x in saved.story.raw.decode().splitlines() if x.startswith("summary"))
    assert line == 'summary = "bell\\u0007 esc\\u001B[31m C1\\u009B bidi\\u202E nl\\nend"'
    assert [p.code for p in saved.problems] == ["control-character"]
    assert saved.story.bundle.events[0].summary == fields["summary"]


@pytest.mark.parametrize("escape", ["\\u001b", "\\u001B"])
def test_a_rewritten_value_spells_its_escapes_as_the_entry_does(
    tmp_path: Path, escape: str
) -> None:
    # The whole value is written again when it changes: an escape the user did not touch
    # must come back as the file had it, or the diff shows a change that is none.
    text = BASE.read_text(encoding="utf-8")
    summary = next(x for x in text.splitlines() if x.startswith("summary"))
    hostile = f'summary = "red {escape}[31m alert, bell \\u0007"'
    story = _open(tmp_path, text.replace(summary, hostile, 1))
    fields = story.fields("vote")
    assert fields is not None
    fields["summary"] = "red \x1b[31m alert, bell \x07, and the vote \x9b"
    saved = _saved(save_edit(story, Update("vote", fields)))
    line = next(x for x in saved.story.raw.decode().splitlines() if x.startswith("summary"))
    c1 = "\\u009b" if escape.islower() else "\\u009B"
    assert line == f'summary = "red {escape}[31m alert, bell \\u0007, and the vote {c1}"'


def test_a_value_toml_cannot_hold_is_refused_and_nothing_written(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    fields = story.fields("vote")
    assert fields is not None
    fields["title"] = "half a surrogate \ud800"
    outcome = save_edit(story, Update("vote", fields))
    assert isinstance(outcome, Refused)
    assert outcome.problems[0].code == "unwritable"
    assert Path(story.path).read_bytes() == story.raw


def test_x_keys_of_every_type_round_trip(tmp_path: Path) -> None:
    import datetime as dt

    story = _open(tmp_path, BASE)
    fields = story.fields("council")
    assert fields is not None
    fields["x-all"] = {
        "int": -3,
        "float": 1.5e300,
        "nan": float("nan"),
        "bool": False,
        "when": dt.datetime(2024, 5, 2, 6, 0, tzinfo=dt.UTC),
        "day": dt.date(2024, 5, 2),
        "time": dt.time(6, 30),
        "list": [1, "two", [3.0], {"four": 4}],
        "key with spaces": "and \"quotes\"",
    }
    fields["sources"][0]["x-confidence"] = 0.25
    saved = _saved(save_edit(story, Update("council", fields)))
    read = saved.story.fields("council")
    assert read is not None
    assert read["x-all"]["when"] == fields["x-all"]["when"]
    assert read["x-all"]["list"] == [1, "two", [3.0], {"four": 4}]
    assert read["sources"][0]["x-confidence"] == 0.25
    assert saved.story.bundle.actors[1].extensions["x-all"]["key with spaces"] == 'and "quotes"'


# -- refusals --------------------------------------------------------------------------


def test_an_edit_check_refuses_writes_nothing_and_says_where(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    before = Path(story.path).stat()
    fields = story.fields("vote")
    assert fields is not None
    fields["sources"][0]["exact"] = "voted 9-0"
    fields["date"] = "2024-02-30"
    outcome = save_edit(story, Update("vote", fields))
    assert isinstance(outcome, Refused)
    codes = {p.code for p in outcome.errors}
    assert codes == {"exact-not-found", "bad-date"}
    assert {p.entry for p in outcome.errors} == {"vote"}
    assert all(p.file == story.path and p.line > 1 for p in outcome.errors)
    text = story.raw.decode().splitlines()
    date_problem = next(p for p in outcome.errors if p.code == "bad-date")
    assert text[date_problem.line - 1].startswith("date = ")
    assert Path(story.path).read_bytes() == story.raw
    assert Path(story.path).stat().st_mtime_ns == before.st_mtime_ns


def test_an_actor_others_refer_to_is_not_deleted_and_the_message_names_them(
    tmp_path: Path,
) -> None:
    story = _open(tmp_path, BASE)
    outcome = save_edit(story, Delete("ana-ruiz"))
    assert isinstance(outcome, Refused)
    (problem,) = outcome.problems
    assert problem.code == "actor-referenced"
    assert problem.entry == "ana-ruiz" and problem.line == 28
    referring = [q.id for q in story.bundle.quotes if "ana-ruiz" in (q.speaker, *q.about)]
    assert referring and all(entry_id in problem.message for entry_id in referring)
    assert Path(story.path).read_bytes() == story.raw
    # Taken out of those entries first, in one batch, it goes.
    edits: list[Any] = []
    for quote in story.bundle.quotes:
        if quote.id in referring:
            edits.append(Delete(quote.id))
    saved = _saved(save_edit(story, Batch((*edits, Delete("ana-ruiz")))))
    assert "ana-ruiz" not in {a.id for a in saved.story.bundle.actors}
    undone = _saved(save_edit(saved.story, saved.inverse))
    assert undone.story.raw == story.raw


def test_ids_stay_unique(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    fields = story.fields("vote")
    assert fields is not None
    outcome = save_edit(story, Create("events", {**fields, "id": "p1"}))
    assert isinstance(outcome, Refused) and outcome.problems[0].code == "duplicate-id"
    renamed = story.fields("council")
    assert renamed is not None
    renamed["id"] = "town-council"  # the vote event still names "council"
    outcome = save_edit(story, Update("council", renamed))
    assert isinstance(outcome, Refused)
    assert {p.code for p in outcome.errors} == {"unknown-reference"}
    assert Path(story.path).read_bytes() == story.raw


def test_a_batch_is_all_or_nothing(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    good = story.fields("vote")
    bad = story.fields("council")
    assert good is not None and bad is not None
    good["title"] = "A better title"
    bad["kind"] = "committee"
    outcome = save_edit(story, Batch((Update("vote", good), Update("council", bad))))
    assert isinstance(outcome, Refused)
    assert Path(story.path).read_bytes() == story.raw


# -- where new entries go ----------------------------------------------------------------


def _event(entry_id: str, date: str | None = None, exact: str = "The council") -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": entry_id,
        "title": f"Event {entry_id}",
        "when": "",
        "sources": [{"paragraph": "p3" if exact != "The council" else "p1", "exact": exact}],
    }
    if date is not None:
        fields["date"] = date
    return fields


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (None, ["vote", "opening", "new"]),  # undated: the end
        ("2027", ["vote", "opening", "new"]),  # later than all: the end
        ("2025", ["vote", "new", "opening"]),  # between
        ("2024-04", ["vote", "new", "opening"]),  # overlaps the vote's day: not before it
        ("2001", ["new", "vote", "opening"]),  # before all
    ],
)
def test_a_new_event_goes_where_its_date_allows(
    tmp_path: Path, date: str | None, expected: list[str]
) -> None:
    story = _open(tmp_path, BASE)
    assert [e.id for e in story.bundle.events] == ["vote", "opening"]
    saved = _saved(save_edit(story, Create("events", _event("new", date))))
    assert [e.id for e in saved.story.bundle.events] == expected
    assert not [p for p in saved.problems if p.code == "out-of-order"]


def test_the_first_entry_of_a_section_goes_after_the_section_before_it(tmp_path: Path) -> None:
    text = BASE.read_text()
    without_quotes = text[: text.index("[[quotes]]")]
    story = _open(tmp_path, without_quotes)
    quote = {
        "id": "nowhere",
        "kind": "scare",
        "text": "a bridge to nowhere",
        "sources": [{"paragraph": "p2"}],
    }
    saved = _saved(save_edit(story, Create("quotes", quote)))
    written = saved.story.raw.decode()
    assert written.startswith(without_quotes.rstrip("\n") + "\n\n[[quotes]]\nid = \"nowhere\"")
    assert written.rstrip("\n").endswith('sources = [{ paragraph = "p2" }]')


# -- files laid out unusually ---------------------------------------------------------------


def test_a_crlf_file_stays_crlf(tmp_path: Path) -> None:
    story = _open(tmp_path, GOLDEN.read_text().replace("\n", "\r\n"))
    fields = story.fields("ships-sail")
    assert fields is not None
    fields["summary"] = "Two lines\nof summary"
    fields["sources"].append({"paragraph": "p3", "exact": "Park said"})
    saved = _saved(save_edit(story, Update("ships-sail", fields)))
    late = _event("late", "2022", "The port authority")
    created = _saved(save_edit(saved.story, Create("events", late)))
    raw = created.story.raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    undone = _saved(save_edit(created.story, created.inverse))
    assert _saved(save_edit(undone.story, saved.inverse)).story.raw == story.raw


def test_a_file_without_a_final_line_break(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE.read_text().rstrip("\n"))
    saved = _saved(save_edit(story, Create("quotes", {
        "id": "cost", "kind": "reported", "speaker": "ana-ruiz", "text": "it will cost $4m",
        "sources": [{"paragraph": "p2", "exact": "the bridge will cost $4m"}],
    })))
    assert saved.story.raw.startswith(story.raw + b"\n\n[[quotes]]\nid = \"cost\"")


def test_a_byte_order_mark_stays(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.read_bytes())
    story = StoryFile.open(path)
    fields = story.fields("vote")
    assert fields is not None
    fields["title"] = "With a BOM"
    saved = _saved(save_edit(story, Update("vote", fields)))
    assert saved.story.raw.startswith(b"\xef\xbb\xbf# A small valid story bundle")


# -- the model's view of the same entries ------------------------------------------------


@pytest.mark.parametrize("source", [shipped_bundle_path(), BASE, GOLDEN])
def test_fields_of_a_loaded_entry_are_its_table(tmp_path: Path, source: Path) -> None:
    story = _open(tmp_path, source)
    for entry in (*story.bundle.events, *story.bundle.actors, *story.bundle.quotes):
        table = story.fields(entry.id) or {}
        # The model does not keep an empty array apart from a missing one.
        assert fields_of(entry) == {k: v for k, v in table.items() if v != []}


def test_line_of_is_the_entry_s_header(tmp_path: Path) -> None:
    story = _open(tmp_path, shipped_bundle_path())
    lines = story.raw.decode().splitlines()
    for entry in (*story.bundle.events, *story.bundle.actors, *story.bundle.quotes):
        line = story.line_of(entry.id)
        assert lines[line - 1].startswith("[[") and lines[line] == f'id = "{entry.id}"'


def test_a_large_generated_bundle_takes_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.authoring import whole_file

    monkeypatch.setattr(whole_file, "parse", lambda raw: pytest.fail("took the slow path"))
    story = _open(tmp_path, _generated(300))
    events = story.bundle.events
    fields = story.fields(events[10].id)
    assert fields is not None
    fields["title"] = "Edited"
    edits = (
        Update(events[10].id, fields),
        Delete(events[20].id),
        Create("events", {**_event("added", "2030"), "sources": [{"paragraph": "p3"}]}),
    )
    saved = _saved(save_edit(story, Batch(edits)))
    assert tomli.loads(saved.story.raw.decode()) == saved.story.data
    assert _saved(save_edit(saved.story, saved.inverse)).story.raw == story.raw


def test_preview_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    fields = story.fields("vote")
    assert fields is not None
    fields["title"] = "Previewed"
    preview = preview_edit(story, Update("vote", fields))
    assert isinstance(preview, Preview)
    diff = preview.diff("story.toml")
    changed = [x for x in diff.splitlines()[2:] if x[:1] in "+-"]
    assert changed == ['-title = "Council approves the bridge, 7-2"', '+title = "Previewed"']
    assert '+title = "Previewed"' in diff
    assert Path(story.path).read_bytes() == story.raw


def test_a_batch_of_updates_is_the_same_as_one_by_one(tmp_path: Path) -> None:
    story = _open(tmp_path, _generated(300), "batch.toml")
    edits = []
    for number, event in enumerate(story.bundle.events[::7]):
        fields = story.fields(event.id)
        assert fields is not None
        fields["title"] = f"Batched {number}"
        edits.append(Update(event.id, fields))
    twice = story.fields(story.bundle.events[0].id)
    assert twice is not None
    twice["x-twice"] = True  # the same entry again, in the same batch
    edits.append(Update(twice["id"], twice))
    batched = _saved(save_edit(story, Batch(tuple(edits))))
    one_by_one = _open(tmp_path, _generated(300), "single.toml")
    for edit in edits:
        one_by_one = _saved(save_edit(one_by_one, edit)).story
    assert batched.story.raw == one_by_one.raw
    assert _saved(save_edit(batched.story, batched.inverse)).story.raw == story.raw


def test_review_marks_follow_an_edited_entry(tmp_path: Path) -> None:
    """An update keeps the entry's id (marks are kept by id) and changes its fingerprint
    (so a mark on it shows as stale)."""
    story = _open(tmp_path, shipped_bundle_path())
    before = story.entry("offensive-begins")
    fields = story.fields("offensive-begins")
    assert before is not None and fields is not None
    fields["sources"][0]["exact"] = "after the offensive began last Saturday"
    after = _saved(save_edit(story, Update("offensive-begins", fields))).story
    edited = after.entry("offensive-begins")
    assert edited is not None and edited.fingerprint() != before.fingerprint()
    untouched = [e for e in story.bundle.events if e.id != "offensive-begins"]
    assert all(after.entry(e.id) == e for e in untouched)


def test_a_section_emptied_and_filled_again_in_one_batch(tmp_path: Path) -> None:
    story = _open(tmp_path, BASE)
    quotes = [Delete(q.id) for q in story.bundle.quotes]
    again = {"id": "again", "kind": "scare", "text": "a bridge to nowhere",
             "sources": [{"paragraph": "p2"}]}
    saved = _saved(save_edit(story, Batch((*quotes, Create("quotes", again)))))
    assert [q.id for q in saved.story.bundle.quotes] == ["again"]
    assert _saved(save_edit(saved.story, saved.inverse)).story.raw == story.raw


def test_renaming_an_actor_renames_it_wherever_it_is_named(tmp_path: Path) -> None:
    from tui.authoring.references import references_to, update_renaming

    story = _open(tmp_path, ROOT / "tests" / "app_fixtures" / "second.toml")
    quote = story.fields("q-timetable")
    assert quote is not None
    quote["about"] = ["harbour-authority", "ferry-crews"]  # named twice in one entry
    story = _saved(save_edit(story, Update("q-timetable", quote))).story
    actor = story.fields("harbour-authority")
    assert actor is not None
    named = {r.entry_id for r in references_to(story.data, "harbour-authority")}
    edit = update_renaming(story, "harbour-authority", {**actor, "id": "port-authority"})
    assert isinstance(edit, Batch)
    assert [e.entry_id for e in edit.edits if isinstance(e, Update)][1:] == sorted(
        named, key=[t["id"] for t in story.data["events"] + story.data["quotes"]].index
    )  # one Update for each entry, in file order, even one naming it twice
    saved = _saved(save_edit(story, edit))
    assert references_to(saved.story.data, "harbour-authority") == []
    assert {r.entry_id for r in references_to(saved.story.data, "port-authority")} == named
    renamed = saved.story.fields("q-timetable")
    assert renamed is not None
    assert renamed["speaker"] == "port-authority"
    assert renamed["about"] == ["port-authority", "ferry-crews"]
    # Not an actor's id, or not a new one: a plain Update.
    event = story.fields("walkout")
    assert event is not None
    assert isinstance(update_renaming(story, "walkout", {**event, "id": "walk-out"}), Update)
    assert isinstance(update_renaming(story, "harbour-authority", actor), Update)
