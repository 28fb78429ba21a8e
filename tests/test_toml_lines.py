"""Line numbers for paths in a TOML document: asking for some paths stops the scan early,
and must never change the line any path gets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tui.model.content import shipped_bundle_path
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
