"""`baghouz-tui export`: arguments, refusing bad bundles with check's messages, writing a
file atomically and never through a link, stdout whatever the locale or the reader."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult
from test_export_helpers import (
    FIXTURES,
    GOLDEN,
    REPO,
    copy_bundle,
    golden_name,
    reviewed,
    write_review,
)

from tui.export.exporting import (
    FORMATS,
    InputRefused,
    export_path_for,
    export_to_file,
    render,
)
from tui.export.review_view import statuses_for
from tui.fileio import SymlinkRefused
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle
from tui.review.paths import review_path_for

Run = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped story's review lives under XDG data: keep it in tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bundle_check_refuses_is_refused_with_its_messages(
    fmt: str, tmp_path: Path, run_cli: Run
) -> None:
    bad = FIXTURES / "bad.toml"
    checked = run_cli("check", bad)
    target = tmp_path / "out"
    result = run_cli("export", bad, "--to", fmt, "-o", target)
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == checked.lines  # check's problems, one a line
    assert len(checked.lines) >= 5
    assert not target.exists()


def test_a_missing_bundle_is_refused(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("export", tmp_path / "nope.toml", "--to", "html")
    assert (result.code, result.out) == (1, "")
    assert "no such file" in result.err


def test_output_file_holds_what_stdout_would(tmp_path: Path, run_cli: Run) -> None:
    path = copy_bundle("second", tmp_path)
    write_review(path)
    for fmt in FORMATS:
        target = tmp_path / f"out{FORMATS[fmt]}"
        target.write_text("an older export")
        written = run_cli("export", path, "--to", fmt, "-o", target)
        assert (written.code, written.out) == (0, "")
        assert target.read_bytes() == (GOLDEN / golden_name("second", fmt)).read_bytes()
        assert run_cli("export", path, "--to", fmt, "-o", "-").out == target.read_bytes().decode()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_through_a_symlink_is_refused(tmp_path: Path, run_cli: Run) -> None:
    path = copy_bundle("second", tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("someone else's file")
    link = tmp_path / "export.json"
    link.symlink_to(precious)
    result = run_cli("export", path, "--to", "timelinejs", "-o", link)
    assert result.code == 1
    assert "symbolic link" in result.err and "Traceback" not in result.err
    assert precious.read_text() == "someone else's file" and link.is_symlink()


def test_output_into_a_missing_folder_is_an_error_not_a_traceback(
    tmp_path: Path, run_cli: Run
) -> None:
    path = copy_bundle("second", tmp_path)
    result = run_cli("export", path, "--to", "csv", "-o", tmp_path / "no" / "such" / "x.csv")
    assert result.code == 1
    assert "cannot write" in result.err and "No such file" in result.err


@pytest.mark.parametrize(
    "arguments",
    [
        ("--to", "pdf"),
        (),  # --to is required
        ("--to", "csv", "--status", "verifed"),
        ("--to", "csv", "--verified-only", "--status", "disputed"),
        ("--to", "csv", "--group", "colour"),
    ],
)
def test_usage_errors_exit_2(arguments: tuple[str, ...], tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("export", copy_bundle("second", tmp_path), *arguments)
    assert result.code == 2
    assert result.out == ""
    assert "usage: baghouz-tui export" in result.err


def test_unknown_status_names_the_known_ones(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("export", copy_bundle("second", tmp_path), "--to", "csv", "--status", "x")
    assert "unknown status 'x'" in result.err and "needs-fix" in result.err


def test_statuses_may_be_listed_or_repeated(tmp_path: Path, run_cli: Run) -> None:
    path = copy_bundle("second", tmp_path)
    write_review(path)
    listed = run_cli("export", path, "--to", "csv-entries", "--status", "disputed, needs-fix")
    repeated = run_cli(
        "export", path, "--to", "csv-entries", "--status", "disputed", "--status", "needs-fix"
    )
    assert listed.code == repeated.code == 0
    assert listed.out == repeated.out
    statuses = [row["status"] for row in csv.DictReader(io.StringIO(listed.out, newline=""))]
    assert sorted(statuses) == ["disputed", "disputed", "needs-fix"]


def test_the_shipped_story_keeps_its_review_in_the_data_home(
    tmp_path: Path, run_cli: Run, private_data_home: Path
) -> None:
    bundle, _ = load_bundle(shipped_bundle_path())
    review = review_path_for(
        shipped_bundle_path(), prefer_beside=False, story_id=bundle.story.id
    )
    review.parent.mkdir(parents=True)
    staged = copy_bundle("baghouz", tmp_path / "staging")
    review.write_bytes(write_review(staged).read_bytes())
    result = run_cli("export", "--to", "csv-entries")
    assert result.code == 0, result.err
    assert result.out == (GOLDEN / golden_name("baghouz", "csv-entries")).read_bytes().decode()
    assert not shipped_bundle_path().with_name("baghouz.review.json").exists()


def test_warnings_go_to_stderr_and_the_export_still_happens(tmp_path: Path, run_cli: Run) -> None:
    path = copy_bundle("hostile", tmp_path)
    path.with_name("hostile.review.json").write_text("{not json")
    result = run_cli("export", path, "--to", "timelinejs")
    assert result.code == 0
    assert "warning:" in result.err  # the bundle's control characters, the corrupt review
    assert "not usable" in result.err
    assert '"events"' in result.out
    assert "\x1b" not in result.err


def test_export_to_file_writes_atomically_and_returns_the_path(tmp_path: Path) -> None:
    bundle, review = reviewed("second", tmp_path)
    for fmt in FORMATS:
        target = export_path_for(bundle, fmt)
        assert target.parent == tmp_path and target.name == f"second{FORMATS[fmt]}"
        assert export_to_file(bundle, review, fmt, target) == target
        expected = render(bundle, statuses_for(bundle, review), fmt).text
        assert target.read_bytes() == expected.encode("utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(SymlinkRefused):
        export_to_file(bundle, review, "html", link)
    assert not (tmp_path / "elsewhere.html").exists()
    with pytest.raises(ValueError, match="unknown export format"):
        export_to_file(bundle, review, "pdf", tmp_path / "x.pdf")


def _process(*arguments: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "export", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=REPO,
    )  # fmt: skip


@pytest.mark.slow
def test_stdout_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    path = copy_bundle("second", tmp_path)
    write_review(path)
    process = _process(str(path), "--to", "csv", env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err.decode()
    assert out == (GOLDEN / golden_name("second", "csv")).read_bytes()


@pytest.mark.slow
def test_a_reader_that_goes_away_ends_the_export_quietly(tmp_path: Path) -> None:
    path = copy_bundle("baghouz", tmp_path)
    process = _process(str(path), "--to", "html")  # larger than a pipe holds
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"<!DOCTYPE html>")
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) in (0, 1)
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_an_export_never_replaces_its_bundle_or_review(tmp_path: Path, run_cli: Run) -> None:
    path = copy_bundle("second", tmp_path)
    review_file = write_review(path)
    story, review_text = path.read_bytes(), review_file.read_bytes()
    alias = tmp_path / "alias.toml"
    alias.symlink_to(path)
    for bundle_path, target in (
        (path, path),
        (alias, path),  # the bundle through a link, or under another name
        (path, tmp_path / "." / "second.toml"),
        (path, review_file),  # the review the export read
    ):
        result = run_cli("export", bundle_path, "--to", "csv", "-o", target)
        assert result.code == 1
        assert "which an export never replaces" in result.err
    assert path.read_bytes() == story and review_file.read_bytes() == review_text
    bundle, review = reviewed("second", tmp_path / "other")
    with pytest.raises(InputRefused):
        export_to_file(bundle, review, "html", bundle.path)


@pytest.mark.parametrize("where", ["a directory", "a missing folder", "the bundle"])
def test_an_output_refused_is_refused_before_the_export_says_anything_else(
    tmp_path: Path, run_cli: Run, where: str
) -> None:
    """The shipped story has undated events, which an export lists as left out: that list
    came first, then the refusal, as if something had been exported."""
    path = tmp_path / "baghouz.toml"
    path.write_bytes(shipped_bundle_path().read_bytes())
    target = {
        "a directory": tmp_path,
        "a missing folder": tmp_path / "no" / "x.csv",
        "the bundle": path,
    }[where]
    before = path.read_bytes()
    result = run_cli("export", path, "--to", "csv", "-o", target)
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("baghouz-tui export: cannot write"), lines
    assert path.read_bytes() == before
    written = run_cli("export", path, "--to", "csv", "-o", tmp_path / "ok.csv")
    assert written.code == 0 and "undated event" in written.err  # said once it is written

