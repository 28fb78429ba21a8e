"""Links after the story text was corrected: what `check` says, and loading in repair mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle, load_repairable
from tui.model.problems import BundleError
from tui.model.reanchor import LinkClass

Write = Callable[..., Path]
Run = Callable[..., Any]  # the run_cli fixture
SHIPPED = shipped_bundle_path().read_text(encoding="utf-8")


def corrected(*changes: tuple[str, str]) -> str:
    text = SHIPPED
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


TYPO = (
    'text = "The Kurds regained lost ground on Tuesday."',
    'text = "The Kurds regain lost ground on Tuesday."',
)
DELETED = (
    " At least 86 civilians, including women and children, are reported to have died in "
    'coalition air strikes."',
    '"',
)


def test_check_says_what_it_found_for_a_re_anchored_link(write_file: Write, run_cli: Run) -> None:
    result = run_cli("check", write_file(corrected(TYPO)))
    assert result.code == 1
    [line] = [line for line in result.lines if "kurds-regain-ground" in line]
    assert line.endswith(
        "sources[0].exact 'The Kurds regained lost ground on Tuesday.' does not occur in "
        "paragraph p6; it reads 'The Kurds regain lost ground on Tuesday.' there now "
        "(re-anchored, score 0.98)"
    )


def test_check_says_orphan_for_words_that_are_gone(write_file: Write, run_cli: Run) -> None:
    result = run_cli("check", write_file(corrected(DELETED)))
    assert result.code == 1
    [line] = [line for line in result.lines if "civilians-killed-in-air-strikes" in line]
    assert line.endswith("; orphan: no good match")


def test_a_bundle_whose_only_errors_are_links_opens_repaired(write_file: Write) -> None:
    path = write_file(corrected(TYPO, DELETED))
    with pytest.raises(BundleError):
        load_bundle(path)
    opened = load_repairable(path)
    by_entry = {repair.entry: repair for repair in opened.repairs}
    fixed = by_entry["kurds-regain-ground"]
    assert fixed.anchoring.status is LinkClass.REANCHORED
    event = next(e for e in opened.bundle.events if e.id == "kurds-regain-ground")
    paragraph = next(p for p in opened.bundle.paragraphs if p.id == "p6")
    assert paragraph.text[event.sources[0].start : event.sources[0].end] == (
        "The Kurds regain lost ground on Tuesday."
    )
    orphan = by_entry["civilians-killed-in-air-strikes"]
    assert orphan.anchoring.status is LinkClass.ORPHAN
    killed = next(e for e in opened.bundle.events if e.id == "civilians-killed-in-air-strikes")
    assert not killed.sources[0].has_span  # nothing highlighted for an orphan
    assert killed.sources[0].exact == orphan.old["exact"]  # its old words kept to show
    # The deleted sentence held two links (the event and the coalition actor), as check says.
    assert {p.entry for p in opened.problems} == {
        "kurds-regain-ground",
        "civilians-killed-in-air-strikes",
        "coalition",
    }
    assert all(problem.line > 0 for problem in opened.problems)


def test_any_other_error_still_refuses_the_bundle(write_file: Write) -> None:
    path = write_file(
        corrected(
            TYPO, ('kind = "heading"\ntext = "Unexpected', 'kind = "headline"\ntext = "Unexpected')
        )
    )
    with pytest.raises(BundleError) as refused:
        load_repairable(path)
    codes = {problem.code for problem in refused.value.problems}
    assert codes == {"bad-kind", "exact-not-found"}


def test_a_clean_bundle_opens_with_nothing_to_repair() -> None:
    opened = load_repairable(shipped_bundle_path())
    assert opened.repairs == []
    assert opened.bundle == load_bundle(shipped_bundle_path())[0]


def test_a_direct_quote_whose_words_were_corrected_follows_them(write_file: Write) -> None:
    text = corrected(
        ("“The progress is slow and methodical", "“The progress is slow and careful"),
    )
    opened = load_repairable(write_file(text))
    [repair] = opened.repairs
    assert (repair.entry, repair.field) == ("q-ryan-slow-progress", "text")
    assert repair.anchoring.status is LinkClass.REANCHORED
    quote = next(q for q in opened.bundle.quotes if q.id == "q-ryan-slow-progress")
    assert quote.text.startswith("The progress is slow and careful")


def test_a_link_to_a_merged_paragraph_finds_its_words_in_the_one_before(
    write_file: Write,
) -> None:
    # p6 ("The Kurds regained lost ground on Tuesday.") is merged into the end of p5.
    text = corrected(
        (
            'after the offensive began last Saturday."\n\n[[paragraphs]]\nid = "p6"\n'
            'text = "The Kurds regained lost ground on Tuesday."',
            'after the offensive began last Saturday. The Kurds regained lost ground on Tuesday."',
        )
    )
    opened = load_repairable(write_file(text))
    moved = [r for r in opened.repairs if r.anchoring.status is LinkClass.MOVED]
    assert moved and all(r.anchoring.paragraph == "p5" for r in moved)
    sdf = next(a for a in opened.bundle.actors if a.id == "sdf")
    assert [s.paragraph for s in sdf.sources] == ["p5", "p3", "p5"]
