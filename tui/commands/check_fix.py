"""`baghouz-tui check --fix [--write] PATH...`: re-anchor the links the text left behind.

For each bundle whose only errors are links whose words are no longer where they say, the
fix moves each link that was found again (exactly elsewhere, or approximately) to where its
words are now: a unified diff of the story file on stdout, touching only those links'
lines; `--write` saves it through the story writer (atomic, locked, judged by check). Orphans
are listed on stderr and left for a person. Exit 0 when the bundle passes check afterwards
(with --write: as written), 1 when anything is left to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.commands.output import EXIT_INVALID, EXIT_OK, Output
from tui.fileio import shown_path
from tui.model.problems import BundleError, Severity


def fix(paths: Sequence[str], write: bool, out: Output, err: Output) -> int:
    code = EXIT_OK
    for path in paths:
        code = max(code, _fix_one(path, write, out, err))
    out.flush()
    return code


def _fix_one(path: str, write: bool, out: Output, err: Output) -> int:
    # The writer and the validator load here: `check` without --fix needs neither.
    from tui.authoring.edits import Refused, Saved
    from tui.authoring.link_fixes import fix_edit
    from tui.authoring.story_file import StoryFile
    from tui.authoring.writer import preview_edit, save_edit
    from tui.model.fast_path import build
    from tui.model.repair import repairs_for

    name = shown_path(path)
    try:
        story = StoryFile.open(path, with_errors=True)
    except BundleError as error:
        for problem in error.problems:
            out.line(problem.format())
        err.line(f"{name}: not fixed: it does not load")
        return EXIT_INVALID
    if story.valid:
        err.line(f"{name}: ok (no link to fix)")
        return EXIT_OK
    # Links only: control characters (which only warn) need not be looked for here.
    _, found = build(story.data, path)
    result = repairs_for(story.data, path, found)
    if result is None:
        for problem in story.errors:
            out.line(problem.format())
        err.line(f"{name}: not fixed: --fix re-anchors links only; fix the other errors first")
        return EXIT_INVALID
    orphans = [r for r in result.repairs if not r.anchoring.found]
    edit = fix_edit(story, result.repairs)
    fixed = len(edit.edits)
    if edit.edits:
        preview = preview_edit(story, edit, keep_errors=True)
        if isinstance(preview, Refused):  # the fix itself would break a rule: say which
            for problem in preview.problems:
                out.line(problem.format())
            err.line(f"{name}: not fixed: the re-anchored links do not pass check")
            return EXIT_INVALID
        # As git names files (a/..., b/...), so `patch -p1` applies it from the root.
        out.line(preview.diff(name.lstrip("/")).rstrip("\n"))
    for orphan in orphans:
        words = orphan.old_text if orphan.field == "text" else orphan.old.get("exact")
        err.line(
            f"{name}: {orphan.entry}: sources[{orphan.source}] orphan, left for a person: "
            f"{words!r} ({orphan.anchoring.reason or 'no good match'})"
        )
    summary = f"{len(result.repairs) - len(orphans)} link(s) re-anchored in {fixed} entr" + (
        "y" if fixed == 1 else "ies"
    )
    if not write:
        err.line(f"{name}: {summary}, not written (--write saves them); {len(orphans)} orphan(s)")
        return EXIT_INVALID
    if edit.edits:
        outcome = save_edit(story, edit, keep_errors=True)
        if not isinstance(outcome, Saved):
            message = getattr(outcome, "message", None) or "the file changed or was refused"
            for problem in getattr(outcome, "problems", ()):
                out.line(problem.format())
            err.line(f"{name}: not written: {message}")
            return EXIT_INVALID
        left = [p for p in outcome.problems if p.severity is Severity.ERROR]
    else:
        left = list(story.errors)
    err.line(f"{name}: {summary}, written; {len(orphans)} orphan(s) left")
    return EXIT_INVALID if left or orphans else EXIT_OK
