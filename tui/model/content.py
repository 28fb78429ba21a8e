"""Where the shipped Baghouz story lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

BUNDLE_NAME = "baghouz.toml"


def shipped_bundle_path() -> Path:
    """The bundle that `baghouz-tui` opens with no argument.

    A wheel carries `content/` as `tui/_content/`; a source checkout has it beside `tui/`.
    """
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "_content", package.parent / "content"):
        candidate = folder / BUNDLE_NAME
        if candidate.is_file():
            return candidate
    return package / "_content" / BUNDLE_NAME
