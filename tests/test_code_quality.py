"""The code stays typed, linted and layered: these run in the normal test suite."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"

# Imports flow one way: cli -> app -> screens -> widgets -> model (review is model-level).
LAYERS = {"cli": 5, "__main__": 5, "app": 4, "signals": 4, "screens": 3, "widgets": 2,
          "review": 1, "model": 0}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "tui" or len(parts) < 2:
        return None
    return LAYERS.get(parts[1])


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_imports_flow_one_way() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        own = _layer(_module_name(path))
        if own is None:
            continue
        for imported in _imports(path):
            target = _layer(imported)
            if target is not None and target > own:
                wrong.append(f"{_module_name(path)} imports {imported}")
    assert wrong == []


def test_model_and_review_never_import_textual() -> None:
    offenders = [
        f"{_module_name(path)} imports {name}"
        for folder in ("model", "review")
        for path in (PACKAGE / folder).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ("textual", "rich")
    ]
    assert offenders == []


def test_modules_stay_small() -> None:
    # Split early: no module grows into a 1,000-line app.py.
    sizes = {
        _module_name(p): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed beside {sys.executable}")
    return found


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "tui", "tests", "bench"], cwd=ROOT, capture_output=True,
        text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [_tool("mypy"), "--strict", "tui"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
