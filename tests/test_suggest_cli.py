"""`baghouz-tui suggest`: its JSON and text output, rejected suggestions remembered, and
suggestions turned into entry drafts that the bundle format accepts."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomlkit

from tui.authoring.suggest.api import all_suggestions, entry_draft, pending, store_for
from tui.authoring.suggest.store import SuggestionStore, SuggestionStoreError
from tui.model.content import shipped_bundle_path
from tui.model.entities import Bundle
from tui.model.load import load_bundle, parse

Run = Callable[..., Any]
ARTICLES = Path(__file__).resolve().parent / "articles"

LINK = {
    "type": "object",
    "required": ["paragraph", "exact"],
    "properties": {
        "paragraph": {"type": "string", "pattern": "^p[0-9]+$"},
        "exact": {"type": "string", "minLength": 1},
        "prefix": {"type": "string"},
        "suffix": {"type": "string"},
    },
    "additionalProperties": False,
}
NULLABLE = {"type": ["string", "null"]}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["key", "type", "kind", "text", "speaker", "cue", "date", "when", "aliases",
                     "sources", "confidence", "why", "existing"],
        "properties": {
            "key": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
            "type": {"enum": ["event", "actor", "quote"]},
            "kind": NULLABLE,
            "text": {"type": "string", "minLength": 1},
            "speaker": NULLABLE,
            "cue": NULLABLE,
            "date": NULLABLE,
            "when": NULLABLE,
            "aliases": {"type": "array", "items": {"type": "string"}},
            "sources": {"type": "array", "minItems": 1, "items": LINK},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "why": {"type": "string", "minLength": 1},
            "existing": NULLABLE,
        },
        "allOf": [
            {"if": {"properties": {"type": {"const": "quote"}}},
             "then": {"properties": {"kind": {"enum": ["direct", "reported", "scare"]}}}},
            {"if": {"properties": {"type": {"const": "event"}}},
             "then": {"properties": {"date": {"type": "string"}, "kind": {"const": None}}}},
        ],
        "additionalProperties": False,
    },
}


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A copy of the shipped story, so the rejections file goes to tmp_path."""
    path = tmp_path / "baghouz.toml"
    shutil.copyfile(shipped_bundle_path(), path)
    return path


