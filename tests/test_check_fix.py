"""`baghouz-tui check --fix [--write]`: links follow corrected text, through the story writer."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle

Write = Callable[..., Path]
Run = Callable[..., Any]  # the run_cli fixture
SHIPPED = shipped_bundle_path().read_text(encoding="utf-8")

TYPO = (
    'text = "The Kurds regained lost ground on Tuesday."',
    'text = "The Kurds regain lost ground on Tuesday."',
)
DELETED = (
    " At least 86 civilians, including women and children, are reported to have died in "
    'coalition air strikes."',
    '"',
)
# p6 merged into the end of p5: the links into p6 find their words in p5.
MERGED = (
    'after the offensive began last Saturday."\n\n[[paragraphs]]\nid = "p6"\n'
    'text = "The Kurds regained lost ground on Tuesday."',
    'after the offensive began last Saturday. The Kurds regained lost ground on Tuesday."',
)
QUOTE = ("“The progress is slow and methodical", "“The progress is slow and careful")


def corrected(*changes: tuple[str, str]) -> str:
    text = SHIPPED
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)  # a fix changes lines, it adds or removes none
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_fix_prints_a_diff_and_writes_nothing(write_file: Write, run_cli: Run) -> None:
    text = corrected(TYPO)
    path = write_file(text)
    result = run_cli("check", "--fix", path)
    assert result.code == 1  # still refused: nothing was written
    assert path.read_text(encoding="utf-8") == text
    diff = result.out.splitlines()
    assert diff[0] == f"--- a/{str(path).lstrip('/')}"
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert removed == [
        '-  { paragraph = "p6", exact = "The Kurds regained lost ground on Tuesday." },'
    ]
    assert added == ['+  { paragraph = "p6", exact = "The Kurds regain lost ground on Tuesday." },']
    assert "1 link(s) re-anchored in 1 entry, not written" in result.err


def test_fix_write_changes_only_the_links_lines(write_file: Write, run_cli: Run) -> None:
    text = corrected(TYPO)
    path = write_file(text)
    os.chmod(path, 0o640)
    result = run_cli("check", "--fix", "--write", path)
    assert result.code == 0, result.err
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == [
        (
            '  { paragraph = "p6", exact = "The Kurds regained lost ground on Tuesday." },',
            '  { paragraph = "p6", exact = "The Kurds regain lost ground on Tuesday." },',
        )
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert run_cli("check", path).code == 0
    bundle, _ = load_bundle(path)
    event = next(e for e in bundle.events if e.id == "kurds-regain-ground")
    assert event.sources[0].exact == "The Kurds regain lost ground on Tuesday."


def test_orphans_are_left_for_a_person(write_file: Write, run_cli: Run) -> None:
    text = corrected(TYPO, DELETED)
    path = write_file(text)
    result = run_cli("check", "--fix", "--write", path)
    assert result.code == 1  # the orphans still fail check
    after = path.read_text(encoding="utf-8")
    assert len(changed_lines(text, after)) == 1  # the typo's link only
    orphaned = [line for line in result.err.splitlines() if "orphan, left for a person" in line]
    assert len(orphaned) == 2
    assert any("civilians-killed-in-air-strikes: sources[0]" in line for line in orphaned)
    assert "written; 2 orphan(s) left" in result.err
    checked = run_cli("check", path)
    assert checked.code == 1 and len(checked.lines) == 2


def test_words_that_moved_to_another_paragraph_change_its_id(
    write_file: Write, run_cli: Run
) -> None:
    text = corrected(MERGED)
    path = write_file(text)
    result = run_cli("check", "--fix", "--write", path)
    assert result.code == 0, result.out + result.err
    for old, new in changed_lines(text, path.read_text(encoding="utf-8")):
        assert '"p6"' in old and '"p5"' in new
        assert old.replace('"p6"', '"p5"') == new  # the words are the same: only the paragraph


def test_a_direct_quote_whose_words_were_corrected_gets_them(
    write_file: Write, run_cli: Run
) -> None:
    text = corrected(QUOTE)
    path = write_file(text)
    assert run_cli("check", "--fix", "--write", path).code == 0
    [(old, new)] = changed_lines(text, path.read_text(encoding="utf-8"))
    assert old.startswith('text = "The progress is slow and methodical')
    assert new.startswith('text = "The progress is slow and careful')


def test_any_other_error_is_not_fixed(write_file: Write, run_cli: Run) -> None:
    text = corrected(
        TYPO, ('kind = "heading"\ntext = "Unexpected', 'kind = "headline"\ntext = "Unexpected')
    )
    path = write_file(text)
    result = run_cli("check", "--fix", "--write", path)
    assert result.code == 1
    assert path.read_text(encoding="utf-8") == text
    assert "re-anchors links only" in result.err
    assert any("paragraph kind 'headline'" in line for line in result.lines)


def test_a_valid_bundle_has_nothing_to_fix(run_cli: Run) -> None:
    result = run_cli("check", "--fix", shipped_bundle_path())
    assert result.code == 0
    assert result.out == ""
    assert "no link to fix" in result.err


@pytest.mark.parametrize("args", [["--write"], ["--fix", "--json"]])
def test_usage_errors(args: list[str], run_cli: Run) -> None:
    assert run_cli("check", *args, shipped_bundle_path()).code == 2


def test_a_quote_whose_link_and_text_both_lost_their_words_gets_both(
    write_file: Write, run_cli: Run
) -> None:
    # The quote's link names its words (quotation marks and all): when they change, the
    # failed link hides that the quote's text no longer matches either. Both are fixed.
    second = (Path(__file__).parent / "app_fixtures" / "second.toml").read_text(encoding="utf-8")
    text = second.replace(
        'text = "We were left with no choice"\nsources = [{ paragraph = "p2" }]',
        'text = "We were left with no choice"\n'
        'sources = [{ paragraph = "p2", exact = "“We were left with no choice,”" }]',
    ).replace("“We were left with no choice,” said", "“We were left with no other choice,” said")
    assert text.count("no other choice") == 1
    path = write_file(text)
    result = run_cli("check", "--fix", "--write", path)
    assert result.code == 0, result.out + result.err
    changes = changed_lines(text, path.read_text(encoding="utf-8"))
    assert changes == [
        ('text = "We were left with no choice"', 'text = "We were left with no other choice"'),
        (
            'sources = [{ paragraph = "p2", exact = "“We were left with no choice,”" }]',
            'sources = [{ paragraph = "p2", exact = "“We were left with no other choice,”" }]',
        ),
    ]
