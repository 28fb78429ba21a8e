"""Re-anchoring at scale and how often it is right (a benchmark, not a test).

    .venv/bin/python bench/reanchor.py            # 20,000 paragraphs, 1% of them corrected
    .venv/bin/python bench/reanchor.py --quick    # 2,000 paragraphs

Speed: the generated bundle (bench/generate_bundle.py) has 1% of its paragraphs corrected
as an editor would (a typo fixed, a word changed, a few words inserted), so that many links
no longer match. The figures are `check` on it (every unmatched link looked up again and
explained) and opening it in repair mode, each beside `check` on the clean bundle in the
same run (goal: under 2x), medians of interleaved rounds.

Quality: the corpus of tests/reanchor_corpus.py (realistic corrections of the shipped story
and the second fixture, and 300 randomly corrected stories), with links re-anchored
correctly, wrongly (goal: 0) and orphaned.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reanchor_corpus import (  # noqa: E402
    BAGHOUZ_CORRECTIONS,
    SECOND_CORRECTIONS,
    Story,
    Tally,
    links_of,
    random_corrections,
    run,
)
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.load import load_bundle, load_repairable, parse  # noqa: E402

# A paragraph's text line, as the generator writes it (quotes have `text` lines too).
_TEXT_LINE = re.compile(
    r'^\[\[paragraphs\]\]\nid = "[^"]*"\n(?:kind = "[^"]*"\n)?text = "(.*)"$', re.MULTILINE
)


def corrected_copy(source: str, share: float, rng: random.Random) -> tuple[str, int]:
    """`source` with `share` of its paragraph texts corrected; and how many were."""
    lines = list(_TEXT_LINE.finditer(source))
    chosen = sorted(rng.sample(range(len(lines)), max(1, int(len(lines) * share))))
    pieces: list[str] = []
    last = 0
    for index in chosen:
        match = lines[index]
        words = list(re.finditer(r"[A-Za-z]{4,}", match.group(1)))
        if not words:
            continue
        word = rng.choice(words)
        kind = rng.choice(("typo", "word", "insert"))
        fixed = {
            "typo": word.group()[:-1],
            "word": "said",
            "insert": "indeed " + word.group(),
        }[kind]
        start = match.start(1) + word.start()
        pieces += [source[last:start], fixed]
        last = match.start(1) + word.end()
    pieces.append(source[last:])
    return "".join(pieces), len(chosen)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def speed(paragraphs: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clean = Path(folder) / "clean.toml"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate_bundle.py"), str(paragraphs),
             str(clean)],
            check=True,
        )
        text, count = corrected_copy(clean.read_text(encoding="utf-8"), 0.01, random.Random(1))
        edited = Path(folder) / "edited.toml"
        edited.write_text(text, encoding="utf-8")
        raw = text.encode("utf-8")
        _, problems = parse(text, str(edited), raw=raw)
        unmatched = len(problems)
        explained = sum(("re-anchored" in p.message or "moved" in p.message) for p in problems)
        orphans = sum("orphan" in p.message for p in problems)
        figures: dict[str, list[float]] = {"clean": [], "check": [], "repair": []}
        for _ in range(rounds):
            figures["clean"].append(timed(lambda: load_bundle(clean)))
            figures["check"].append(timed(lambda: parse(text, str(edited), raw=raw)))
            figures["repair"].append(timed(lambda: load_repairable(edited)))
        base = statistics.median(figures["clean"])
        print(f"\n{paragraphs:,} paragraphs, {count} corrected: {unmatched} links no longer "
              f"match; {explained} found again, {orphans} orphans")
        print(f"  check, clean bundle             {base * 1000:7.0f} ms   (baseline)")
        for name, label in (("check", "check, corrected (explained)"),
                            ("repair", "open in repair mode")):
            value = statistics.median(figures[name])
            print(f"  {label:<31} {value * 1000:7.0f} ms   {value / base:4.2f}x   goal < 2x")


def quality() -> None:
    print("\nquality (tests/reanchor_corpus.py): right / wrong / orphaned")
    cases = [(shipped_bundle_path(), BAGHOUZ_CORRECTIONS, "baghouz"),
             (ROOT / "tests" / "app_fixtures" / "second.toml", SECOND_CORRECTIONS, "second")]
    for path, corrections, label in cases:
        bundle, _ = load_bundle(path)
        links = links_of(bundle)
        for name, correction in corrections.items():
            tally = Tally.of(run(correction(Story((p.id, p.text) for p in bundle.paragraphs)),
                                 links))
            print(f"  {label}, {name:<24} {tally.correct:5} {tally.wrong:5} {tally.orphaned:5}")
    bundle, _ = load_bundle(shipped_bundle_path())
    links = links_of(bundle)
    totals = [0, 0, 0]
    for seed in range(300):
        story = random_corrections(Story((p.id, p.text) for p in bundle.paragraphs),
                                   random.Random(seed), 8)
        tally = Tally.of(run(story, links))
        totals = [totals[0] + tally.correct, totals[1] + tally.wrong, totals[2] + tally.orphaned]
    print(f"  300 random corrections           {totals[0]:5} {totals[1]:5} {totals[2]:5}"
          "   (wrong: goal 0)")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="2,000 paragraphs, 1 round")
    args = options.parse_args()
    speed(2_000 if args.quick else 20_000, 1 if args.quick else 3)
    quality()
    return 0


if __name__ == "__main__":
    sys.exit(main())
