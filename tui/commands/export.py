"""`baghouz-tui export [PATH] --to FORMAT [-o FILE] [--verified-only | --status ...]`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.commands.output import EXIT_INVALID, EXIT_OK, Output
from tui.export.exporting import FORMAT_HELP, FORMATS, ExportOptions, refuse_inputs, render
from tui.export.review_view import STATUS_FILTERS, StatusFilter, statuses_for
from tui.export.timelinejs import GROUPINGS
from tui.fileio import atomic_write, shown_path
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.model.problems import BundleError
from tui.model.safe_text import one_line
from tui.review.session import ReviewSession


def parser() -> argparse.ArgumentParser:
    formats = "\n".join(f"  {name:<12} {text}" for name, text in FORMAT_HELP.items())
    parser = argparse.ArgumentParser(
        prog="baghouz-tui export",
        description="Export a story and its review: TimelineJS (JSON or its spreadsheet), a CSV\n"
        "of every entry, W3C Web Annotations, or a printable HTML review sheet.\n"
        "Exit 0 when written, 1 when the bundle is invalid or the output cannot be\n"
        "written, 2 on usage errors.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"formats:\n{formats}\n\nstatuses: {', '.join(STATUS_FILTERS)} "
        "(stale: changed after it was reviewed)",
    )
    parser.add_argument("path", nargs="?", help="story bundle (default: the shipped story)")
    parser.add_argument(
        "--to", required=True, choices=tuple(FORMATS), metavar="FORMAT",
        help=f"one of: {', '.join(FORMATS)}",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, atomically (default or -: stdout)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--verified-only", action="store_true", help="only entries verified and unchanged since"
    )
    which.add_argument(
        "--status", action="append", metavar="STATUS[,STATUS...]",
        help="only entries with one of these statuses (repeatable)",
    )
    parser.add_argument(
        "--group", choices=GROUPINGS, default="actor",
        help="TimelineJS groups: each event's first actor (default), its kind, or none",
    )
    return parser


def run(argv: Sequence[str]) -> int:
    command = parser()
    options = command.parse_args(argv)
    if options.verified_only:
        keep = StatusFilter.verified_only()
    elif options.status:
        names = [name.strip() for value in options.status for name in value.split(",")]
        try:
            keep = StatusFilter.of(name for name in names if name)
        except ValueError as error:
            command.error(str(error))
    else:
        keep = StatusFilter()
    return export(options.path, options.to, options.output, ExportOptions(keep, options.group))


def export(path: str | None, fmt: str, output: str | None, options: ExportOptions) -> int:
    err = Output(sys.stderr)
    try:
        bundle, warnings = load_bundle(Path(path) if path else shipped_bundle_path())
    except BundleError as error:
        for problem in error.problems:
            err.line(problem.format())
        return EXIT_INVALID
    for problem in warnings:
        err.line(problem.format())
    # The shipped story keeps its review under the XDG data directory, as the app does.
    review = ReviewSession.for_bundle(bundle, prefer_beside=path is not None, read_only=True)
    for warning in review.warnings:
        err.line(f"warning: {one_line(warning)}")
    target = None if output == "-" else output
    if target is not None:
        try:  # before the work, and before saying what the export leaves out
            refuse_inputs(target, bundle, review)
            _check_target(Path(target))
        except OSError as error:
            return _cannot_write(err, target, error)
    exported = render(bundle, statuses_for(bundle, review), fmt, options)
    data = exported.text.encode("utf-8")
    if target is None:
        if not _to_stdout(data, err):
            return EXIT_INVALID
    else:
        try:
            atomic_write(target, data)
        except OSError as error:
            return _cannot_write(err, target, error)
    if exported.undated:
        count = len(exported.undated)
        err.line(
            f"baghouz-tui export: {count} undated event{'s' if count > 1 else ''} left out "
            "(a timeline places events by their date):"
        )
        for event in exported.undated:
            err.line(f"  {event.id}: {one_line(event.title)}")
    return EXIT_OK


def _check_target(path: Path) -> None:
    """OSError, as writing would raise it, for a path that cannot take a file at all."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))


def _cannot_write(err: Output, output: str, error: OSError) -> int:
    reason = error.strerror or str(error)
    err.line(f"baghouz-tui export: cannot write {shown_path(output)}: {reason}")
    return EXIT_INVALID


def _to_stdout(data: bytes, err: Output) -> bool:
    """Write the export's bytes as they are (UTF-8, its own line ends, whatever the locale's
    encoding); False when that failed or the reader went away (`export ... | head`)."""
    stream = sys.stdout
    try:
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is None:
            stream.write(data.decode("utf-8"))
        else:
            binary.write(data)
        stream.flush()
    except BrokenPipeError:
        # Point the descriptor at /dev/null, so the flush at exit cannot fail again.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        return False
    except OSError as error:  # e.g. a full disk behind a redirect
        err.line(f"baghouz-tui export: cannot write the export: {error.strerror or error}")
        return False
    return True
