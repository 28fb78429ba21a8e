"""The fast path for clean bundles builds exactly what the reporting validator builds, or nothing.

`build_clean` may give up on any input (the validator then runs), but it must never accept a
document in which the validator finds a problem, error or warning, nor build anything
different. conftest.py checks that on every bundle the other tests load; here the clean
bundles must take the fast path at all, and mutated ones must agree.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import check_with_texts_checked
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.storygen import generate
from tui.model import rules
from tui.model.fast_path import build, build_clean
from tui.model.ids import KindsBySection, collect_ids
from tui.model.schema import Checker
from tui.model.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def _documents() -> dict[str, str]:
    found = {
        "shipped": (ROOT / "content" / "baghouz.toml").read_text(encoding="utf-8"),
        "base": (ROOT / "tests" / "bundles" / "base.toml").read_text(encoding="utf-8"),
        "unusual": (ROOT / "tests" / "bundles" / "unusual.toml").read_text(encoding="utf-8"),
    }
    for size, seed in ((1, 1), (40, 2), (300, 3)):
        found[f"generated-{size}"] = generate(size, seed=seed)
    return found


DOCUMENTS = {name: tomli.loads(text) for name, text in _documents().items()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_clean_bundles_take_the_fast_path(name: str) -> None:
    data = DOCUMENTS[name]
    slow, problems = validate(data, name, scan_text=False)
    assert problems == []  # all of these are clean: nothing for the validator to say
    fast = build_clean(data, name)
    assert fast is not None
    assert repr(fast) == repr(slow)


# What a mutation may put in place of a value: the wrong types, blanks, white space that folds,
# ids of every kind and none, dates good and bad, and tables and arrays of them.
SPECIAL_VALUES: list[Any] = [
    "",
    " ",
    "x",
    "p1",
    "p2",
    "council",
    "ana-ruiz",
    "vote",
    "overdue",
    "no-such-id",
    "Bad-Id",
    "a\nb",
    "story-bundle/2",
    "body",
    "heading",
    "person",
    "direct",
    "reported",
    "scare",
    "2019",
    "2019-02-30",
    "1990/2000",
    "2030",
    "..",
    "the  council",
    "The council voted",
    "the bridge",
    0,
    1.5,
    True,
    [],
    ["council"],
    ["council", "council"],
    ["p1"],
    [7],
    {},
    {"paragraph": "p1"},
    {"paragraph": "p1", "exact": "the"},
    {"paragraph": "p2", "exact": "the bridge", "suffix": " will"},
    {"paragraph": "p1", "prefix": "The "},
    [{"paragraph": "p1"}],
    [{"paragraph": "p2", "x-note": 1}],
    [1.5],
]
KEYS = ["id", "kind", "text", "exact", "prefix", "suffix", "paragraph", "x-note", "unknown"]
KEYS += ["speaker", "about", "actors", "date", "when", "sources", "aliases", "format", "story"]


def _containers(value: Any, found: list[Any]) -> list[Any]:
    """Every table and array inside `value`, `value` first."""
    if isinstance(value, dict | list):
        found.append(value)
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)
    return found


def _strings(value: Any, found: list[str]) -> list[str]:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            _strings(item, found)
    return found


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A clean document with one to three random changes."""
    data = copy.deepcopy(DOCUMENTS[draw(st.sampled_from(sorted(DOCUMENTS)))])
    # Parts of the document's own strings make links that are found, ambiguous or not.
    texts = _strings(data, [])
    for _ in range(draw(st.integers(1, 3))):
        container = draw(st.sampled_from(_containers(data, [])))
        text = draw(st.sampled_from(texts))
        start = draw(st.integers(0, len(text)))
        piece = text[start : start + draw(st.integers(0, 12))]
        # A copy: later changes must not reach SPECIAL_VALUES, nor the container itself.
        value = copy.deepcopy(draw(st.sampled_from([*SPECIAL_VALUES, text, piece, container])))
        if isinstance(container, dict):
            key = draw(st.sampled_from([*container, *KEYS]))
            if key in container and draw(st.booleans()):
                del container[key]
            else:
                container[key] = value
        elif container:
            index = draw(st.integers(0, len(container) - 1))
            action = draw(st.sampled_from(["delete", "replace", "repeat", "swap"]))
            if action == "delete":
                del container[index]
            elif action == "replace":
                container[index] = value
            elif action == "repeat":
                container.insert(index, copy.deepcopy(container[index]))
            else:
                other = draw(st.integers(0, len(container) - 1))
                container[index], container[other] = container[other], container[index]
        else:
            container.append(value)
    return data


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_the_fast_path_agrees_on_mutated_bundles(data: dict[str, Any]) -> None:
    """Building (`build`, `build_with_texts`) and checking (`check_with_texts`, what `check`
    runs) each agree with the reporting validator, and the paragraphs they say are all of
    them are those re-anchoring reads from the data."""
    check_with_texts_checked(data, "mutated.toml")


