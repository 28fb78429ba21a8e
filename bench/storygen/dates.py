"""EDTF dates in many forms, each with the words a story would use for it."""

from __future__ import annotations

import datetime as dt
import random

from bench.storygen.parts import _day
from bench.storygen.vocabulary import _MONTHS, _SEASON_NAMES, _WEEKDAYS

_EPOCH = dt.datetime(1998, 1, 1)
_SPAN_MINUTES = int((dt.datetime(2024, 6, 30) - _EPOCH).total_seconds() // 60)


def _season(d: dt.date) -> tuple[int, int]:
    """(year, code) of the northern meteorological season holding `d`."""
    if d.month == 12:
        return d.year, 24
    if d.month <= 2:
        return d.year - 1, 24
    return d.year, 20 + (d.month - 3) // 3 + 1


def _date_form(rng: random.Random, at: dt.datetime) -> tuple[str | None, str, str | None]:
    """An EDTF date whose earliest instant is at or before `at` and latest at or after it,
    the story's words for it, and sometimes a note. Anchors never go back in time, so events
    dated this way are in chronological order whatever forms they take."""
    d = at.date()
    y, m = d.year, d.month
    roll = rng.random()
    if roll < 0.30:
        when = rng.choice((f"on {_day(d)}", f"on {_WEEKDAYS[d.weekday()]}",
                           f"last {_WEEKDAYS[d.weekday()]}", f"on {d.day} {_MONTHS[m - 1]}"))
        return d.isoformat(), when, None
    if roll < 0.40:
        return f"{y:04d}-{m:02d}", rng.choice(
            (f"in {_MONTHS[m - 1]} {y}", f"early in {_MONTHS[m - 1]}", f"that {_MONTHS[m - 1]}")
        ), None
    if roll < 0.46:
        return f"{y:04d}", rng.choice((f"in {y}", f"during {y}", "that year")), None
    if roll < 0.49:
        return f"{y:04d}~", rng.choice((f"around {y}", f"in about {y}", "years earlier")), (
            "The story gives the year only roughly."
        )
    if roll < 0.53:
        return f"{d.isoformat()}?", f"on what was probably {_day(d)}", None
    if roll < 0.54:
        return f"{d.isoformat()}%", f"on or about {_day(d)}", None
    if roll < 0.60:
        when = f"at {at.strftime('%H:%M')} on {_day(d)}"
        zone = rng.random()
        if zone < 0.5:
            return at.strftime("%Y-%m-%dT%H:%M:00"), when, None
        if zone < 0.75:
            return at.strftime("%Y-%m-%dT%H:%M:00Z"), when + " GMT", None
        # Written in local time three hours ahead: the same instant.
        local = at + dt.timedelta(hours=3)
        return local.strftime("%Y-%m-%dT%H:%M:00+03:00"), (
            f"at {local.strftime('%H:%M')} local time on {_day(local.date())}"
        ), None
    if roll < 0.63:
        season_year, code = _season(d)
        return f"{season_year:04d}-{code}", rng.choice(
            (f"in the {_SEASON_NAMES[code]} of {season_year}", f"last {_SEASON_NAMES[code]}")
        ), None
    if roll < 0.65:
        return f"{str(y)[:3]}X", f"in the {str(y)[:3]}0s", None
    if roll < 0.66:
        return f"{y:04d}-XX", f"at some point in {y}", None
    if roll < 0.68:
        return f"{y:04d}-{m:02d}-XX", f"one day in {_MONTHS[m - 1]} {y}", None
    if roll < 0.76:
        if rng.random() < 0.8:
            end = d + dt.timedelta(days=rng.randint(1, 40))
            when = f"between {_day(d)} and {_day(end)}"
            return f"{d.isoformat()}/{end.isoformat()}", when, None
        later = (m % 12) + 1
        end_year = y + (m == 12)
        return f"{y:04d}-{m:02d}/{end_year:04d}-{later:02d}", (
            f"from {_MONTHS[m - 1]} to {_MONTHS[later - 1]}"
        ), None
    if roll < 0.80:
        return f"{d.isoformat()}/..", f"since {_day(d)}", None
    if roll < 0.81:
        return f"{d.isoformat()}/", f"from {_day(d)}", "When it ended, the story does not say."
    if roll < 0.85:
        return f"../{d.isoformat()}", rng.choice((f"until {_day(d)}", f"by {_day(d)}")), None
    if roll < 0.86:
        return f"/{d.isoformat()}", f"up to {_day(d)}", None
    if roll < 0.87:
        later = (m % 12) + 1
        end_year = y + (m == 12)
        return f"{y:04d}-{m:02d}~/{end_year:04d}-{later:02d}?", (
            f"from around {_MONTHS[m - 1]} into {_MONTHS[later - 1]}"
        ), "Both ends are approximate."
    if roll < 0.93:
        return d.isoformat(), "", None  # dated by the editor, the story gives no words for it
    return None, rng.choice(("", "at some point", "recently")), None

