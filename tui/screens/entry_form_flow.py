"""The entry form's save, from the story screen: what it submits, the conflict it may
meet (another editor changed or deleted the entry meanwhile) and what it says once saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.model.entities import EntryType
from tui.model.safe_text import one_line
from tui.screens.quick_save import LOCK_WAIT
from tui.screens.story_editing import owner_of, problem_lines
from tui.screens.story_widgets import PANE_OF_TYPE

if TYPE_CHECKING:
    from tui.authoring.edits import Conflict, Edit, Outcome
    from tui.authoring.story_file import StoryFile
    from tui.screens.story_view import StoryView


def open_form(
    screen: StoryView,
    entry_type: EntryType,
    fields: dict[str, Any],
    title: str,
    edit_for: Callable[[dict[str, Any]], Edit],
    on_saved: Callable[[], object] | None = None,
    edits: str | None = None,
) -> None:
    """The entry form for `fields`; `edit_for` makes the edit its draft saves. `edits`: the
    id of the entry the form changes, whose `fields` are as the file held it: a save after
    someone else changed it meanwhile is a Conflict, even once the app has reloaded the file."""
    import copy

    from tui.authoring.edits import (
        SECTION_OF,
        Batch,
        Conflict,
        Create,
        Failed,
        Refused,
        Saved,
        merged,
        normalized,
    )
    from tui.authoring.values import same
    from tui.screens.entry_form import FIRST_FIELD_OF_EDIT, Busy, EntryForm

    owner = owner_of(screen)
    saved: list[Saved] = []
    unchanged: list[bool] = []  # submitted as it was opened: nothing written
    renames: list[tuple[str, str]] = []  # actors the saved draft named by their new ids
    expected: dict[str, Any] = {} if edits is None else {edits: copy.deepcopy(fields)}
    # After "keep mine": (the entry as opened, as on disk), to merge the draft with by field.
    merge_with: dict[str, tuple[Any, Any]] = {}

    def submit(draft: dict[str, Any]) -> list[str] | Busy:
        # Another editor deleted the entry, and "keep mine" was chosen: it is written anew.
        was = expected.get(edits, {}) if edits is not None else {}
        deleted = was is None
        if edits is not None and was is not None and same(normalized(draft), normalized(was)):
            unchanged.append(True)  # nothing to write: the file (and its time) stay as they are
            return []
        if owner.editing.waiting:  # a quick edit's save is waiting for the lock: after it
            return Busy("an earlier change is waiting for another editor's save")
        if edits in merge_with:  # my changes, and theirs where I changed nothing
            base, theirs = merge_with[edits]
            draft = merged(normalized(base), normalized(theirs), normalized(draft))

        def attempt(draft: dict[str, Any]) -> Outcome:
            edit = Create(SECTION_OF[entry_type], draft) if deleted else edit_for(draft)
            # A moment's wait for the lock, no more: the form tries again on a timer.
            return owner.editing.save(edit, lock_timeout=LOCK_WAIT, expect=expected)

        outcome = attempt(draft)
        followed: list[tuple[str, str]] = []
        if isinstance(outcome, Refused):  # perhaps for an actor renamed since the form opened
            renamed = _following_renames(screen, draft, outcome.story)
            if renamed is not None:
                draft, followed = renamed
                outcome = attempt(draft)
        entry_id = str(draft.get("id", ""))
        if isinstance(outcome, Saved):
            owner.editing.saved(outcome, len(screen.review.undo_stack))
            saved.append(outcome)
            renames.extend(followed)
            return []
        if isinstance(outcome, Refused):
            return problem_lines(outcome.errors or outcome.problems, entry_id)
        if isinstance(outcome, Failed):
            if outcome.busy:
                return Busy(outcome.message)
            return [outcome.message, *problem_lines(outcome.problems)]
        if isinstance(outcome, Conflict):
            _ask_about_conflict(screen, outcome, expected, merge_with)
            return [f"{entry_id} was changed on disk since you opened it: choose a version."]
        return ["not saved"]

    def closed(draft: dict[str, Any] | None) -> None:
        if draft is not None and unchanged and not saved:
            screen.notify(f"Nothing changed in {one_line(str(edits))}: not saved", markup=False)
        elif draft is not None and saved:
            outcome = saved[-1]
            entry_id = str(draft.get("id", ""))
            owner.show_story(outcome.story, select=(PANE_OF_TYPE[entry_type], entry_id))
            also = len(outcome.edit.edits) - 1 if isinstance(outcome.edit, Batch) else 0
            named = f" and the {also} entr{'ies' if also > 1 else 'y'} naming it" if also else ""
            now = "".join(f"; {one_line(old)} is now {one_line(new)}" for old, new in renames)
            screen.notify(f"Saved {one_line(entry_id)}{named}{now}", markup=False)
            if on_saved is not None:
                on_saved()

    # The story as last saved: a form opened from a dialog (the suggestions) comes before
    # the screen behind shows an actor saved a moment ago.
    latest = owner.editing.story
    actors = list((latest.bundle if latest is not None else screen.index.bundle).actors)
    first = FIRST_FIELD_OF_EDIT[entry_type] if edits is not None else None
    form = EntryForm(
        entry_type, fields, title=title, actors=actors, submit=submit, first_field=first
    )
    screen.app.push_screen(form, closed)


def _following_renames(
    screen: StoryView, draft: dict[str, Any], story: StoryFile
) -> tuple[dict[str, Any], list[tuple[str, str]]] | None:
    """The draft naming each actor another editor renamed since the form opened by its new
    id, as the review log records the renames, with the (old, new) ids followed; None when
    it names no actor missing from `story` (the file as on disk) that was renamed."""
    from tui.authoring.references import following_renames, named_actors
    from tui.screens.review_actions import review_changed_on_disk

    tables = story.data.get("actors")
    tables = tables if isinstance(tables, list) else []
    known = {str(t.get("id")) for t in tables if isinstance(t, dict)}
    if named_actors(draft) <= known:
        return None  # refused for another reason
    review_changed_on_disk(screen)  # their rename may have been written a moment ago
    followed, moves = following_renames(draft, known, screen.review.state.resolve)
    return (followed, moves) if moves else None


def _ask_about_conflict(
    screen: StoryView,
    conflict: Conflict,
    expected: dict[str, Any],
    merge_with: dict[str, tuple[Any, Any]],
) -> None:
    """Both versions, and a choice; keeping mine saves my changes onto theirs (now
    expected): each field I changed as I typed it, the others as they are on disk."""
    from tui.screens.conflict_screen import ConflictScreen
    from tui.screens.entry_form import EntryForm

    owner = owner_of(screen)
    form = screen.app.screen

    def chosen(choice: str | None) -> None:
        if choice == "mine":
            owner.editing.story = conflict.story  # the edit now goes onto their version
            if conflict.entry_id in expected:
                expected[conflict.entry_id] = conflict.theirs
                # Merged against the entry as the form opened it, however many times asked.
                first = merge_with.get(conflict.entry_id, (conflict.base, None))[0]
                if first is not None and conflict.theirs is not None:
                    merge_with[conflict.entry_id] = (first, conflict.theirs)
            if isinstance(form, EntryForm):
                form.action_save()
        elif choice == "theirs":
            form.dismiss(None)
            owner.show_story(conflict.story)

    screen.app.push_screen(
        ConflictScreen(conflict.entry_id, conflict.theirs, conflict.ours), chosen
    )
