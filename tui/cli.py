"""Command line: open a story, or dispatch to a subcommand in `tui.commands`.

Textual is imported only when the app actually starts, and each subcommand's module only
when it runs, so `check` and `report` stay fast and work without a terminal.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.commands.output import EXIT_INVALID, EXIT_USAGE
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.model.problems import BundleError

if TYPE_CHECKING:
    # Imported where a parser is built: opening the shipped story (no arguments) needs
    # none, and argparse costs ~5 ms of start-up.
    import argparse

    from tui.model.repair import LinkRepair

# Subcommand -> the module in tui.commands whose `run(argv) -> int` carries it out.
SUBCOMMANDS = {
    "check": "check",
    "report": "report",
    "new": "new",
    "suggest": "suggest",
    "export": "export",
    "serve": "serve",
}

_DESCRIPTION = """\
Explore and review a news story: its timeline, actors and quotes, each linked to the
words of the paragraph it came from. With no PATH, opens the shipped Baghouz story.

other commands:
  baghouz-tui check [--json] PATH...          validate story bundles (exit 0 valid, 1 invalid)
  baghouz-tui check --fix [--write] PATH...   re-anchor links after the text was corrected
  baghouz-tui report PATH [--format FORMAT]   print the review of a bundle (markdown or json)
  baghouz-tui new ARTICLE [-o STORY.toml]     start a story from an article (text, Markdown, HTML)
  baghouz-tui suggest PATH [--format FORMAT]  print suggested quotes, actors, dates (text or json)
  baghouz-tui export PATH --to FORMAT [-o FILE] [--verified-only | --status STATUS]
                                              export to timelinejs, csv, csv-entries,
                                              annotations or html (see export --help)
  baghouz-tui serve --ssh PORT --authorized-keys FILE [BUNDLE... | --stories DIR]
                                              the review desk over SSH (--web PORT: to a browser)
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
        "--theme",
        default=None,
        help="colour theme: dark, light or a Textual theme's name (default: the settings "
        "file's, else dark)",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="ASCII symbols and no italics (the default on TERM=linux)",
    )
    parser.add_argument(
        "--pick", nargs="+", metavar="PATH", help="choose among these stories (or folders of them)"
    )
    parser.add_argument("--version", action="version", version=f"baghouz-tui {__version__}")
    return parser


def _pick(paths: list[str], reviewer: str | None, theme: str | None, ascii: bool = False) -> int:
    """The story picker, then the story chosen; quitting a story comes back to the picker."""
    from tui.screens.story_picker import pick_story

    chosen: Path | None = None
    while True:
        result = pick_story(paths, reviewer=reviewer, theme=theme, selected=chosen)
        if not isinstance(result, Path):
            return result  # 0: quit; or a signal's exit code
        chosen = result
        code = _open(str(chosen), reviewer, theme, ascii)
        gc.unfreeze()  # what that story froze (see _collect_from_now_on) may be collected now
        if code not in (0, EXIT_INVALID):  # a story that stopped loading is listed as such
            return code


def _open(
    path: str | None, reviewer: str | None, theme: str | None, ascii: bool = False
) -> int:
    # No garbage collection until the first frame is up: start-up makes a few hundred
    # thousand objects that live as long as the app (Textual's modules, the story, the
    # widgets), and collecting while they are made only walks them again and again
    # (~10 ms of Textual's import alone). `_collect_from_now_on` turns it back on.
    gc.disable()
    try:
        bundle_path = Path(path) if path else shipped_bundle_path()
        repairs: list[LinkRepair] = []
        try:
            bundle, warnings = load_bundle(bundle_path)
        except BundleError as error:
            # Links the corrected text left behind, and nothing else: open in repair mode.
            from tui.model.load import load_repairable

            try:
                repairable = load_repairable(bundle_path)
            except BundleError:
                for problem in error.problems:
                    print(problem.format(), file=sys.stderr)
                return EXIT_INVALID
            bundle, warnings, repairs = (
                repairable.bundle, repairable.warnings, list(repairable.repairs)
            )
        from tui.app import run_app
        from tui.settings.file import read_settings
        from tui.widgets.ascii_filter import wants_ascii

        return run_app(
            bundle,
            shipped=path is None,
            reviewer=reviewer,
            theme=theme,
            ascii=ascii or wants_ascii(os.environ.get("TERM")),
            warnings=warnings,
            settings=read_settings(),
            after_first_frame=_collect_from_now_on,
            repairs=repairs,
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
        if args and args[0] in SUBCOMMANDS:
            module = importlib.import_module(f"tui.commands.{SUBCOMMANDS[args[0]]}")
            code: int = module.run(args[1:])
            return code
        if not args:  # the shipped story: skip importing and running argparse
            return _open(None, None, None)
        options = _open_parser().parse_args(args)
        if options.pick:
            return _pick(options.pick, options.reviewer, options.theme, options.ascii)
        return _open(options.path, options.reviewer, options.theme, options.ascii)
    except SystemExit as exit_:
        # argparse exits 0 for --help/--version and 2 for usage errors.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def entry_point() -> None:
    sys.exit(main())
