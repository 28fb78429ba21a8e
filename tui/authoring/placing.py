"""Where a new event goes: at the end of the timeline, or earlier where its date says so."""

from __future__ import annotations

from typing import Any

from tui.model.edtf import EdtfDate, EdtfError, parse_edtf


def event_position(events: list[dict[str, Any]], date: object) -> int:
    """The index a new event dated `date` takes among `events` (their TOML tables).

    Undated (or with a date that does not parse, which check will refuse anyway): the end.
    Dated: after the last dated event that is not definitely later, so a timeline in date
    order stays in order; undated events between are passed over, as they have no date to
    compare.
    """
    new = _date(date)
    if new is None:
        return len(events)
    position = len(events)
    for index in range(len(events) - 1, -1, -1):
        other = _date(events[index].get("date"))
        if other is None:
            continue
        if not new.definitely_before(other):
            break
        position = index
    return position


def _date(text: object) -> EdtfDate | None:
    if not isinstance(text, str):
        return None
    try:
        return parse_edtf(text)
    except EdtfError:
        return None
