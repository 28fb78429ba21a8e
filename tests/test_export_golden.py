"""Every export of the shipped story and of the test bundles, against golden files.

The command runs on a private copy of each bundle with the fixed review of
test_export_helpers beside it, and its output must equal tests/golden/export/NAME.SUFFIX to
the byte. After an intended change, or when the shipped story is corrected, regenerate them
all with one command, then read the diff before committing it:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult
from test_export_helpers import (
    BUNDLES,
    EXPORT_FORMATS,
    GOLDEN,
    copy_bundle,
    golden_name,
    write_review,
)

UPDATING = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")
CASES = [(name, fmt) for name in BUNDLES for fmt in EXPORT_FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_export_matches_its_golden_file(
    name: str, fmt: str, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = copy_bundle(name, tmp_path)
    write_review(path, hostile=name == "hostile")
    result = run_cli("export", path, "--to", fmt)
    assert result.code == 0, result.err
    golden = GOLDEN / golden_name(name, fmt)
    if UPDATING:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(result.out.encode("utf-8"))
        return
    assert golden.exists(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1"
    # Bytes, not read_text(): the CSV line ends are CRLF and must stay so.
    assert result.out == golden.read_bytes().decode("utf-8")


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {golden_name(name, fmt) for name, fmt in CASES}
    assert {path.name for path in GOLDEN.iterdir()} == expected


def test_exports_do_not_depend_on_where_the_bundle_is(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """No export carries the bundle's path (a server's folders are nobody's business)."""
    outputs = []
    for folder in (tmp_path / "a", tmp_path / "deeper" / "b"):
        folder.mkdir(parents=True)
        path = copy_bundle("second", folder)
        write_review(path)
        outputs.append([run_cli("export", path, "--to", fmt).out for fmt in EXPORT_FORMATS])
    assert outputs[0] == outputs[1]
    assert not any(str(tmp_path) in text for text in outputs[0])
