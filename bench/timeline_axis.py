"""Measure the time axis against its goal (a benchmark, not a test).

    .venv/bin/python bench/timeline_axis.py            # the 20,000-event bundle, 2 rounds
    .venv/bin/python bench/timeline_axis.py --quick    # 2,000 events, 1 round

Goal (issue 21): with the 20k bundle the axis opens, and each zoom or cursor move redraws,
in no more than 1.2x the time a cursor move takes in the list view. The baseline is
measured in the same run, in the same app process, just before: `j` in the timeline list.

The app runs for real in a pseudo-terminal, as in `bench/run.py` (the machinery of
`bench/terminal.py`): each figure is from writing a key to the last byte the app wrote
before KEY_QUIET seconds of silence. The app builds the axis layout in a thread once the
first frame is up; the session waits for that (SETTLE seconds) before measuring anything,
so the baseline does not pay for it. Rounds are separate app processes; each figure is the
median of them all.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import terminal as run  # noqa: E402  (the pseudo-terminal and how keys are timed)
from bench.storygen import generate  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402

SETTLE = 3.0  # seconds after the first frame: the axis layout is built in the meantime
GOAL = 1.2

# name -> (keys, in turn, one per press): the axis is opened by `t` between the two groups.
LIST_KEYS = {
    "list: cursor move (j)": [b"j"],
    # For comparison with `t`: any change of focus repaints the whole screen (Textual's
    # Screen.focused is a repainting reactive), as opening the axis does.
    "list: another pane and back (2, 1)": [b"2", b"1"],
}
INFO = ("list: another pane and back (2, 1)", "axis: back to the list (t)")
AXIS_KEYS = {
    "axis: cursor move (right)": [b"l"],
    "axis: cursor move (lane below/above)": [b"j", b"k"],
    "axis: zoom in / out (+ -)": [b"+", b"-"],
    "axis: zoom to fit (z, then Z: all)": [b"z", b"Z"],
    "axis: pan (> <)": [b">", b"<"],
}


Presses = dict[str, list[tuple[float, int]]]  # figure -> (seconds, bytes) of each key press


def session(path: Path, size: tuple[int, int], presses: int, marker: str) -> Presses:
    """One app process: the list baseline, `t`, then each kind of axis key."""
    found: Presses = {}
    with run.spawned([*run.APP, str(path)], size) as pty:
        run.first_frame(pty, marker)
        time.sleep(SETTLE)
        pty.wait_quiet(run.KEY_QUIET)
        for name, keys in LIST_KEYS.items():
            found[name] = [run.press(pty, keys[n % len(keys)], run.KEY_QUIET)
                           for n in range(presses)]
        found["axis: open (t)"] = [run.press(pty, b"t", run.KEY_QUIET)]
        for name, keys in AXIS_KEYS.items():
            found[name] = [run.press(pty, keys[n % len(keys)], run.KEY_QUIET)
                           for n in range(presses)]
        found["axis: back to the list (t)"] = [run.press(pty, b"t", run.KEY_QUIET)]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time-axis latency against the list's.")
    parser.add_argument("--quick", action="store_true", help="2,000 events, 1 round")
    parser.add_argument("--size", type=int, help="events in the generated bundle")
    parser.add_argument("--rounds", type=int, help="app sessions")
    parser.add_argument("--keys", type=int, help="presses of each kind per session")
    parser.add_argument("--wide", action="store_true", help="160x48 rather than 80x24")
    options = parser.parse_args(argv)
    count = options.size or (2_000 if options.quick else 20_000)
    rounds = options.rounds or (1 if options.quick else 2)
    presses = options.keys or (10 if options.quick else 20)
    size = run.WIDE if options.wide else run.NARROW
    print("Reproduce: cd " + shlex.quote(str(ROOT)) + " && .venv/bin/python bench/timeline_axis.py "
          + shlex.join(sys.argv[1:] if argv is None else list(argv)))
    try:
        with tempfile.TemporaryDirectory(prefix="baghouz-axis-bench-") as tmp:
            return _run(Path(tmp), count, rounds, presses, size)
    finally:
        run.kill_all()


def _run(tmp: Path, count: int, rounds: int, presses: int, size: tuple[int, int]) -> int:
    path = tmp / f"generated-{count}.toml"
    path.write_text(generate(count), encoding="utf-8")
    bundle, _ = load_bundle(path)
    marker = bundle.story.headline[:40]
    del bundle
    run.BYTECODE_CACHE.append(tmp / "pycache")
    print(f"{path.name}: {path.stat().st_size / run.MB:.1f} MB; {size[0]}x{size[1]}; "
          f"{rounds} round(s) of {presses} presses a kind", file=sys.stderr, flush=True)
    run.run_session(run.APP, size, "Isis")  # warm-up: fills the bytecode cache
    totals: Presses = {}
    for number in range(rounds):
        print(f"round {number + 1}/{rounds} ...", file=sys.stderr, flush=True)
        for name, values in session(path, size, presses, marker).items():
            totals.setdefault(name, []).extend(values)
    baseline_name = next(iter(LIST_KEYS))
    baseline = statistics.median(t for t, _ in totals[baseline_name])
    rows = [("figure", "median", "max", "bytes (median)", "ratio to list", "goal", "result")]
    for name, values in totals.items():
        times = sorted(t for t, _ in values)
        sizes = [b for _, b in values]
        median = statistics.median(times)
        ratio = median / baseline if baseline else float("nan")
        is_axis = name not in INFO and name != baseline_name
        goal = f"<= {GOAL}x" if is_axis else ""
        result = ("pass" if ratio <= GOAL else "FAIL") if is_axis else ""
        rows.append((name, f"{median * 1000:.0f} ms", f"{times[-1] * 1000:.0f} ms",
                     f"{statistics.median(sizes):,.0f} B", f"{ratio:.2f}x", goal, result))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for number, row in enumerate(rows):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            print("-+-".join("-" * w for w in widths))
    print(f"\nkey = key written to last byte before {run.KEY_QUIET * 1000:.0f} ms of quiet; "
          f"baseline: {baseline_name}, same processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
