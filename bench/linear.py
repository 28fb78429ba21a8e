"""Does `check` stay linear on crafted bundles (issue 18, items 13 to 15)? Figures, not tests.

    .venv/bin/python bench/linear.py            # about a minute
    .venv/bin/python bench/linear.py --scale 2  # each size twice as large

Each case is a bundle built at 1x, 2x and 4x its size (bench.storygen.hostile), loaded with
`load_bundle` in this process (the best of a few runs); printed are the times and the ratios
from one size to the next: linear is a ratio near 2, quadratic near 4. The long-string case
also runs `check` as a process, for its peak memory (ru_maxrss): it should grow with the file
(which is read and parsed whole), by about the same factor, not by 200 bytes per byte.

    unknown references   N/2 actors and N events that each name an actor that does not exist
    prefixed links       one paragraph holding one phrase 100 N times, N/10 links picking
                         one place each by a prefix or a suffix
    long string          a paragraph of N x 1,000 characters, then problems after it: in an
                         entry, and in the story table (read token by token)
    100 errors           the realistic generated bundle (N/4 paragraphs) with 100 errors
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.storygen import generate, variant  # noqa: E402
from bench.storygen.hostile import (  # noqa: E402
    long_string_then_a_problem,
    repeated_phrase,
    unknown_references,
)
from tui.model.load import load_bundle  # noqa: E402
from tui.model.problems import BundleError  # noqa: E402

CASES: dict[str, Callable[[int], str]] = {
    "unknown references (18.13)": lambda n: unknown_references(n // 2, n),
    "prefixed links (18.14)": lambda n: repeated_phrase(100 * n, n // 10),
    "long string (18.15)": lambda n: long_string_then_a_problem(1_000 * n, "story-after"),
    "100 errors (12)": lambda n: variant(generate(n // 4), "spread-errors"),
}
SIZES = (1, 2, 4)


def load_time(path: Path, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        with contextlib.suppress(BundleError):  # most of these bundles are refused
            load_bundle(path)
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(path: Path) -> int:
    """The peak resident memory of `baghouz-tui check PATH`, in bytes."""
    pid = os.fork()
    if pid == 0:  # the child: become the command
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execv(sys.executable, [sys.executable, "-m", "tui", "check", str(path)])
        finally:
            os._exit(127)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description="check's time at 1x, 2x and 4x the size")
    parser.add_argument("--scale", type=int, default=1, help="multiply every size by this")
    parser.add_argument("--rounds", type=int, default=3, help="runs per size (the best counts)")
    options = parser.parse_args()
    base = 2_000 * options.scale
    print(f"sizes N = {', '.join(f'{base * s:,}' for s in SIZES)}; best of {options.rounds}")
    print(f"{'case':28} {'1x':>9} {'2x':>9} {'4x':>9}   2x/1x  4x/2x   (linear: ~2)")
    with tempfile.TemporaryDirectory(prefix="baghouz-linear-") as tmp:
        for name, make in CASES.items():
            times: list[float] = []
            memory: list[int] = []
            sizes: list[int] = []
            for scale in SIZES:
                path = Path(tmp) / f"case-{scale}.toml"
                path.write_text(make(base * scale), encoding="utf-8")
                sizes.append(path.stat().st_size)
                times.append(load_time(path, options.rounds))
                if name.startswith("long string"):
                    memory.append(peak_memory(path))
            ratios = [times[i + 1] / times[i] for i in range(len(times) - 1)]
            print(
                f"{name:28} "
                + " ".join(f"{t * 1000:7.0f}ms" for t in times)
                + "   "
                + "  ".join(f"{r:5.2f}" for r in ratios)
                + f"   ({sizes[0] / 1e6:.1f} to {sizes[-1] / 1e6:.1f} MB)"
            )
            if memory:
                grown = [memory[i + 1] / memory[i] for i in range(len(memory) - 1)]
                print(
                    f"{'  peak memory, as a process':28} "
                    + " ".join(f"{m / 2**20:7.0f}MB" for m in memory)
                    + "   "
                    + "  ".join(f"{r:5.2f}" for r in grown)
                    + f"   ({(memory[-1] - memory[0]) / (sizes[-1] - sizes[0]):.1f} bytes "
                    "per byte of file)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
