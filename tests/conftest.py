"""Generic fixtures shared by the test files: test data, scratch files, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui.model import load
from tui.model.entities import Bundle
from tui.model.fast_check import Checked, check_with_texts
from tui.model.fast_path import build, build_clean, build_with_texts
from tui.model.folding import FoldedParagraphs
from tui.model.repair import _story_text
from tui.model.validate import validate

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "bundles"


@dataclass(frozen=True)
class CliResult:
    """What a command printed and how it exited."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def data_text() -> Callable[[str], str]:
    """The text of a file under tests/bundles/."""

    def read(name: str) -> str:
        return (TEST_DATA / name).read_text(encoding="utf-8")

    return read


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (UTF-8, no newline translation) or bytes to a new file in tmp_path."""
    counter = iter(range(1_000_000))

    def write(content: str | bytes, name: str | None = None) -> Path:
        path = tmp_path / (name or f"bundle-{next(counter)}.toml")
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `baghouz-tui ARGS...` in this process; an uncaught exception fails the test."""
    from tui.cli import main

    def run(*args: str | os.PathLike[str]) -> CliResult:
        capsys.readouterr()
        code = main([os.fspath(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_cli_process() -> Callable[..., CliResult]:
    """Run `python -m tui ARGS...` as a separate process, as a user would."""

    def run(*args: str | os.PathLike[str], timeout: float = 60) -> CliResult:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        completed = subprocess.run(
            [sys.executable, "-m", "tui", *(os.fspath(a) for a in args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            cwd=REPO_ROOT,
            timeout=timeout,
            check=False,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture(autouse=True)
def isolated_settings_and_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's settings file or leaves a place in their state folder
    (processes a test starts inherit these too)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


def build_clean_checked(data: dict[str, Any], file: str) -> Bundle | None:
    """`build_clean`, and an AssertionError if it differs from the reporting validator.

    The fast path may give up on anything, but a bundle it builds must be the very one the
    validator builds, from a document in which it finds no problem at all.
    """
    fast = build_clean(data, file)
    if fast is not None:
        slow, problems = validate(data, file, scan_text=False)
        assert [(p.path, p.code) for p in problems] == []
        assert repr(fast) == repr(slow)  # repr: the same types too, not only equal values
    return fast


def build_checked(data: dict[str, Any], file: str) -> tuple[Bundle | None, list[Any]]:
    """`build`, and an AssertionError if anything it returns differs from what the reporting
    validator returns: the bundle, and every problem, in the same order."""
    fast = build(data, file)
    slow = validate(data, file, scan_text=False)
    assert repr(fast) == repr(slow)  # repr: the same types too, not only equal values
    build_clean_checked(data, file)
    return fast


def build_with_texts_checked(
    data: dict[str, Any], file: str
) -> tuple[Bundle | None, list[Any], FoldedParagraphs]:
    """`build_with_texts`, checked as `build_checked`; and the folded paragraphs it claims
    are the whole story are the ones re-anchoring would read from the data itself."""
    bundle, problems, folded = build_with_texts(data, file)
    assert repr((bundle, problems)) == repr(build_checked(data, file))
    if folded.complete:
        story = _story_text(data, {})
        assert list(folded.texts) == story.ids
        assert all(folded.texts[i] == story.texts[i] for i in story.ids)
    return bundle, problems, folded


def check_with_texts_checked(data: dict[str, Any], file: str) -> Checked:
    """`check_with_texts`, and an AssertionError if what it finds differs from what
    `build_with_texts` (checked itself, as above) finds: validity, every problem in the same
    order, and the folded paragraphs."""
    checked = check_with_texts(data, file)
    bundle, problems, folded = build_with_texts_checked(data, file)
    assert checked.valid == (bundle is not None)
    assert repr(checked.problems) == repr(problems)
    assert checked.folded == folded
    assert list(checked.folded.texts) == list(folded.texts)
    return checked


@pytest.fixture(autouse=True, scope="session")
def fast_path_agrees() -> Iterator[None]:
    """Every bundle any test loads or checks in this process is checked both ways (above)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "build_with_texts", build_with_texts_checked)
        patch.setattr(load, "check_with_texts", check_with_texts_checked)
        yield
