"""The fast path for clean bundles builds exactly what the reporting validator builds, or nothing.

`build_clean` may give up on any input (the validator then runs), but it must never accept a
document in which the validator finds a problem, error or warning, nor build anything
different. conftest.py checks that on every bundle the other tests load; here the clean
bundles must take the fast path at all, and mutated ones must agree.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import build_checked
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model.fast_path import build_clean
from tui.model.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "generate_bundle", ROOT / "bench" / "generate_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _documents() -> dict[str, str]:
    found = {
        "shipped": (ROOT / "content" / "baghouz.toml").read_text(encoding="utf-8"),
        "base": (ROOT / "tests" / "bundles" / "base.toml").read_text(encoding="utf-8"),
        "unusual": (ROOT / "tests" / "bundles" / "unusual.toml").read_text(encoding="utf-8"),
    }
    generate = _generator().generate
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
    build_checked(data, "mutated.toml")
