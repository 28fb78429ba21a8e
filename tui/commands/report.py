"""`baghouz-tui report [PATH] [--format markdown|json]`: the review of a bundle, to stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.commands.output import EXIT_INVALID, EXIT_OK, Output
from tui.model.content import shipped_bundle_path
from tui.model.problems import BundleError


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui report", description="Print the editorial review of a story bundle."
    )
    parser.add_argument("path", nargs="?", help="story bundle (default: the shipped story)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    return parser


def run(argv: Sequence[str]) -> int:
    options = parser().parse_args(argv)
    return report(options.path, options.format)


def report(path: str | None, fmt: str) -> int:
    from tui.review.report import report_for_path

    bundle_path = Path(path) if path else shipped_bundle_path()
    try:
        text = report_for_path(bundle_path, fmt, shipped=path is None)
    except BundleError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_INVALID
    out = Output(sys.stdout)
    try:
        for line in text.splitlines():
            out.line(line)
        out.flush()
    except OSError as error:  # e.g. a full disk behind a redirect
        print(
            f"baghouz-tui report: cannot write the report: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    return EXIT_INVALID if out.closed else EXIT_OK
