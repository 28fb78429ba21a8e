"""How good and how quick the suggestions are (a measurement, not a test).

    .venv/bin/python bench/suggest_quality.py [BUNDLE ...]   # default: the shipped story

Quality: precision and recall of the suggested quotes, speakers and dates against each
bundle's own entries (the goals: every direct quote with its right speaker, at least 80% of
the reported statements, at least 80% precision). Speed: the time to suggest, printed beside
the time to load the same bundle in the same run (a ratio: these machines are noisy).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.authoring.suggest.api import all_suggestions  # noqa: E402
from tui.authoring.suggest.quality import measure, report  # noqa: E402
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402

ROUNDS = 5


def _median_seconds(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(paths: list[str]) -> int:
    for path in paths or [str(shipped_bundle_path())]:
        bundle, _ = load_bundle(path)
        figures = measure(bundle)
        print(f"{path}:")
        for line in report(figures):
            print(f"  {line}")
        goals = (
            figures.direct_found == figures.direct
            and figures.reported_found >= 0.8 * figures.reported
            and figures.quote_precision >= 0.8
        )
        print(f"  goals {'met' if goals else 'NOT met'}")
        all_suggestions(bundle)  # the first call imports dateparser: not part of the figure
        suggest = _median_seconds(lambda: all_suggestions(bundle))  # noqa: B023
        load = _median_seconds(lambda: load_bundle(path))  # noqa: B023
        print(f"  suggest {suggest * 1000:.1f} ms, load {load * 1000:.1f} ms "
              f"(baseline), ratio {suggest / load:.1f}x, median of {ROUNDS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
