"""`baghouz-tui report [PATH] [--format markdown|json] [--only STATES]`: the review, to stdout.

A read command: it never renames, creates or locks anything. A review store that cannot be
used (corrupt, foreign, a link, a FIFO, too large) is described on stderr, exit 1; only the
app, which writes, sets such a file aside.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.commands.output import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output
from tui.fileio import shown_path
from tui.model.content import shipped_bundle_path
from tui.model.problems import BundleError

STATES = ("disputed", "needs-fix", "stale", "disagreed", "open", "unreviewed", "noted")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui report",
        description="Print the editorial review of a story bundle: what needs action first "
        "(disputed, needs-fix, disagreements, stale), then the rest.",
    )
    parser.add_argument("path", nargs="?", help="story bundle (default: the shipped story)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument(
        "--only",
        metavar="STATES",
        help=f"only entries in any of these comma-separated states: {', '.join(STATES)}",
    )
    return parser


def run(argv: Sequence[str]) -> int:
    options = parser().parse_args(argv)
    only = None
    if options.only is not None:
        only = [part.strip() for part in options.only.split(",") if part.strip()]
        unknown = [state for state in only if state not in STATES]
        if unknown or not only:
            print(
                f"baghouz-tui report: --only takes {', '.join(STATES)}"
                + (f", not {', '.join(repr(u) for u in unknown)}" if unknown else ""),
                file=sys.stderr,
            )
            return EXIT_USAGE
    return report(options.path, options.format, only)


def report(path: str | None, fmt: str, only: Sequence[str] | None = None) -> int:
    from tui.review.report import ReviewUnusable, report_for_path

    bundle_path = Path(path) if path else shipped_bundle_path()
    try:
        text = report_for_path(bundle_path, fmt, shipped=path is None, only=only)
    except BundleError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_INVALID
    except ReviewUnusable as error:
        print(f"baghouz-tui report: {error} (run the app to set it aside)", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        where = shown_path(error.filename) if error.filename else "the review"
        print(f"baghouz-tui report: cannot read {where}: {error.strerror}", file=sys.stderr)
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
