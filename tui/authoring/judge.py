"""Judge an edited story file by check's rules before it is written.

`check` on a file is: parse it with tomli, then the model's fast path (`build_clean`) when no
string can hold a control character, else the full validator. The writer already holds what
the edited file parses to (the tables it spliced), so it runs the same fast path on those:
`build_clean` builds a bundle exactly when the validator finds nothing at all to report, and
no string can hold a control character when the loaded file had no problem (the validator
warns about every one) and the edit's own strings hold none. Anything else (an error, a
warning, a control character) takes `tui.model.load.parse` on the new text: check itself,
with its messages placed on their lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from tui.authoring.building import without_collection
from tui.model.entities import Bundle
from tui.model.fast_path import build_clean
from tui.model.load import parse
from tui.model.problems import Problem, Severity

# What the validator warns about in a string: C0 controls but tab and line feed, DEL, C1
# controls and bidi marks (tui.model.safe_text).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Verdict(NamedTuple):
    """`written`: the edited file may be written; `bundle` it loads to (None while it still
    has errors, in repair); `problems`: check's, or for a refusal, the reasons."""

    written: bool
    bundle: Bundle | None
    problems: tuple[Problem, ...]


def judge(
    name: str,
    raw: bytes,
    data: dict[str, Any],
    *,
    base_clean: bool,
    written: Iterable[Any],
    known_errors: tuple[Problem, ...] | None = None,
) -> Verdict:
    """Check's verdict on the edited file: `raw` and `data` are its bytes and what they parse
    to, `written` the values the edit wrote (new and changed entries).

    `known_errors` None: the file must pass check. Else (repair) it may keep those errors of
    the file before the edit, matched by entry, kind and message, but have no other.
    """
    if known_errors is None and base_clean and not any(holds_control(x) for x in written):
        with without_collection():
            bundle = build_clean(data, name)
        if bundle is not None:
            return Verdict(True, bundle, ())
    bundle, found = parse(raw.decode("utf-8"), name, raw=raw)
    errors = [p for p in found if p.severity is Severity.ERROR]
    others = [p for p in found if p.severity is not Severity.ERROR]
    if known_errors is not None:
        known = {_kind(p) for p in known_errors}
        new = [p for p in errors if _kind(p) not in known]
        return Verdict(not new, None if errors else bundle, tuple(new or found))
    if bundle is None or errors:
        return Verdict(False, None, tuple(errors + others))
    return Verdict(True, bundle, tuple(found))


def _kind(problem: Problem) -> tuple[str, str, str]:
    """A problem as it reads wherever its line now is."""
    return problem.entry, problem.code, problem.message


def holds_control(item: Any) -> bool:
    """Whether any string in a TOML value (keys too) holds a character check warns about."""
    if isinstance(item, str):
        return not item.isprintable() and _CONTROL.search(item) is not None
    if isinstance(item, dict):
        return any(holds_control(k) or holds_control(v) for k, v in item.items())
    if isinstance(item, list):
        return any(holds_control(v) for v in item)
    return False
