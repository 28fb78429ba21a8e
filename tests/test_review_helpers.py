"""Bundles built in code for the review tests (the loader is tested elsewhere).

Imported by the other test_review_* modules and by the worker processes they spawn.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# `pytest` (unlike `python -m pytest`) does not put the repository on sys.path, and the
# project is not necessarily installed; every test_review_* module imports this first.
_REPO = str(Path(__file__).resolve().parents[1])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from tui.model.entities import (  # noqa: E402
    Actor,
    Bundle,
    Event,
    Paragraph,
    Quote,
    SourceLink,
    Story,
)

STORY_ID = "baghouz-test"


def make_bundle(
    path: Path | str = "/nonexistent/story.toml",
    *,
    story_id: str = STORY_ID,
    headline: str = "Last stand at Baghouz",
    paragraphs: tuple[Paragraph, ...] | None = None,
    events: tuple[Event, ...] | None = None,
    actors: tuple[Actor, ...] | None = None,
    quotes: tuple[Quote, ...] | None = None,
) -> Bundle:
    """A small bundle: 2 paragraphs, 3 events, 2 actors, 1 quote unless given."""
    if paragraphs is None:
        paragraphs = (
            Paragraph("p1", 0, "Fighters surrendered at Baghouz on 23 March 2019."),
            Paragraph("p2", 1, "The SDF announced the end of the territorial caliphate."),
        )
    if events is None:
        events = (
            Event("e1", "Surrender at Baghouz", "2019-03-23", (link("p1", "surrendered"),), 0),
            Event("e2", "Caliphate declared over", "2019-03-23", (link("p2"),), 1),
            Event("e3", "Siege begins", "2019-02", (link("p1", "Baghouz"),), 2),
        )
    if actors is None:
        actors = (
            Actor("a1", "Syrian Democratic Forces", "group", (link("p2", "The SDF"),)),
            Actor("a2", "Fighters", "group", (link("p1", "Fighters"),)),
        )
    if quotes is None:
        quotes = (
            Quote(
                "q1",
                "reported",
                "the end of the territorial caliphate",
                (link("p2", "the end of the territorial caliphate"),),
                speaker="a1",
            ),
        )
    return Bundle(
        path=str(path),
        format="baghouz-story/1",
        story=Story(id=story_id, headline=headline),
        paragraphs=paragraphs,
        actors=actors,
        events=events,
        quotes=quotes,
    )


def link(paragraph: str, exact: str | None = None) -> SourceLink:
    return SourceLink(paragraph=paragraph, exact=exact)


def many_events_bundle(count: int, path: Path | str = "/nonexistent/story.toml") -> Bundle:
    """A bundle of `count` events e0..e{count-1}, all linked to p1."""
    events = tuple(
        Event(f"e{i}", f"Event {i}", "2019", (link("p1", "Baghouz"),), i) for i in range(count)
    )
    return make_bundle(path, events=events, actors=(), quotes=())


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def log_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a review log, parsed (the header first)."""
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def saved_verdicts(path: Path, story_id: str = STORY_ID) -> dict[str, dict[str, str]]:
    """What a fresh reader finds in the log at `path`: entry -> reviewer -> mark."""
    from tui.review.session import ReviewSession

    session = ReviewSession.open(path, story_id, read_only=True)
    assert session.errors == [], session.errors
    return {
        entry_id: {v.reviewer: v.mark.value for v in state.verdicts()}
        for entry_id, state in session.state.entries.items()
        if state.verdicts()
    }


def current_marks(bundle_path: Path, story_id: str) -> dict[str, dict[str, object]]:
    """Every reviewer's current verdict in the review beside the bundle at `bundle_path`,
    keyed "entry/reviewer": {"entry", "reviewer", "mark"} (for tests that drive the app
    from outside, as the SSH and web desks do)."""
    from tui.review.session import ReviewSession

    log = bundle_path.with_suffix(".review.jsonl")
    if not log.exists():
        return {}
    session = ReviewSession.open(log, story_id, read_only=True)
    return {
        f"{entry_id}/{v.reviewer}": {"entry": entry_id, "reviewer": v.reviewer,
                                      "mark": v.mark.value}
        for entry_id, state in session.state.entries.items()
        for v in state.verdicts()
    }
