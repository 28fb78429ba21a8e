"""`baghouz-tui check PATH...`: exit codes, output lines, --json, and inputs that are no bundle."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.model.content import shipped_bundle_path

REPO_ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., Any]  # the run_cli fixture: (*args) -> result with code, out, err, lines
Write = Callable[..., Path]

BASE = (Path(__file__).resolve().parent / "bundles" / "base.toml").read_text(encoding="utf-8")
# FILE:LINE: ENTRY: MESSAGE (the entry may be left out where there is none, e.g. TOML syntax)
PROBLEM_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>[0-9]+): (?:(?P<entry>[a-z0-9\[\]-]+): )?(?P<message>.+)$"
)
JSON_KEYS = {"file", "line", "column", "entry", "code", "severity", "message"}


def _broken(write_file: Write) -> Path:
    """A bundle with two errors: an impossible date, then an unknown speaker."""
    text = BASE.replace(
        'speaker = "ana-ruiz"\ncue = "said"\ntext = "It is',
        'speaker = "ana-ruis"\ncue = "said"\ntext = "It is',
    )
    text = text.replace('date = "2024-04-30"', 'date = "2024-04-31"')
    assert text.count('speaker = "ana-ruis"\n') == 1 and "2024-04-31" in text
    return write_file(text, "broken.toml")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# --- exit codes -----------------------------------------------------------------------------


def test_valid_bundle_exits_0_and_prints_no_problem(run_cli: Run, write_file: Write) -> None:
    path = write_file(BASE)
    result = run_cli("check", path)
    assert result.code == 0
    assert result.out == ""
    assert result.err == f"{path}: ok\n"


def test_invalid_bundle_exits_1_with_each_problem_on_a_line(
    run_cli: Run, write_file: Write
) -> None:
    path = _broken(write_file)
    result = run_cli("check", path)
    assert result.code == 1
    assert result.lines == [
        f"{path}:{_line_of(path, '2024-04-31')}: vote: `date` 2024-04-31 is not a date: "
        "April 2024 has 30 days",
        f"{path}:{_line_of(path, 'speaker = ')}: overdue: `speaker` names 'ana-ruis', but no actor "
        "has that id; did you mean 'ana-ruiz'?",
    ]
    assert result.err == f"{path}: invalid (2 errors)\n"


def test_warnings_are_printed_but_exit_0(run_cli: Run, write_file: Write) -> None:
    path = write_file(BASE.replace('date = "2026"', 'date = "2020"'))
    result = run_cli("check", path)
    assert result.code == 0
    assert result.lines == [
        f"{path}:{_line_of(path, '2020')}: opening: warning: dated 2020 but comes after vote "
        "(2024-04-30); events are listed in chronological order"
    ]
    assert result.err == f"{path}: ok (1 warning)\n"


def test_errors_and_warnings_together_exit_1(run_cli: Run, write_file: Write) -> None:
    text = BASE.replace('date = "2026"', 'date = "2020"').replace(
        'kind = "caption"', 'kind = "photo"'
    )
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1
    assert [bool(re.search(r": warning: ", line)) for line in result.lines] == [False, True]
    assert result.err == f"{path}: invalid (1 error, 1 warning)\n"


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--json"],
        ["check", "--bogus", "x.toml"],
        ["check", "--json=yes", "x.toml"],
    ],
)
def test_usage_errors_exit_2(args: list[str], run_cli: Run) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert "usage: baghouz-tui check" in result.err
    assert result.out == ""


def test_help(run_cli: Run) -> None:
    result = run_cli("check", "--help")
    assert result.code == 0
    assert result.out.startswith(
        "usage: baghouz-tui check [-h] [--json] [--fix] [--write] PATH [PATH ...]"
    )
    assert "--json" in result.out
    assert "--fix" in result.out and "--write" in result.out
    assert "Exit 0 when all are valid" in result.out
    assert "FILE:LINE: ENTRY: MESSAGE" in result.out
    assert result.err == ""


def test_top_level_help_mentions_check(run_cli: Run) -> None:
    result = run_cli("--help")
    assert result.code == 0
    assert "baghouz-tui check [--json] PATH..." in result.out


# --- several files ----------------------------------------------------------------------------


def test_several_files_report_every_problem_of_each(run_cli: Run, write_file: Write) -> None:
    good = write_file(BASE, "good.toml")
    broken = _broken(write_file)
    empty = write_file(b"", "empty.toml")
    missing = good.parent / "missing.toml"
    result = run_cli("check", good, broken, empty, missing, shipped_bundle_path())
    assert result.code == 1
    files = [PROBLEM_LINE.match(line) for line in result.lines]
    assert [
        m.group("file") if m else line for m, line in zip(files, result.lines, strict=True)
    ] == [
        str(broken),
        str(broken),
        str(empty),
        f"{missing}: no such file",
    ]
    assert result.err.splitlines() == [
        f"{good}: ok",
        f"{broken}: invalid (2 errors)",
        f"{empty}: invalid (1 error)",
        f"{missing}: invalid (1 error)",
        f"{shipped_bundle_path()}: ok",
    ]


def test_several_valid_files_exit_0(run_cli: Run, write_file: Write) -> None:
    result = run_cli("check", write_file(BASE), shipped_bundle_path(), write_file(BASE))
    assert (result.code, result.out) == (0, "")
    assert len(result.err.splitlines()) == 3


# --- --json -----------------------------------------------------------------------------------


def test_json_output_shape(run_cli: Run, write_file: Write) -> None:
    broken = _broken(write_file)
    syntax = write_file('format = "story-bundle/1"\n[story\n', "syntax.toml")
    result = run_cli("check", "--json", broken, syntax)
    assert result.code == 1
    assert result.err == ""
    problems = json.loads(result.out)
    assert isinstance(problems, list)
    assert all(set(p) == JSON_KEYS for p in problems)
    assert [
        (p["file"], p["line"], p["column"], p["entry"], p["code"], p["severity"]) for p in problems
    ] == [
        (str(broken), _line_of(broken, "2024-04-31"), 0, "vote", "bad-date", "error"),
        (
            str(broken),
            _line_of(broken, 'speaker = "ana-ruis"'),
            0,
            "overdue",
            "unknown-reference",
            "error",
        ),
        (str(syntax), 2, 7, "", "toml-syntax", "error"),
    ]
    assert problems[1]["message"] == (
        "`speaker` names 'ana-ruis', but no actor has that id; did you mean 'ana-ruiz'?"
    )


def test_json_for_valid_files_is_an_empty_list(run_cli: Run, write_file: Write) -> None:
    result = run_cli("check", "--json", write_file(BASE), shipped_bundle_path())
    assert result.code == 0
    assert json.loads(result.out) == []


def test_json_includes_warnings_and_exits_0(run_cli: Run, write_file: Write) -> None:
    path = write_file(BASE.replace('date = "2026"', 'date = "2020"'))
    result = run_cli("check", path, "--json")
    assert result.code == 0
    [warning] = json.loads(result.out)
    assert warning == {
        "file": str(path),
        "line": _line_of(path, 'date = "2020"'),
        "column": 0,
        "entry": "opening",
        "code": "out-of-order",
        "severity": "warning",
        "message": "dated 2020 but comes after vote (2024-04-30); events are listed in "
        "chronological order",
    }


def test_json_for_files_that_are_no_bundle(run_cli: Run, write_file: Write, tmp_path: Path) -> None:
    empty = write_file(b"", "empty.toml")
    result = run_cli("check", "--json", empty, tmp_path, tmp_path / "nope.toml")
    assert result.code == 1
    assert [(p["file"], p["code"]) for p in json.loads(result.out)] == [
        (str(empty), "empty"),
        (str(tmp_path), "is-directory"),
        (str(tmp_path / "nope.toml"), "not-found"),
    ]


# --- files that are no bundle: one clear line each --------------------------------------------

NOT_BUNDLES: list[tuple[str, bytes, str]] = [
    ("empty", b"", ":1: the file is empty"),
    ("white-space-only", b"  \n\t\n", ":1: the file is empty"),
    ("bom-only", b"\xef\xbb\xbf\n", ":1: the file is empty"),
    # where the first NUL byte is, as FILE:LINE:COLUMN (the column counts characters)
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     ":3:1: this is a binary file, not a TOML story bundle: it holds a NUL byte (0x00)"),
    ("nul-in-text", b'format = "story-bundle/1"\x00\n', ":1:26: this is a binary file"),
    ("nul-after-text", 'id = "café"\n\n  x = "\x00"\n'.encode(), ":3:8: this is a binary file"),
    ("nul-after-bom", b"\xef\xbb\xbf\x00", ":1:1: this is a binary file"),
    ("latin-1", b'format = "story-bundle/1"\n[story]\nid = "caf\xe9"\n',
     ":3:10: is not UTF-8 (byte 0xe9 at offset 43)"),
    ("cp1252-quotes", b"# \x93quoted\x94\n", ":1:3: is not UTF-8 (byte 0x93 at offset 2)"),
    ("after-multibyte", "# \u2018ok\u2019 é".encode() + b"\xff\n", ":1:9: is not UTF-8 (byte 0xff"),
    ("utf-16", "format = 'story-bundle/1'\n".encode("utf-16"),
     ": is UTF-16 text; story bundles are UTF-8: convert it"),
    ("utf-16-be", "format = 'story-bundle/1'\n".encode("utf-16-be"),
     ": is UTF-16 text; story bundles are UTF-8: convert it"),
    ("utf-16-le-no-bom", "format = 'story-bundle/1'\n".encode("utf-16-le"),
     ": is UTF-16 text; story bundles are UTF-8: convert it"),
    ("utf-32", "format = 'story-bundle/1'\n".encode("utf-32"),
     ": is UTF-32 text; story bundles are UTF-8: convert it"),
    ("truncated-utf8", b'format = "story-bundle/1"\n# \xe2\x80', ":2:3: is not UTF-8"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "content", "expected"), NOT_BUNDLES, ids=[n[0] for n in NOT_BUNDLES]
)
def test_file_that_is_no_bundle_gives_one_line(
    kind: str, content: bytes, expected: str, run_cli: Run, write_file: Write
) -> None:
    path = write_file(content)
    result = run_cli("check", path)
    assert result.code == 1
    assert len(result.lines) == 1
    assert result.lines[0].startswith(f"{path}{expected}")


def test_directory_gives_one_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.code == 1
    assert result.lines == [f"{tmp_path}: is a directory, not a story bundle (.toml file)"]


def test_missing_file_gives_one_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "nope.toml")
    assert result.code == 1
    assert result.lines == [f"{tmp_path / 'nope.toml'}: no such file"]


def test_special_file_gives_one_line(run_cli: Run) -> None:
    result = run_cli("check", os.devnull)
    assert result.code == 1
    assert result.lines == [f"{os.devnull}: is not a regular file, so not a story bundle"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(run_cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = run_cli("check", fifo)  # reading it would block forever
    assert result.code == 1
    assert result.lines == [f"{fifo}: is not a regular file, so not a story bundle"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_gives_one_line(run_cli: Run, write_file: Write) -> None:
    path = write_file(BASE)
    path.chmod(0)
    try:
        result = run_cli("check", path)
    finally:
        path.chmod(0o644)
    assert result.code == 1
    assert result.lines == [f"{path}: permission denied: cannot read this file"]


# --- TOML syntax errors: the parser's line and column -----------------------------------------

# FILE:LINE:COLUMN: TOML syntax error: the parser's message
SYNTAX_ERRORS: list[tuple[str, str, int, int]] = [
    ("value", "a = 1\nb = = 2\n", 2, 5),
    ("unclosed-header", 'format = "story-bundle/1"\n[story\nid = "x"\n', 2, 7),
    ("unclosed-string", 'format = "story-bundle/1"\n\n[story]\nid = "x\n', 4, 8),
    ("duplicate-key", '[story]\nid = "a"\nid = "b"\n', 3, 9),
    ("missing-equals", 'format "story-bundle/1"\n', 1, 8),
    ("crlf", 'format = "story-bundle/1"\r\n[story]\r\nid = \r\n', 3, 6),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "column"), SYNTAX_ERRORS, ids=[s[0] for s in SYNTAX_ERRORS]
)
def test_toml_syntax_error_gives_line_and_column(
    name: str, text: str, line: int, column: int, run_cli: Run, write_file: Write
) -> None:
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1
    [only] = result.lines
    assert only.startswith(f"{path}:{line}:{column}: TOML syntax error: ")
    [problem] = json.loads(run_cli("check", "--json", path).out)
    assert (problem["line"], problem["column"], problem["code"]) == (line, column, "toml-syntax")


# --- never a traceback, as a user runs it -----------------------------------------------------


def test_no_traceback_for_any_kind_of_bad_input(
    run_cli_process: Run, write_file: Write, tmp_path: Path
) -> None:
    paths = [write_file(content) for _, content, _ in NOT_BUNDLES]
    paths += [write_file(text) for _, text, _, _ in SYNTAX_ERRORS]
    paths += [_broken(write_file), tmp_path / "missing.toml", tmp_path, Path(os.devnull)]
    result = run_cli_process("check", *paths)
    assert result.code == 1
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert len(result.err.splitlines()) == len(paths)
    json_result = run_cli_process("check", "--json", *paths)
    assert json_result.code == 1
    assert "Traceback" not in json_result.err
    assert len(json.loads(json_result.out)) == len(NOT_BUNDLES) + len(SYNTAX_ERRORS) + 2 + 3


def test_exit_codes_as_a_process(run_cli_process: Run, write_file: Write) -> None:
    assert run_cli_process("check", shipped_bundle_path()).code == 0
    assert run_cli_process("check", _broken(write_file)).code == 1
    usage = run_cli_process("check")
    assert usage.code == 2
    assert "Traceback" not in usage.err


def _process(args: list[str | bytes], **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=environment,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )


def test_output_the_terminal_cannot_encode_is_escaped(write_file: Write) -> None:
    # messages quote bundle text (curly quotes, "…"); an ASCII-only stdout must not crash
    text = BASE.replace(
        'exact = "The council"',
        'exact = "The council\u2019s vote on the bridge, which took place on Tuesday"',
    )
    path = write_file(text)
    completed = _process(["check", str(path)], PYTHONIOENCODING="ascii")
    assert completed.returncode == 1
    assert b"Traceback" not in completed.stderr
    assert b"council\\u2019s" in completed.stdout
    as_json = _process(["check", "--json", str(path)], PYTHONIOENCODING="ascii")
    assert as_json.returncode == 1
    assert b"Traceback" not in as_json.stderr
    [problem] = json.loads(as_json.stdout)
    assert "council\u2019s" in problem["message"]


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.toml"
    with open(name, "wb") as handle:
        handle.write(b"a = = 1\n")
    for args in (["check", name], ["check", "--json", name]):
        for env in ({}, {"PYTHONIOENCODING": "utf-8"}):
            completed = _process(list(args), **env)
            assert completed.returncode == 1, completed.stderr
            assert b"Traceback" not in completed.stderr
            assert b"caf" in completed.stdout


def test_reader_that_goes_away_is_no_traceback(write_file: Write) -> None:
    # `check many | head -1`: the pipe closes while check still writes
    path = _broken(write_file)
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "check", *([str(path)] * 2000)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert b"Traceback" not in stderr
    assert b"BrokenPipeError" not in stderr
