"""The SSH desk's limits, and the durations they are given in."""

from __future__ import annotations

import re
from typing import NamedTuple

from tui.serve.backoff import BackoffPolicy

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|)", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600}


class ServeLimits(NamedTuple):
    max_sessions: int = 50  # apps running at once, over every key
    max_sessions_per_key: int = 5
    idle_timeout: float = 3600.0  # seconds without a key pressed; 0: never
    login_timeout: float = 30.0  # seconds from connecting to the app running
    max_startups: int = 20  # connections at once that are not running the app yet
    max_auth_tries: int = 6  # keys refused on one connection before it is dropped
    keepalive_interval: float = 15.0  # a client that stops answering is gone after 4 of these
    backoff: BackoffPolicy = BackoffPolicy()


def parse_duration(text: str) -> float:
    """Seconds from "90", "90s", "30m", "1.5h"; ValueError otherwise."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a duration: {text!r} (e.g. 90s, 30m, 2h)")
    return float(match.group(1)) * _UNIT[match.group(2).lower()]


def format_duration(seconds: float) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} hours" if seconds != 3600 else "an hour"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} minutes" if seconds != 60 else "a minute"
    return f"{seconds:g} seconds"
