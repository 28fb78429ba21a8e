"""The story screen's commands in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import SystemCommand

from tui.review.filters import ReviewFilter
from tui.screens.main_screen import MainScreen
from tui.screens.palette_actions import export_story, open_suggestions
from tui.screens.pane_layout import PANE_ORDER


def story_commands(main: MainScreen) -> Iterator[SystemCommand]:
    for number, pane in enumerate(PANE_ORDER, 1):
        yield SystemCommand(
            f"Focus {pane}",
            f"Show the {pane} pane (key {number})",
            lambda pane=pane: main.action_focus_pane(pane),
        )
    yield SystemCommand("Zoom pane", "The focused pane takes the full height (key z)",
                        main.action_zoom)
    yield SystemCommand(
        "Search", "Search every entry and the article (key /)", main.action_search
    )
    if main.hits.hits:
        yield SystemCommand("Search hits", "List the hits of the search (ctrl+l)",
                            main.action_show_hits)
    if main.hits.query:
        yield SystemCommand("Clear search", "Stop highlighting the search (escape)",
                            main.clear_search)
    if main.problems:
        yield SystemCommand("Bundle warnings", "List the bundle's warnings (key w)",
                            main.action_show_problems)
    yield SystemCommand(
        "Clear filters", "Show every entry again (key escape)", main.clear_filters
    )
    for kind in ReviewFilter:
        yield SystemCommand(
            f"Show {kind.value} entries",
            f"Review filter: {kind.value} (key r cycles)",
            lambda kind=kind: main.set_review_filter(kind),
        )
    yield SystemCommand(
        "Reload review",
        "Read what other editors saved (ctrl+r; it also arrives by itself)",
        main.action_reload_review,
    )
    for fmt in ("markdown", "json"):
        yield SystemCommand(
            f"Export review report ({fmt})",
            "Write the review beside its review file",
            lambda fmt=fmt: main.export_report(fmt),
        )
    yield SystemCommand(
        "Suggestions",
        "Quotes, actors and dated events the text seems to hold, to accept or reject",
        lambda: open_suggestions(main),
    )
    from tui.export.exporting import FORMAT_HELP  # the exporters load when the palette opens

    for fmt, what in FORMAT_HELP.items():
        yield SystemCommand(
            f"Export {fmt}", f"{what}; written beside the bundle",
            lambda fmt=fmt: export_story(main, fmt),
        )
