"""Write a realistic story bundle of any size (the generator is `bench.storygen`).

    python bench/generate_bundle.py N OUT.toml [--seed SEED] [--variant VARIANT]

N paragraphs, N events, N/4 quotes and N/10 actors, always valid; a --variant plants the
problems the benchmark measures `check` with: warning, late-error or spread-errors.
Importable as before: `generate(n, seed=...) -> str`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench` as a package

from bench.storygen import DEFAULT_SEED, VARIANTS, counts, generate, variant

__all__ = ["DEFAULT_SEED", "counts", "generate", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="paragraphs (and events); quotes n/4, actors n/10")
    parser.add_argument("out", type=Path, help="the .toml file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--variant", choices=VARIANTS, default="clean", help="problems to plant (default: none)"
    )
    options = parser.parse_args(argv)
    if options.n < 1:
        parser.error("N must be at least 1")
    text = variant(generate(options.n, options.seed), options.variant)
    options.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
