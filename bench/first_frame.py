"""Only the first-frame figure of run.py: the shipped story against hello world, interleaved.

    .venv/bin/python bench/first_frame.py              # 15 rounds
    .venv/bin/python bench/first_frame.py -n 30 --tree /tmp/old-checkout

Same definition as run.py (spawn to the last byte of the first burst of output that holds
the headline, a burst ending after FRAME_QUIET s of quiet), same environment and bytecode
cache handling. Each --tree is another source checkout whose app is measured in
the same rounds (run from that folder, so that its `tui` package is the one imported).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.terminal import (
    APP,
    BYTECODE_CACHE,
    HELLO_APP,
    HELLO_TEXT,
    NARROW,
    ROOT,
    Pty,
    first_frame,
    kill_all,
)
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle


def _frame(argv: list[str], cwd: Path, marker: str) -> float:
    pty = Pty(argv, NARROW, cwd)
    try:
        return first_frame(pty, marker)
    finally:
        pty.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="First frame: the app against hello world.")
    parser.add_argument("-n", "--rounds", type=int, default=15)
    parser.add_argument("--tree", action="append", default=[], help="another checkout")
    options = parser.parse_args()
    trees = [ROOT, *(Path(t).resolve() for t in options.tree)]
    bundle, _ = load_bundle(shipped_bundle_path())
    marker = bundle.story.headline[:40]
    python = sys.executable
    times: dict[str, list[float]] = {"hello": [], **{str(t): [] for t in trees}}
    with tempfile.TemporaryDirectory(prefix="baghouz-ff-") as tmp:
        hello = Path(tmp) / "hello_app.py"
        hello.write_text(HELLO_APP, encoding="utf-8")
        BYTECODE_CACHE.append(Path(tmp) / "pycache")
        try:
            for _ in range(2):  # warm-up: fill the bytecode cache
                _frame([python, str(hello)], ROOT, HELLO_TEXT)
                for tree in trees:
                    _frame(APP, tree, marker)
            for _ in range(options.rounds):
                times["hello"].append(_frame([python, str(hello)], ROOT, HELLO_TEXT))
                for tree in trees:
                    times[str(tree)].append(_frame(APP, tree, marker))
        finally:
            kill_all()
    hello_median = statistics.median(times["hello"])
    for name, values in times.items():
        value = statistics.median(values)
        print(
            f"{name}: median {value * 1000:.0f} ms over {len(values)} runs, "
            f"{value / hello_median:.2f}x hello; "
            f"all {', '.join(f'{v * 1000:.0f}' for v in sorted(values))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
