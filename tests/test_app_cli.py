"""Opening a bundle that `check` refuses: the same messages on stderr, exit 1, no UI."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import REPO, UNSAFE, run_tui

BAD = "tests/app_fixtures/bad.toml"

BAD_MESSAGES = [
    f"{BAD}:9: story: warning: `headline` contains the control character U+001B; it is shown "
    "as a visible placeholder, never sent to the terminal",
    f"{BAD}:25: opening: `date` 2024-02-30 is not a date: February 2024 has 29 days",
    f"{BAD}:26: opening: unknown key `speakr`",
    f"{BAD}:27: opening: `actors[0]` names 'mayr', but no actor has that id; did you mean 'mayor'?",
    f"{BAD}:28: opening: sources[0].exact 'opened the tunnel' does not occur in paragraph p1",
    f"{BAD}:30: done: a direct quote needs `speaker`",
]


def assert_refused_like_check(path: str) -> list[str]:
    """Run `check PATH` and `PATH`; the app must print check's messages on stderr and stop."""
    checked = run_tui("check", path)
    assert checked.returncode == 1
    messages = checked.stdout.decode("utf-8").splitlines()
    assert messages, "check printed no problem"

    opened = run_tui(path)
    assert opened.returncode == 1
    assert opened.stdout == b""  # no UI, not even an escape sequence
    err = opened.stderr.decode("utf-8")
    assert err.splitlines() == messages
    assert "Traceback" not in err
    assert b"\x1b" not in opened.stderr
    assert not UNSAFE.search(err.replace("\n", ""))
    return messages


def test_open_bad_bundle_prints_check_messages_and_exits_1() -> None:
    messages = assert_refused_like_check(BAD)
    assert len(messages) == len(BAD_MESSAGES)
    for line, expected in zip(messages, BAD_MESSAGES, strict=True):
        assert line.startswith(expected), (line, expected)


def test_open_bad_bundle_by_absolute_path() -> None:
    path = str(REPO / BAD)
    messages = assert_refused_like_check(path)
    assert all(line.startswith(f"{path}:") for line in messages)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'format = "story-bundle/1"\n[story\nid = "x"\n', "TOML syntax error"),
        (b"", "the file is empty"),
        (b'format = "story-bundle/1"\n\xff\xfe\n', "is not UTF-8"),
        (b'format = "story-bundle/9"\n', "format 'story-bundle/9' is not one this program reads"),
    ],
    ids=["toml-syntax", "empty", "not-utf8", "unknown-format"],
)
def test_open_unreadable_bundles(content: bytes, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    messages = assert_refused_like_check(str(path))
    assert any(expected in line for line in messages), messages


def test_open_missing_file_and_directory(tmp_path: Path) -> None:
    missing = assert_refused_like_check(str(tmp_path / "nope.toml"))
    assert missing == [f"{tmp_path / 'nope.toml'}: no such file"]
    directory = assert_refused_like_check(str(tmp_path))
    assert "is a directory" in directory[0]

