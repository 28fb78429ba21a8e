"""Command line: open a story, `check` bundles, `report` a review.

Textual is imported only when the app actually starts, so `check` and `report` stay fast
and work without a terminal.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui import __version__
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.model.problems import BundleError, Problem, Severity

if TYPE_CHECKING:
    # Imported where a parser is built: opening the shipped story (no arguments) needs
    # none, and argparse costs ~5 ms of start-up.
    import argparse

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_DESCRIPTION = """\
Explore and review a news story: its timeline, actors and quotes, each linked to the
words of the paragraph it came from. With no PATH, opens the shipped Baghouz story.

other commands:
  baghouz-tui check [--json] PATH...          validate story bundles (exit 0 valid, 1 invalid)
  baghouz-tui report PATH [--format FORMAT]   print the review of a bundle (markdown or json)
"""


def _open_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="baghouz-tui",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="story bundle (.toml) to open")
    parser.add_argument("--reviewer", help="name recorded with review marks (default: $USER)")
    parser.add_argument(
        "--theme", choices=("dark", "light"), default=None, help="colour theme (default: dark)"
    )
    parser.add_argument("--version", action="version", version=f"baghouz-tui {__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="baghouz-tui check",
        description="Validate story bundles. Prints every problem as FILE:LINE: ENTRY: MESSAGE. "
        "Exit 0 when all are valid (warnings allowed), 1 when any is invalid, 2 on usage errors.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="story bundle files")
    parser.add_argument(
        "--json", action="store_true", help="print problems as a JSON array of objects"
    )
    return parser


def _report_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="baghouz-tui report", description="Print the editorial review of a story bundle."
    )
    parser.add_argument("path", nargs="?", help="story bundle (default: the shipped story)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    return parser


class _Output:
    """Lines for a stream that may not take every character, or may close early.

    `check` must never end in a traceback: a character the terminal's encoding lacks (or a
    file name that is not valid UTF-8) is shown escaped, and a reader that goes away
    (`check ... | head -1`) silences the rest of the output; checking goes on, for the
    exit code.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed = False

    def encodable(self, text: str) -> bool:
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        errors = getattr(self.stream, "errors", None) or "strict"
        try:
            text.encode(encoding, errors)
        except (UnicodeError, LookupError):
            return False
        return True

    def line(self, text: str) -> None:
        if not self.encodable(text):
            text = text.encode("ascii", "backslashreplace").decode("ascii")
        self._write(text + "\n")

    def flush(self) -> None:
        self._write("")

    def _write(self, text: str) -> None:
        if self.closed:
            return
        try:
            if text:
                self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            self.closed = True
            # Point the descriptor at /dev/null, so the flush at exit cannot fail again.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
                os.close(devnull)


def _load_problems(path: str) -> tuple[bool, list[Problem]]:
    """(valid, problems) for one path; whatever goes wrong, never an exception."""
    try:
        _, found = load_bundle(path)
    except BundleError as error:
        return False, error.problems
    except RecursionError:
        return False, [Problem(path, 0, 0, "", "too-deep", "nested too deeply to check")]
    except Exception as error:  # a bug in the checker must still not end in a traceback
        reason = f"{type(error).__name__}: {error}"
        message = f"internal error while checking ({reason}); please report it"
        return False, [Problem(path, 0, 0, "", "internal-error", message)]
    return True, found


def check(paths: Sequence[str], as_json: bool) -> int:
    out = _Output(sys.stdout)
    err = _Output(sys.stderr)
    problems: list[Problem] = []
    invalid = False
    for path in paths:
        valid, found = _load_problems(path)
        invalid = invalid or not valid
        problems.extend(found)
        if not as_json:
            for problem in found:
                out.line(problem.format())
            errors = sum(p.severity is Severity.ERROR for p in found)
            warnings = len(found) - errors
            status = "invalid" if errors else "ok"
            detail = ", ".join(
                f"{n} {word}{'s' if n != 1 else ''}"
                for n, word in ((errors, "error"), (warnings, "warning"))
                if n
            )
            err.line(f"{path}: {status}" + (f" ({detail})" if detail else ""))
    if as_json:
        import json

        objects = [p.as_json() for p in problems]
        text = json.dumps(objects, ensure_ascii=False, indent=2)
        if not out.encodable(text):
            text = json.dumps(objects, ensure_ascii=True, indent=2)
        out.line(text)
    out.flush()
    return EXIT_INVALID if invalid else EXIT_OK


def _report(path: str | None, fmt: str) -> int:
    from tui.review.report import report_for_path

    bundle_path = Path(path) if path else shipped_bundle_path()
    try:
        text = report_for_path(bundle_path, fmt, shipped=path is None)
    except BundleError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_INVALID
    out = _Output(sys.stdout)
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


def _open(path: str | None, reviewer: str | None, theme: str | None) -> int:
    # No garbage collection until the first frame is up: start-up makes a few hundred
    # thousand objects that live as long as the app (Textual's modules, the story, the
    # widgets), and collecting while they are made only walks them again and again
    # (~10 ms of Textual's import alone). `_collect_from_now_on` turns it back on.
    gc.disable()
    try:
        bundle_path = Path(path) if path else shipped_bundle_path()
        try:
            bundle, _warnings = load_bundle(bundle_path)
        except BundleError as error:
            for problem in error.problems:
                print(problem.format(), file=sys.stderr)
            return EXIT_INVALID
        from tui.app import run_app

        return run_app(
            bundle,
            shipped=path is None,
            reviewer=reviewer,
            theme=theme,
            after_first_frame=_collect_from_now_on,
        )
    finally:
        # However start-up ended (an error, an app that never drew): collect again, for
        # whoever called us in-process. After a first frame this changes nothing.
        gc.enable()


def _collect_from_now_on() -> None:
    """Turn garbage collection back on, after the first frame.

    What exists by then lives as long as the app: frozen out of the collector's sight, or
    every full collection walks all of it (100 ms pauses on large stories). No collection
    first: walking it all costs ~10 ms, to free a little garbage that freezing merely keeps.
    """
    gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "check":
            options = _check_parser().parse_args(args[1:])
            return check(options.paths, options.json)
        if args and args[0] == "report":
            options = _report_parser().parse_args(args[1:])
            return _report(options.path, options.format)
        if not args:  # the shipped story: skip importing and running argparse
            return _open(None, None, None)
        options = _open_parser().parse_args(args)
        return _open(options.path, options.reviewer, options.theme)
    except SystemExit as exit_:
        # argparse exits 0 for --help/--version and 2 for usage errors.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def entry_point() -> None:
    sys.exit(main())
