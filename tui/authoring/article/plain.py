"""Plain text: paragraphs are separated by blank lines; a hard-wrapped one is joined."""

from __future__ import annotations

import re

from tui.authoring.article.kinds import Candidate

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")


def candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _hard_wrapped(lines):
            found.append(Candidate(" ".join(lines)))
        else:
            found.extend(Candidate(line) for line in lines)
    return found


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width (one paragraph), as opposed to lines that are each a
    paragraph (a caption printed twice, a list of short lines)."""
    if len(set(lines)) == 1:
        return False
    widths = [len(line) for line in lines[:-1]]
    return max(widths) <= 100 and min(widths) >= 40
