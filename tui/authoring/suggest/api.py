"""What the app and the commands call: the suggestions for a story, as entry drafts, and
rejecting one.

    suggestions = all_suggestions(bundle)           # everything found, best first per place
    offered = pending(bundle, store)                # less what the bundle has, less rejected
    draft = entry_draft(offered[0], bundle)         # a dict of the bundle format's fields
    store.reject(offered[0], reviewer="ana")        # never offered again
"""

from __future__ import annotations

from pathlib import Path

from tui.authoring.suggest.actors import actor_suggestions
from tui.authoring.suggest.dates import date_suggestions
from tui.authoring.suggest.drafts import entry_draft
from tui.authoring.suggest.matching import existing_entry
from tui.authoring.suggest.model import Suggestion
from tui.authoring.suggest.quotes import quote_suggestions
from tui.authoring.suggest.reported import reported_suggestions
from tui.authoring.suggest.store import SuggestionStore, store_path_for
from tui.model.entities import Bundle

__all__ = [
    "Suggestion",
    "SuggestionStore",
    "all_suggestions",
    "entry_draft",
    "pending",
    "store_for",
]

_TYPE_ORDER = {"quote": 0, "actor": 1, "event": 2}


def all_suggestions(bundle: Bundle) -> list[Suggestion]:
    """Every suggestion for the story, in reading order (then quotes, actors, events)."""
    paragraphs = bundle.paragraphs
    quotes = [*quote_suggestions(paragraphs), *reported_suggestions(paragraphs)]
    actors = actor_suggestions(quotes, paragraphs)
    events = date_suggestions(paragraphs, bundle.story.published, bundle.story.language)
    position = {p.id: p.position for p in paragraphs}
    found = [*quotes, *actors, *events]
    found.sort(
        key=lambda s: (position[s.sources[0].paragraph], _TYPE_ORDER[s.type], s.sources[0].start)
    )
    return found


def store_for(bundle: Bundle, *, shipped: bool = False) -> SuggestionStore:
    """The rejections of `bundle`'s story: beside it, or for the shipped story (whose
    folder is the installed package) in the data directory, where its review is."""
    path = store_path_for(Path(bundle.path), bundle.story.id, prefer_beside=not shipped)
    return SuggestionStore(path, bundle.story.id)


def pending(bundle: Bundle, store: SuggestionStore | None = None) -> list[Suggestion]:
    """The suggestions to offer: none the bundle already has, none rejected before."""
    rejected = store.rejected() if store is not None else {}
    return [
        s
        for s in all_suggestions(bundle)
        if s.key not in rejected and existing_entry(s, bundle) is None
    ]
