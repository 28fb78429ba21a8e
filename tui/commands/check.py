"""`baghouz-tui check [--json] PATH...`: validate story bundles."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence

from tui.commands.output import EXIT_INVALID, EXIT_OK, Output
from tui.model.load import check_file
from tui.model.problems import BundleError, Problem, Severity
from tui.model.safe_text import inert_name

# What json.dumps(ensure_ascii=False) leaves raw but a terminal would obey: DEL, the C1
# controls (U+009B is CSI) and the bidi overrides. Escaped, the JSON means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui check",
        description="Validate story bundles. Prints every problem as FILE:LINE: ENTRY: MESSAGE. "
        "Exit 0 when all are valid (warnings allowed), 1 when any is invalid, 2 on usage errors.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="story bundle files")
    parser.add_argument(
        "--json", action="store_true", help="print problems as a JSON array of objects"
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="print a diff that re-anchors every link whose words moved or changed "
        "(orphans are listed on stderr, left for a person)",
    )
    parser.add_argument(
        "--write", action="store_true", help="with --fix: save the fix to the story file"
    )
    return parser


def run(argv: Sequence[str]) -> int:
    command = parser()
    options = command.parse_args(argv)
    if options.write and not options.fix:
        command.error("--write saves what --fix finds: use --fix --write")
    if options.fix:
        if options.json:
            command.error("--fix prints a diff, not JSON")
        from tui.commands.check_fix import fix

        return fix(options.paths, options.write, Output(sys.stdout), Output(sys.stderr))
    return check(options.paths, options.json)


def load_problems(path: str) -> tuple[bool, list[Problem]]:
    """(valid, problems) for one path; whatever goes wrong, never an exception."""
    try:
        return check_file(path)
    except BundleError as error:
        return False, error.problems
    except RecursionError:
        return False, [Problem(path, 0, 0, "", "too-deep", "nested too deeply to check")]
    except Exception as error:  # a bug in the checker must still not end in a traceback
        reason = f"{type(error).__name__}: {error}"
        message = f"internal error while checking ({reason}); please report it"
        return False, [Problem(path, 0, 0, "", "internal-error", message)]


def check(paths: Sequence[str], as_json: bool) -> int:
    out = Output(sys.stdout)
    err = Output(sys.stderr)
    problems: list[Problem] = []
    invalid = False
    for path in paths:
        valid, found = load_problems(path)
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
            err.line(f"{inert_name(path)}: {status}" + (f" ({detail})" if detail else ""))
    if as_json:
        out.line(json_text([p.as_json() for p in problems], out))
    out.flush()
    return EXIT_INVALID if invalid else EXIT_OK


def json_text(objects: list[dict[str, object]], out: Output) -> str:
    """The problems as JSON that keeps every value exact (a file name's escape sequences
    included) yet puts no control character on a terminal."""
    text = json.dumps(objects, ensure_ascii=False, indent=2)
    if not out.encodable(text):
        return json.dumps(objects, ensure_ascii=True, indent=2)
    # These characters occur only inside JSON strings, where \uXXXX means the same.
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
