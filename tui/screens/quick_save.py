"""The save of a quick edit (`+`, `D`, `u`, `U`, re-attaching links) that never freezes the
screen while another editor's save holds the story's lock, and what the screen then says.

Each try waits a moment for the lock, no more; while it is held, the save tries again on a
timer (some 6-8 s in all; the entry form's save tries as often) and says so once, and the
keys go on working meanwhile. One quick save waits at a time: another quick edit or an undo is
refused, saying so, until it is done (an undo pressed meanwhile would undo an edit not yet
made), and a form's save waits for it as for any other save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from tui.model.safe_text import one_line
from tui.screens.story_editing import owner_of, problem_lines

if TYPE_CHECKING:
    from tui.authoring.edits import Edit, Outcome
    from tui.screens.story_editing import StoryEditing
    from tui.screens.story_view import StoryView

LOCK_WAIT = 0.1  # seconds each try waits for another save's lock
RETRY_SECONDS = 0.3  # between tries
TRIES = 20  # then the outcome (Failed: being saved by someone else) is shown

# A try: the save, waiting at most this many seconds for the lock.
Attempt = Callable[[float], "Outcome | None"]
# What to do with the outcome once there is one.
Show = Callable[["Outcome | None"], None]


def save_soon(app: App[Any], editing: StoryEditing, attempt: Attempt, show: Show) -> None:
    """Try `attempt` now; while another save holds the lock, again on a timer; then `show`
    its outcome. Refused (saying so) while an earlier quick save is still waiting."""
    if not still_waiting(app, editing):
        _try(app, editing, attempt, show, TRIES)


def still_waiting(app: App[Any], editing: StoryEditing) -> bool:
    """Whether an earlier quick save is still waiting for the lock (then saying so)."""
    if editing.waiting:
        app.notify(
            "Still waiting to save the last change (another editor is saving the story): "
            "try again in a moment.",
            severity="warning",
            markup=False,
        )
    return editing.waiting


def _try(app: App[Any], editing: StoryEditing, attempt: Attempt, show: Show,
         tries: int) -> None:
    from tui.authoring.edits import Failed

    try:
        outcome = attempt(LOCK_WAIT)
    except BaseException:
        editing.waiting = False
        raise
    if isinstance(outcome, Failed) and outcome.busy:
        if tries > 1:
            if not editing.waiting:
                app.notify("Saving: waiting for another editor's save…", timeout=3,
                           markup=False)
            editing.waiting = True
            # On the app, not the screen: a reload may replace the story screen meanwhile.
            app.set_timer(RETRY_SECONDS, lambda: _try(app, editing, attempt, show, tries - 1))
            return
        # The writer's message counts one try's wait for the lock, not all of them.
        outcome = outcome._replace(message=gave_up(TRIES * RETRY_SECONDS))
    editing.waiting = False
    show(outcome)


def gave_up(waited: float) -> str:
    """Why a save that waited `waited` seconds in all for another editor's lock gave up."""
    return (
        f"another editor's save held the story for more than {waited:.0f} s; "
        "nothing was written: try again"
    )


def save_and_show(screen: StoryView, edit: Edit, said: str,
                  select: tuple[str, str] | None = None) -> None:
    from tui.authoring.edits import Saved

    editing = owner_of(screen).editing

    def show(outcome: Outcome | None) -> None:
        if isinstance(outcome, Saved):
            editing.saved(outcome, len(screen.review.undo_stack))
        show_outcome(screen, outcome, said, select)

    save_soon(screen.app, editing, lambda wait: editing.save(edit, lock_timeout=wait), show)


def show_outcome(screen: StoryView, outcome: Outcome | None, said: str,
                 select: tuple[str, str] | None = None, not_done: str = "Not saved") -> None:
    from tui.authoring.edits import Conflict, Failed, Refused, Saved

    if outcome is None:
        return
    if isinstance(outcome, Saved):
        owner_of(screen).show_story(outcome.story, select=select)
        screen.notify(one_line(said), markup=False)
    elif isinstance(outcome, Refused):
        shown = "; ".join(problem_lines(outcome.errors or outcome.problems)[:3])
        screen.notify(f"{not_done}: {shown}", severity="error", timeout=12, markup=False)
    elif isinstance(outcome, Failed):
        screen.notify(f"{not_done}: {outcome.message}", severity="error", timeout=12,
                      markup=False)
    elif isinstance(outcome, Conflict):
        owner_of(screen).show_story(outcome.story)
        screen.notify(f"{not_done}: {outcome.entry_id} was changed on disk since; the file "
                      "is shown as it is now.", severity="warning", timeout=12, markup=False)