# --- one rule table for both speeds ------------------------------------------------------------

BASE_TEXT = (ROOT / "tests" / "bundles" / "base.toml").read_text(encoding="utf-8")


def _both(text: str) -> tuple[bool, bool]:
    """(the fast path alone builds it, the reporting validator finds no problem in it), after
    checking that `build` (the fast path with the validator for irregular entries) returns
    exactly what the validator does."""
    data = tomli.loads(text)
    slow, problems = validate(data, "t.toml", scan_text=False)
    assert repr(build(data, "t.toml")) == repr((slow, problems))
    return build_clean(data, "t.toml") is not None, not problems


def test_a_rule_made_stricter_changes_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    with_summaries = BASE_TEXT.replace('when = "in 2026"', 'when = "in 2026"\nsummary = "s"')
    assert _both(BASE_TEXT) == (True, True)
    monkeypatch.setitem(rules.EVENT.fields, "summary", rules.Field("string", required=True))
    assert _both(BASE_TEXT) == (False, False)  # an event without a summary
    assert _both(with_summaries) == (True, True)


def test_a_rule_made_looser_changes_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    untitled = BASE_TEXT.replace('title = "Council approves the bridge, 7-2"', 'title = ""')
    assert _both(untitled) == (False, False)
    monkeypatch.setitem(
        rules.EVENT.fields, "title", rules.Field("string", required=True, may_be_empty=True)
    )
    assert _both(untitled) == (True, True)
    assert _both(untitled.replace('title = ""', 'title = " "')) == (False, False)


def test_a_changed_type_changes_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = BASE_TEXT.replace('cue = "said"', 'cue = ["said"]')
    assert _both(listed) == (False, False)
    monkeypatch.setitem(rules.QUOTE.fields, "cue", rules.Field("strings"))
    assert _both(listed) == (True, True)
    assert _both(BASE_TEXT) == (False, False)  # `cue = "said"` is no longer right


def test_a_changed_id_pattern_changes_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    upper = BASE_TEXT.replace('id = "p3"', 'id = "P3"').replace('"p3"', '"P3"')
    assert _both(upper) == (False, False)
    monkeypatch.setattr(rules, "ID_PATTERN", re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*"))
    assert _both(upper) == (True, True)


def test_a_key_the_fast_path_cannot_build_leaves_it_all_to_the_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(rules.EVENT.fields, "place", rules.Field("string"))
    assert _both(BASE_TEXT) == (False, True)  # valid, but not the fast path's to build
    assert _both(BASE_TEXT.replace('when = "in 2026"', 'when = "in 2026"\nplace = 7')) == (
        False,
        False,
    )


@given(st.lists(st.from_regex(rules.ID_PATTERN, fullmatch=True), unique=True, max_size=30))
def test_kinds_by_section_is_what_collect_ids_gives_for_clean_ids(ids: list[str]) -> None:
    # The fast path's reporter reads each section's ids through KindsBySection; the
    # validator reads collect_ids' dict. For ids all well-formed and unique they must agree,
    # in order too (suggestions come from the ids in order).
    sections = {
        name: [{"id": value} for value in ids[n::4]] for n, name in enumerate(rules.SECTIONS)
    }
    expected = collect_ids(Checker(scan_text=False), sections)
    by_kind = {
        rules.SECTIONS[name][1]: [t["id"] for t in tables] for name, tables in sections.items()
    }
    kinds = KindsBySection(by_kind)
    assert list(kinds.items()) == list(expected.items())
    assert len(kinds) == len(expected)
    assert kinds.get("not an id") is None and "not an id" not in kinds
