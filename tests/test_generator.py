"""The story generator (bench.storygen, bench/generate_bundle.py) writes bundles that load with
no problems, of the size asked, and variants with exactly the problems planted."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import bench.generate_bundle as gen
from bench.storygen import SPREAD_ERRORS, variant
from tui.model.entities import Actor, Bundle, Event, Quote
from tui.model.load import load_bundle, parse
from tui.model.problems import Severity

ROOT = Path(__file__).resolve().parents[1]


def _parse(text: str) -> Bundle:
    bundle, problems = parse(text, "gen.toml")
    assert [p.format() for p in problems] == []
    assert bundle is not None
    return bundle


@pytest.mark.parametrize(
    ("n", "paragraphs", "events", "quotes", "actors"),
    [(1, 1, 1, 1, 1), (10, 10, 10, 2, 1), (200, 200, 200, 50, 20), (1001, 1001, 1001, 250, 100)],
)
def test_generated_bundle_loads_with_the_requested_counts(
    n: int, paragraphs: int, events: int, quotes: int, actors: int
) -> None:
    bundle = _parse(gen.generate(n))
    got = (len(bundle.paragraphs), len(bundle.events), len(bundle.quotes), len(bundle.actors))
    assert got == (paragraphs, events, quotes, actors) == gen.counts(n)


@pytest.mark.parametrize("n", [2, 3, 7, 8, 9, 33])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_sizes_and_seeds_load_too(n: int, seed: int) -> None:
    bundle = _parse(gen.generate(n, seed=seed))
    assert len(bundle.paragraphs) == len(bundle.events) == n


def test_output_is_deterministic() -> None:
    assert gen.generate(200) == gen.generate(200)
    assert gen.generate(200, seed=7) != gen.generate(200)


def test_variety_a_benchmark_relies_on() -> None:
    text = gen.generate(200)
    bundle = _parse(text)
    assert {q.kind for q in bundle.quotes} == {"direct", "reported", "scare"}
    texts = {p.id: p.text for p in bundle.paragraphs}
    for quote in bundle.quotes:
        if quote.kind in ("direct", "scare"):
            assert all(quote.text in texts[s.paragraph] for s in quote.sources)
    # Several EDTF forms: plain, qualified, intervals (open or closed), date-times, undated.
    dates = [e.date.text for e in bundle.events if e.date is not None]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    assert any(d[-1] in "~?%" for d in dates)
    assert any("/" in d for d in dates)
    assert any("T" in d for d in dates)
    assert len(dates) < len(bundle.events)
    assert {p.kind for p in bundle.paragraphs} >= {"body", "heading", "standfirst"}
    assert any(a.aliases for a in bundle.actors)
    assert len({a.kind for a in bundle.actors}) >= 3
    # Some links need prefix/suffix to be unambiguous, some point at a whole paragraph.
    entries: list[Event | Actor | Quote] = [*bundle.events, *bundle.actors, *bundle.quotes]
    links = [s for e in entries for s in e.sources]
    assert any(s.prefix or s.suffix for s in links)
    assert any(s.exact is None for s in links)
    assert all(len(p.text.split()) >= 3 for p in bundle.paragraphs if p.kind == "body")


def test_command_line_writes_a_valid_file(tmp_path: Path) -> None:
    out = tmp_path / "gen.toml"
    assert gen.main(["50", str(out)]) == 0
    bundle, warnings = load_bundle(out)
    assert warnings == []
    assert len(bundle.paragraphs) == 50
    assert out.read_text(encoding="utf-8") == gen.generate(50)


def test_the_script_runs_from_any_folder(tmp_path: Path) -> None:
    # as other engineers use it: python bench/generate_bundle.py N OUT.toml
    out = tmp_path / "gen.toml"
    script = ROOT / "bench" / "generate_bundle.py"
    for args in ([], ["--variant", "late-error"]):
        subprocess.run(
            [sys.executable, str(script), "40", str(out), *args],
            cwd=tmp_path,
            check=True,
            timeout=60,
        )
        assert out.read_text(encoding="utf-8") == variant(
            gen.generate(40), args[-1] if args else "clean"
        )


@pytest.mark.parametrize("n", [300, 2000])
def test_variants_hold_exactly_the_problems_planted(n: int) -> None:
    text = gen.generate(n)
    lines = text.count("\n")
    _, problems = parse(variant(text, "warning"), "w.toml")
    assert [(p.code, p.severity) for p in problems] == [("out-of-order", Severity.WARNING)]
    assert problems[0].line > lines * 0.6  # the last dated event
    _, problems = parse(variant(text, "late-error"), "e.toml")
    assert [p.code for p in problems] == ["exact-not-found"]
    assert problems[0].line > lines * 0.95  # near the end
    spread = variant(text, "spread-errors")
    _, problems = parse(spread, "s.toml")
    assert len(problems) == len({p.entry for p in problems}) == SPREAD_ERRORS
    assert all(p.severity is Severity.ERROR for p in problems)
    assert len(Counter(p.code for p in problems)) >= 4  # several kinds of mistake
    # spread through the file: every tenth of it holds some
    tenths = Counter(p.line * 10 // spread.count("\n") for p in problems)
    assert set(tenths) == set(range(10))


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="no variant"):
        variant("", "nonsense")


def test_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        gen.generate(0)
