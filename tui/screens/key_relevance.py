"""Which of the story screen's keys do something where the focus is.

A key that would only answer "not here" (marking from the article, say) is neither shown
in the key bar nor run: the screen's `check_action` asks here. Each rule looks at the pane
with focus and the screen's state, never at the row under the cursor, so moving the cursor
never changes the key bar (which would cost a repaint per key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.review.filters import ReviewFilter
from tui.screens.edit_actions import selected_words

if TYPE_CHECKING:
    from tui.authoring.history import EditHistory
    from tui.screens.story_view import StoryView

Rule = Callable[["StoryView"], bool]


def _on_entry(screen: StoryView) -> bool:
    bundle = screen.index.bundle  # a story fresh from `new` has paragraphs, no entry yet
    has_entries = bool(bundle.events or bundle.actors or bundle.quotes)
    return has_entries and screen.active_pane in ("timeline", "actors", "quotes", "detail")


def _in_list(screen: StoryView) -> bool:
    return screen.focused_list is not None


def _actor_filter(screen: StoryView) -> bool:
    return screen.actor_filter is not None or screen.active_pane in ("actors", "quotes")


def _speaker(screen: StoryView) -> bool:
    return screen.active_pane == "quotes"


def _searched(screen: StoryView) -> bool:
    return bool(screen.hits.hits)


def _can_go_back(screen: StoryView) -> bool:
    return (
        screen.zoomed
        or bool(screen.hits.query)
        or screen.actor_filter is not None
        or screen.review_filter is not ReviewFilter.ALL
        or screen.active_pane in ("article", "detail")
    )


def _history(screen: StoryView) -> EditHistory | None:
    editing = getattr(screen.app, "editing", None)
    return getattr(editing, "history", None)


def _can_undo(screen: StoryView) -> bool:
    history = _history(screen)
    return screen.review.can_undo or (history is not None and history.can_undo)


def _can_redo(screen: StoryView) -> bool:
    history = _history(screen)
    return history is not None and history.can_redo


def _selected(screen: StoryView) -> bool:
    # The key bar is refreshed when a selection starts or ends (SelectionChanged).
    return screen.active_pane in ("article", "detail") and selected_words(screen) is not None


def _selected_with_entry(screen: StoryView) -> bool:
    return _selected(screen) and screen.detail.entry is not None


def _repairing(screen: StoryView) -> bool:
    return bool(getattr(screen.app, "repairs", ()))


RELEVANT: dict[str, Rule] = {
    "mark": _on_entry,
    "clear_mark": _on_entry,
    "edit_note": _on_entry,
    "next_unreviewed": _in_list,
    "previous_unreviewed": _in_list,
    "undo": _can_undo,
    "redo": _can_redo,
    "show_repairs": _repairing,
    "reattach": lambda screen: _repairing(screen) and _selected(screen),
    "create_entry": _selected,
    "add_source": _selected_with_entry,
    "edit_entry": _on_entry,
    "delete_entry": _in_list,
    "filter_actor": _actor_filter,
    "goto_speaker": _speaker,
    "next_hit": _searched,
    "previous_hit": _searched,
    "show_hits": _searched,
    "show_problems": lambda screen: bool(screen.problems),
    "back": _can_go_back,
}
