"""`baghouz-tui suggest PATH [--format json|text]`: the entries suggested for a story.

Quotes with their speakers, the speakers as actors, and dated events, each with its source
link, a confidence (0 to 1) and why. Suggestions rejected before are not printed again; one
the bundle already has says which entry (`existing`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.output import EXIT_INVALID, EXIT_OK, Output
from tui.model.safe_text import one_line

if TYPE_CHECKING:
    from tui.authoring.suggest.model import Suggestion
    from tui.model.entities import Bundle


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui suggest",
        description="Print the quotes, actors and dated events suggested for a story bundle: "
        "suggestions to review, never entries until accepted.",
    )
    parser.add_argument("path", metavar="PATH", help="story bundle (.toml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def run(argv: Sequence[str]) -> int:
    options = parser().parse_args(argv)
    err = Output(sys.stderr)
    from tui.model.load import load_bundle
    from tui.model.problems import BundleError

    try:
        bundle, _warnings = load_bundle(options.path)
    except BundleError as error:
        for problem in error.problems:
            err.line(problem.format())
        return EXIT_INVALID
    except Exception as error:  # a bug must still not end in a traceback
        err.line(f"baghouz-tui suggest: cannot read {options.path}: {type(error).__name__}")
        return EXIT_INVALID
    from tui.authoring.suggest.api import store_for

    store = store_for(bundle, shipped=_is_shipped(options.path))
    print_suggestions(bundle, options.format, Output(sys.stdout), store_path=store.path)
    return EXIT_OK


def _is_shipped(path: str) -> bool:
    from tui.model.content import shipped_bundle_path

    try:
        return Path(path).resolve() == shipped_bundle_path().resolve()
    except OSError:
        return False


def print_suggestions(bundle: Bundle, fmt: str, out: Output, *, store_path: Path | None) -> None:
    from tui.authoring.suggest.api import all_suggestions
    from tui.authoring.suggest.matching import existing_entry
    from tui.authoring.suggest.store import SuggestionStore

    rejected = SuggestionStore(store_path, bundle.story.id).rejected() if store_path else {}
    offered = [s for s in all_suggestions(bundle) if s.key not in rejected]
    rows = [(s, existing_entry(s, bundle)) for s in offered]
    if fmt == "json":
        objects = [{**s.as_json(), "existing": existing} for s, existing in rows]
        text = json.dumps(objects, ensure_ascii=False, indent=2)
        if not out.encodable(text):
            text = json.dumps(objects, ensure_ascii=True, indent=2)
        out.line(text)
    else:
        for suggestion, existing in rows:
            for line in _text_lines(suggestion, existing):
                out.line(line)
        new = sum(existing is None for _, existing in rows)
        out.line(
            f"{len(rows)} suggestions, {new} not yet in the story"
            + (f", {len(rejected)} rejected before" if rejected else "")
        )
    out.flush()


def _text_lines(suggestion: Suggestion, existing: str | None) -> list[str]:
    where = suggestion.sources[0].paragraph
    label = suggestion.type + (f"/{suggestion.kind}" if suggestion.kind else "")
    if suggestion.type == "quote":
        body = f"“{suggestion.text}”"
        if suggestion.speaker:
            body += f" — {suggestion.speaker}" + (f" ({suggestion.cue})" if suggestion.cue else "")
    elif suggestion.type == "event":
        body = f"{suggestion.date}  “{suggestion.when}”: {suggestion.text}"
    else:
        body = suggestion.text + (
            f" (aka {', '.join(suggestion.aliases)})" if suggestion.aliases else ""
        )
    lines = [f"{where:<5} {label:<15} {suggestion.confidence:.2f}  {one_line(body)}"]
    lines.append(f"      why: {one_line(suggestion.why)}")
    if existing:
        lines.append(f"      already in the story as {existing}")
    return lines