def test_json_output_has_the_documented_shape(run_cli: Run, story: Path) -> None:
    result = run_cli("suggest", story, "--format", "json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    jsonschema.validate(found, SCHEMA)
    types = {item["type"] for item in found}
    assert types == {"quote", "actor", "event"}
    ryan = next(item for item in found if item["kind"] == "direct")
    assert (ryan["speaker"], ryan["cue"], ryan["existing"]) == (
        "US-led coalition spokesman Col Sean Ryan", "said", "q-ryan-slow-progress"
    )
    assert ryan["sources"] == [{"paragraph": "p7", "exact": ryan["text"]}]
    saturday = next(item for item in found if item["when"] == "last Saturday")
    assert (saturday["date"], saturday["existing"]) == ("2019-02-09?", "offensive-begins")


def test_text_output(run_cli: Run, story: Path) -> None:
    result = run_cli("suggest", story)
    assert result.code == 0
    lines = result.out.splitlines()
    ryan = "p7    quote/direct    0.95  “The progress is slow"
    assert any(line.startswith(ryan) for line in lines)
    assert "      already in the story as q-ryan-slow-progress" in lines
    assert lines[-1].endswith("not yet in the story")


def test_an_invalid_bundle_is_refused_with_its_problems(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "story-bundle/9"\n', encoding="utf-8")
    result = run_cli("suggest", bad)
    assert result.code == 1 and result.out == ""
    assert "bad.toml" in result.err and "Traceback" not in result.err


def test_a_rejected_suggestion_is_not_offered_again(run_cli: Run, tmp_path: Path) -> None:
    story, bundle = _fresh(tmp_path)
    store = store_for(bundle)
    assert store.path == story.with_name("harbour.suggestions.json")
    offered = pending(bundle, store)
    victim = offered[0]
    store.reject(victim, reviewer="ana")
    assert victim.key not in {s.key for s in pending(bundle, store)}
    assert len(pending(bundle, store)) == len(offered) - 1
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["rejected"][victim.key]["by"] == "ana"
    result = run_cli("suggest", story, "--format", "json")
    assert victim.key not in {item["key"] for item in json.loads(result.out)}
    # a new store object (another editor's process) sees it too, and can undo it
    other = SuggestionStore(store.path, bundle.story.id)
    other.restore(victim.key)
    assert victim.key in {s.key for s in pending(bundle, store)}


def test_two_editors_rejecting_at_once_both_count(tmp_path: Path) -> None:
    _story, bundle = _fresh(tmp_path)
    first, second = pending(bundle)[:2]
    ana = store_for(bundle)
    ben = SuggestionStore(ana.path, bundle.story.id)
    ana.reject(first, "ana")
    ben.reject(second, "ben")  # read-merge-write under the lock: ana's rejection stays
    assert set(ana.rejected()) == {first.key, second.key}


def test_the_store_never_writes_through_a_symlink(tmp_path: Path) -> None:
    _story, bundle = _fresh(tmp_path)
    store = store_for(bundle)
    target = tmp_path / "elsewhere.json"
    target.write_text("precious\n", encoding="utf-8")
    store.path.symlink_to(target)
    with pytest.raises(SuggestionStoreError, match="symbolic link"):
        store.reject(pending(bundle)[0])
    assert target.read_text(encoding="utf-8") == "precious\n"


def test_a_corrupt_store_is_set_aside_not_replaced(tmp_path: Path) -> None:
    story, bundle = _fresh(tmp_path)
    store = store_for(bundle)
    store.path.write_text("{ not json", encoding="utf-8")
    assert store.rejected() == {}  # reading never fails
    store.reject(pending(bundle)[0])
    aside = [p for p in story.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ not json"
    assert len(store.rejected()) == 1


def _with_drafts(bundle_path: Path, drafts: list[tuple[str, dict[str, Any]]]) -> str:
    document = tomlkit.parse(bundle_path.read_text(encoding="utf-8"))
    for table_name, draft in drafts:
        if table_name not in document:
            document[table_name] = tomlkit.aot()
        document[table_name].append(draft)  # type: ignore[union-attr]
    return tomlkit.dumps(document)


def _fresh(tmp_path: Path) -> tuple[Path, Bundle]:
    path = tmp_path / "harbour.toml"
    from tui.cli import main

    assert main(["new", str(ARTICLES / "harbour.md"), "-o", str(path)]) == 0
    bundle, _ = load_bundle(path)
    return path, bundle


def _drafts(suggestions: list[Any], bundle: Bundle) -> list[tuple[str, dict[str, Any]]]:
    tables = {"actor": "actors", "event": "events", "quote": "quotes"}
    out: list[tuple[str, dict[str, Any]]] = []
    for suggestion in suggestions:
        draft = entry_draft(suggestion, bundle, reserved={d["id"] for _, d in out})
        if suggestion.kind in ("direct", "reported") and "speaker" not in draft:
            continue  # the editor must say who: not an entry yet
        out.append((tables[suggestion.type], draft))
    return out


def test_every_draft_is_an_entry_the_format_accepts(tmp_path: Path) -> None:
    path, bundle = _fresh(tmp_path)
    suggestions = all_suggestions(bundle)
    actors = [s for s in suggestions if s.type == "actor"]
    # accept the actors first, so that quotes can name them as speakers
    path.write_text(_with_drafts(path, _drafts(actors, bundle)), encoding="utf-8")
    with_actors, problems = load_bundle(path)
    assert problems == []
    assert len(with_actors.actors) == len(actors)
    rest = [s for s in suggestions if s.type != "actor"]
    drafts = _drafts(rest, with_actors)
    assert len(drafts) == len(rest) - 1  # all but the pronoun speaker ("she") resolve
    final, problems = parse(_with_drafts(path, drafts), str(path))
    assert final is not None, [p.format() for p in problems]
    # entries added at the end may be out of chronological order: warnings, not errors
    assert {p.code for p in problems} <= {"out-of-order"}
    brenner = next(q for q in final.quotes if q.text.startswith("We have been patient"))
    assert (brenner.kind, brenner.speaker, brenner.cue) == ("direct", "tomas-brenner", "said")


def test_a_draft_ids_never_collide(story: Path) -> None:
    bundle, _ = load_bundle(story)
    ryan = next(s for s in all_suggestions(bundle) if s.type == "actor" and "Ryan" in s.text)
    draft = entry_draft(ryan, bundle)
    assert draft["id"] not in {a.id for a in bundle.actors}
    assert draft["name"] == "Col Sean Ryan" and draft["kind"] == "person"
    quote = next(s for s in all_suggestions(bundle) if s.kind == "direct")
    assert entry_draft(quote, bundle)["speaker"] == "sean-ryan"  # resolved to the actor


def test_the_shipped_storys_rejections_live_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    bundle, _ = load_bundle(shipped_bundle_path())
    store = store_for(bundle, shipped=True)
    assert store.path.is_relative_to(tmp_path / "data")
    assert store.path.name.endswith(".suggestions.json")
    assert not store_for(bundle).path.is_relative_to(tmp_path / "data")  # any other: beside
