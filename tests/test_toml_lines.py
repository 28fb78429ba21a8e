"""Line numbers for paths in a TOML document: asking for some paths stops the scan early,
and must never change the line any path gets."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import tomli

from bench.storygen import generate, variant
from tui.model import locate
from tui.model.content import shipped_bundle_path
from tui.model.locate import problem_lines
from tui.model.toml_lines import TomlLines

BUNDLES = sorted(Path(__file__).parent.joinpath("bundles").glob("*.toml"))
MIXED = """\
title = "top"
[story]
id = "s"
a.b.c = 1
"quoted key" = 'x'
[[paragraphs]]
id = "p1"
text = \"\"\"two
lines\"\"\"
[[paragraphs]]
id = "p2"
text = "t"
[[events]]
id = "e1"
sources = [
  { paragraph = "p1", exact = "two" },
  { paragraph = "p2" },
]
"""


def _documents() -> list[tuple[str, str]]:
    texts = [("mixed", MIXED), ("shipped", shipped_bundle_path().read_text(encoding="utf-8"))]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in BUNDLES]
    return texts


@pytest.mark.parametrize(("name", "text"), _documents(), ids=[n for n, _ in _documents()])
def test_asking_for_some_paths_gives_each_the_line_a_full_scan_gives(
    name: str, text: str
) -> None:
    full = TomlLines(text)
    paths = list(full.lines)
    assert paths, f"{name}: nothing found"
    pick = random.Random(name)
    for _ in range(50):
        wanted = pick.sample(paths, k=min(len(paths), pick.randint(1, 4)))
        # and a path that is not in the document: its nearest ancestor's line
        missing = (*pick.choice(paths), "no-such-key")
        partial = TomlLines(text, wanted=[*wanted, missing])
        for path in [*wanted, missing]:
            assert partial.line_of(path) == full.line_of(path), (name, path)


def test_the_scan_stops_once_every_path_asked_for_is_found() -> None:
    text = shipped_bundle_path().read_text(encoding="utf-8")
    full = TomlLines(text)
    first_paragraph = ("paragraphs", 0, "text")
    early = TomlLines(text, wanted=[first_paragraph])
    assert early.line_of(first_paragraph) == full.line_of(first_paragraph)
    assert len(early.lines) < len(full.lines) / 10  # the rest was never read
    assert TomlLines(text, wanted=[]).lines == {}


# --- problem_lines: reading only the entries that have a problem -----------------------------

BASE = Path(__file__).parent.joinpath("bundles", "base.toml").read_text(encoding="utf-8")
FAKE_EVENT = '[[events]]\nid = "fake"\ntitle = "t"\nwhen = ""\nsources = [{ paragraph = "p1" }]\n'


def _with_paragraph(text: str) -> str:
    """BASE with one more paragraph, `text = ` the TOML given, before the first actor."""
    return BASE.replace("[[actors]]", f'[[paragraphs]]\nid = "p9"\ntext = {text}\n\n[[actors]]', 1)


# Documents that look like they have headers they have not, or have headers that do not look
# like the usual ones: each must still get the lines a full read gives.
ODD_HEADERS = {
    # a header line inside a multi-line string (basic and literal)
    "fake-in-basic": _with_paragraph(f'"""A bundle reads:\n{FAKE_EVENT}"""'),
    "fake-in-literal": _with_paragraph(f"'''A bundle reads:\n{FAKE_EVENT}'''"),
    # ... and, to keep the count of `[[events]]` lines right, a header written another way
    "fake-and-spaced": _with_paragraph(f'"""\n{FAKE_EVENT}"""').replace(
        "[[events]]\nid = \"opening\"", '[[ "events" ]]\nid = "opening"'
    ),
    "indented": BASE.replace("[[events]]\n", "  [[events]]\n"),
    "commented": BASE.replace("[[quotes]]\n", "[[quotes]]  # said\n"),
    # a line opening with [ inside a multi-line array cuts an entry short if taken for a header
    "array-of-arrays": BASE.replace(
        'when = "on Tuesday"', 'when = "on Tuesday"\nx-grid = [\n[1, 2],\n  [3],\n]'
    ),
    "sub-tables": BASE.replace(
        '\n\n[[events]]\nid = "opening"',
        '\n[events.x-desk]\nname = "City"\n\n[[events]]\nid = "opening"',
    ),
    "inline-sections": 'format = "story-bundle/1"\nstory = { id = "s", headline = "h" }\n'
    'paragraphs = [\n  { id = "p1", text = "t" },\n  { id = "p2", text = "u" },\n]\n'
    'events = [{ id = "e", title = "T", when = "", sources = [{ paragraph = "p2" }] }]\n',
    "crlf": BASE.replace("\n", "\r\n"),
    # the first line a header, after a byte order mark
    "bom-first-line": "\ufeff" + BASE[BASE.index("[[paragraphs]]") :] + BASE[: BASE.index(
        "[[paragraphs]]")].replace("[story]", "[story-x]"),
}


LOCATED = [
    *_documents(),
    *ODD_HEADERS.items(),
    ("generated-300", generate(300, seed=5)),
    ("generated-warning", variant(generate(300, seed=6), "warning")),
]


@pytest.mark.parametrize(("name", "text"), LOCATED, ids=[n for n, _ in LOCATED])
def test_problem_lines_are_the_lines_a_full_read_gives(name: str, text: str) -> None:
    raw = text.encode("utf-8")  # as load passes them: the bytes with a BOM, the text without
    text = text.removeprefix("\ufeff")
    full = TomlLines(text)
    data = tomli.loads(text)
    paths = list(full.lines)
    pick = random.Random(name)
    newlines = raw.count(b"\n")
    for number in range(40):
        wanted = pick.sample(paths, k=min(len(paths), pick.randint(1, 6)))
        wanted.append((*pick.choice(paths), "no-such-key"))
        # lines counted from the start, or back from the end when that is nearer
        known = newlines if number % 2 else None
        got = problem_lines(wanted, text, raw, data, newlines=known)
        assert got == {p: full.line_of(p) for p in wanted}
    assert problem_lines(paths, text, raw, data) == {p: full.line_of(p) for p in paths}
    assert problem_lines([()], text, raw, data) == {(): 1}


def test_only_the_entries_with_problems_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = generate(300, seed=7)
    data = tomli.loads(text)
    read: list[int] = []

    class Spy(TomlLines):
        def __init__(self, source: str, *args: Any, **kwargs: Any) -> None:
            read.append(len(source))
            super().__init__(source, *args, **kwargs)

    monkeypatch.setattr(locate, "TomlLines", Spy)
    last = len(data["quotes"]) - 1
    paths = [("quotes", last, "sources", 0), ("events", 5, "date"), ("paragraphs", 0, "text")]
    lines = problem_lines(paths, text, text.encode(), data)
    assert lines == {p: TomlLines(text).line_of(p) for p in paths}
    assert len(read) == 3 and max(read) < 2_000  # three entries read, of a 200 KB file
