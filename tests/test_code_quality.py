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

# Imports flow one way: cli -> commands -> app -> screens -> widgets -> authoring, export,
# serve, settings -> review -> model. Packages on one level do not import each other.
LAYERS = {"__main__": 8, "cli": 7, "commands": 6, "app": 5, "screens": 4, "signals": 2,
          "widgets": 3, "authoring": 2, "export": 2, "serve": 2, "settings": 2, "review": 1,
          "model": 0, "fileio": 0}


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
            elif (
                target == own
                and target not in (0, 1)
                and imported.split(".")[1] != _module_name(path).split(".")[1]
            ):
                wrong.append(f"{_module_name(path)} imports its neighbour {imported}")
    assert wrong == []


def test_no_import_cycles() -> None:
    """No module imports (directly or through others) a module that imports it back."""
    modules = {_module_name(p).removesuffix(".__init__"): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for imported in _imports(path):
            # `from tui.model import load` names a module too: take the longest known prefix.
            parts = imported.split(".")
            for length in range(len(parts), 0, -1):
                candidate = ".".join(parts[:length])
                if candidate in modules and candidate != name:
                    targets.add(candidate)
                    break
        graph[name] = targets
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ importing its own modules lazily is not a cycle; none import eagerly.
    assert cycles == []


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
    assert {name: n for name, n in sizes.items() if n > 400} == {}


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


def test_the_benchmarks_type_check() -> None:
    """Not strict, but every name a script takes from another module must exist there: two
    scripts once broke when bench/run.py's machinery moved to bench/terminal.py."""
    result = subprocess.run(
        [_tool("mypy"), "bench"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Every benchmark script with a command line: it must at least start.
BENCH_SCRIPTS = sorted(
    path.name
    for path in (ROOT / "bench").glob("*.py")
    if "argparse" in path.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("script", BENCH_SCRIPTS)
def test_each_benchmark_script_starts(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_the_benchmark_scripts_are_found() -> None:
    assert {"run.py", "timeline_axis.py", "review_history.py"} <= set(BENCH_SCRIPTS)


@pytest.mark.parametrize("keys", [10, 30])  # bench/run.py --quick, and the full run
def test_the_benchmark_finds_a_search_for_the_shipped_story(keys: int) -> None:
    """bench/run.py times a search whose first hit's paragraph is not on screen yet; the
    shipped story changed under it once, and the full run stopped before measuring."""
    sys.path.insert(0, str(ROOT))
    from bench.run import SHIPPED_QUERIES, plan_search
    from tui.model.content import shipped_bundle_path
    from tui.model.load import load_bundle

    bundle, _ = load_bundle(shipped_bundle_path())
    plan = plan_search(bundle, SHIPPED_QUERIES, keys)
    last = bundle.events[min(keys, len(bundle.events) - 1)]
    assert plan.marker.removeprefix("¶ ").split(" ")[0] not in {s.paragraph for s in last.sources}
