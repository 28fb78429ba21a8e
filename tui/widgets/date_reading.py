"""An event's date read out in full: the EDTF text, its short display and what it claims.

The short display (`EdtfDate.display()`, the timeline's column) already tells an open end
from an unknown one ("until Feb 2019" for `../2019-02`, "? \u2013 Feb 2019" for `/2019-02`); the
detail pane also says in words what each qualifier and interval end means.
"""

from __future__ import annotations

from tui.model.edtf import EdtfDate

UNDATED = "none — undated: the story gives no date for it"


def date_reading(date: EdtfDate | None) -> str:
    """e.g. `../2019-02 — until Feb 2019 (open start: no earlier bound)`."""
    if date is None:
        return UNDATED
    notes = []
    if date.is_interval:
        start, _, end = date.text.partition("/")
        if start == "..":
            notes.append("open start: no earlier bound")
        elif not start:
            notes.append("start unknown: the story does not give it")
        if end == "..":
            notes.append("open end: still going when the story was written")
        elif not end:
            notes.append("end unknown: the story does not give it")
    if date.approximate and date.uncertain:
        notes.append("approximate and uncertain")
    elif date.approximate:
        notes.append("approximate")
    elif date.uncertain:
        notes.append("uncertain")
    reading = f"{date.text} — {date.display()}"
    return f"{reading} ({'; '.join(notes)})" if notes else reading
