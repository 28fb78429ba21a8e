"""`baghouz-tui serve` refuses what it cannot serve before it listens, saying why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT, CliResult

BAD = REPO_ROOT / "tests" / "app_fixtures" / "bad.toml"
GOOD = REPO_ROOT / "tests" / "app_fixtures" / "second.toml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ssh", "2222"], "--ssh needs --authorized-keys FILE"),
        (["--web", "99999"], "not [HOST:]PORT: '99999'"),
        (["--ssh", "host:port", "--authorized-keys", "k"], "not [HOST:]PORT"),
        (["--ssh", "2222", "--authorized-keys", "k", "--reviewer", "bob"],
         "--reviewer: only with --web"),
        (["--web", "8000", "--idle-timeout", "5m", "--host-key", "k"],
         "--host-key, --idle-timeout: only with --ssh"),
        (["--web", "8000", "--stories", "/nonexistent/folder"], "not a folder"),
        (["--web", "8000", "--stories", str(REPO_ROOT), str(GOOD)], "not both"),
    ],
)  # fmt: skip
def test_usage_errors(run_cli: Callable[..., CliResult], args: list[str], message: str) -> None:
    result = run_cli("serve", *args)
    assert result.code == 2
    assert message in result.err


def test_bad_durations_and_counts_are_usage_errors(run_cli: Callable[..., CliResult]) -> None:
    for args in (["--idle-timeout", "soon"], ["--max-sessions", "0"]):
        result = run_cli("serve", "--ssh", "2222", "--authorized-keys", "k", *args)
        assert result.code == 2 and "error:" in result.err


def test_an_invalid_bundle_stops_the_start_with_its_problems(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    keys.write_text("")
    result = run_cli("serve", "--ssh", "127.0.0.1:0", "--authorized-keys", keys, GOOD, BAD)
    assert result.code == 1
    assert f"{BAD}:" in result.err and "is not a valid story" in result.err
    assert not (tmp_path / "host_key").exists()


def test_serve_is_listed_in_the_help(run_cli: Callable[..., CliResult]) -> None:
    result = run_cli("--help")
    assert "baghouz-tui serve --ssh PORT --authorized-keys FILE" in result.out
    assert "--pick" in result.out
