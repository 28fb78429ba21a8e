"""What an active search matches, as a pattern the line-drawn widgets highlight.

The search itself (tui.model.search) compares case-folded text with runs of white space
folded to one space; the pattern does the same on the text as shown.
"""

from __future__ import annotations

import re


def match_pattern(query: str) -> re.Pattern[str] | None:
    """A pattern for every place `query` occurs, or None for an empty query."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
