"""Re-anchoring: a link finds its words again after the text is corrected, or says it can't.

The contract is "no confident wrong anchor": measured on a corpus of corrected stories whose
right answers come from following every character through the corrections
(tests/reanchor_corpus.py), hand-written and random.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reanchor_corpus import (
    BAGHOUZ_CORRECTIONS,
    SECOND_CORRECTIONS,
    Correction,
    Story,
    Tally,
    links_of,
    random_corrections,
    run,
)

from tui.model.content import shipped_bundle_path
from tui.model.entities import Bundle
from tui.model.folding import FoldedText
from tui.model.load import load_bundle
from tui.model.reanchor import LinkClass, StoryText, anchor
from tui.model.selector_context import minimal_context
from tui.model.selectors import match_selector

SECOND = Path(__file__).parent / "app_fixtures" / "second.toml"


def story(*paragraphs: tuple[str, str]) -> StoryText:
    return StoryText.of(paragraphs)


TEXT = story(
    ("p5", "Fierce resistance has stalled the advance of US-backed forces."),
    ("p6", "The Kurds regain lost ground on Tuesday."),
    ("p7", "“The progress is slow,” said Col Sean Ryan."),
    ("p8", "At least 86 civilians died. The “caliphate” has shrivelled."),
    ("p9", "Ryan did not say when the offensive would end."),
)


# --- one link at a time -------------------------------------------------------------------


def test_a_link_that_still_matches_is_exact() -> None:
    found = anchor(TEXT, "p6", "lost ground")
    assert found.status is LinkClass.EXACT
    assert (found.paragraph, found.exact) == ("p6", "lost ground")


def test_a_fixed_typo_re_anchors_to_the_words_there_now() -> None:
    found = anchor(TEXT, "p6", "Kurds regained lost ground")
    assert found.status is LinkClass.REANCHORED
    assert found.paragraph == "p6"
    assert found.exact == "Kurds regain lost ground"
    assert TEXT.texts["p6"].original[found.start : found.end] == found.exact
    assert 0.9 <= found.score <= 1


def test_a_reworded_clause_re_anchors() -> None:
    found = anchor(TEXT, "p5", "has halted the advance")
    assert (found.status, found.exact) == (LinkClass.REANCHORED, "has stalled the advance")


def test_words_moved_to_another_paragraph_are_found_exactly() -> None:
    found = anchor(TEXT, "p5", "The Kurds regain lost ground")
    assert (found.status, found.paragraph) == (LinkClass.MOVED, "p6")


def test_deleted_words_make_an_orphan() -> None:
    found = anchor(TEXT, "p8", "are being used as human shields by the jihadis")
    assert found.status is LinkClass.ORPHAN
    assert found.reason == "no good match"


def test_a_short_name_elsewhere_is_no_proof() -> None:
    # "Ryan" was cut from p6; p7 and p9 name him too, but that says nothing about p6.
    found = anchor(TEXT, "p6", "Ryan")
    assert found.status is LinkClass.ORPHAN


def test_words_now_in_another_letter_case_re_anchor_even_when_short() -> None:
    """A name's approximate score falls under the floor at one letter in three ("AFP"
    made "aFP"); the same words but for their case, where the link says, are no guess."""
    corrected = story(("p1", "Said the aFP agency."), ("p2", "AFP reported it too."))
    found = anchor(corrected, "p1", "AFP")
    assert found.status is LinkClass.REANCHORED
    assert (found.paragraph, found.exact, found.start) == ("p1", "aFP", 9)
    found = anchor(story(("p6", "the Kurds regain lost ground on Tuesday.")), "p6", "The Kurds")
    assert (found.status, found.exact) == (LinkClass.REANCHORED, "the Kurds")
    # Elsewhere (not beside the link's paragraph) a change of case is no proof.
    far = story(("p1", "x"), ("p2", "y"), ("p3", "Said the aFP agency."))
    assert anchor(far, "p1", "AFP").status is LinkClass.ORPHAN


def test_two_places_equally_like_the_words_make_an_orphan() -> None:
    text = story(("p1", "The Kurds regain ground. Later the Kurds regain more ground."))
    found = anchor(text, "p1", "Kurds regained")
    assert found.status is LinkClass.ORPHAN
    assert "several places" in found.reason


def test_context_picks_the_place_among_repeated_words() -> None:
    text = story(("p1", "The Kurds regain ground. Later the Kurds regain more ground."))
    found = anchor(text, "p1", "Kurds regained", prefix="Later the ")
    assert found.status is LinkClass.REANCHORED
    assert found.start == text.texts["p1"].original.index("Kurds regain more")
    assert found.prefix is not None  # the words occur twice: the new link needs context
    assert match_selector(text.texts["p1"], found.exact or "", found.prefix, found.suffix).ok


def test_a_scare_quote_does_not_lose_its_quotation_marks() -> None:
    # The quoted term was mangled; the same words unquoted elsewhere are not the link.
    text = story(("p1", "The “said State” was always an Islamic State entity."))
    found = anchor(text, "p1", "“Islamic State”")
    assert (found.status, found.exact) == (LinkClass.REANCHORED, "“said State”")
    text = story(("p1", "The group was always an Islamic State entity."))
    assert anchor(text, "p1", "“Islamic State”").status is LinkClass.ORPHAN


def test_a_merged_paragraph_is_looked_for_beside_its_number() -> None:
    # p6 was merged into p5: "The Kurds" is short, but p5 is where p6 stood.
    text = story(
        ("p5", "Isis recaptured positions. The Kurds regained lost ground on Tuesday."),
        ("p7", "The Kurds met snipers."),
    )
    found = anchor(text, "p6", "The Kurds regained")
    assert (found.status, found.paragraph) == (LinkClass.MOVED, "p5")


def test_a_split_paragraph_still_finds_its_words() -> None:
    text = story(("p5", "Fierce resistance stalled the advance."), ("p5b", "Despite US air raids."))
    found = anchor(text, "p5", "US air raids")
    assert (found.status, found.paragraph) == (LinkClass.MOVED, "p5b")


def test_a_link_with_no_words_is_an_orphan() -> None:
    assert anchor(TEXT, "p5", "   ").status is LinkClass.ORPHAN


# --- the corpus ---------------------------------------------------------------------------


def _bundle(path: Path) -> Bundle:
    bundle, _ = load_bundle(path)
    return bundle


CORPUS = [
    pytest.param(shipped_bundle_path(), name, correction, id=f"baghouz-{name}")
    for name, correction in BAGHOUZ_CORRECTIONS.items()
] + [
    pytest.param(SECOND, name, correction, id=f"second-{name}")
    for name, correction in SECOND_CORRECTIONS.items()
]


@pytest.mark.parametrize(("path", "name", "correction"), CORPUS)
def test_realistic_corrections_never_give_a_wrong_anchor(
    path: Path, name: str, correction: Correction, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = _bundle(path)
    corrected = correction(Story((p.id, p.text) for p in bundle.paragraphs))
    outcomes = run(corrected, links_of(bundle))
    tally = Tally.of(outcomes)
    with capsys.disabled():
        print(f"\n  re-anchoring, {name}: {tally.correct} right, {tally.wrong} wrong, "
              f"{tally.orphaned} orphaned of {len(outcomes)} links")
    assert [o for o in outcomes if o.verdict == "wrong"] == []
    # Orphans are safe, but a correction that keeps most words must not orphan many links.
    recoverable = [o for o in outcomes if o.expected]
    lost = [o for o in recoverable if o.verdict == "orphaned"]
    assert len(lost) <= 0.05 * len(recoverable)


def test_random_corrections_never_give_a_wrong_anchor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle = _bundle(shipped_bundle_path())
    links = links_of(bundle)
    totals = Tally(0, 0, 0, 0)
    wrong = []
    for seed in range(300):
        corrected = random_corrections(
            Story((p.id, p.text) for p in bundle.paragraphs), random.Random(seed), 8
        )
        outcomes = run(corrected, links)
        totals = Tally(*(a + b for a, b in zip(totals, Tally.of(outcomes), strict=True)))
        wrong += [(seed, o) for o in outcomes if o.verdict == "wrong"]
    with capsys.disabled():
        print(f"\n  re-anchoring, 300 randomly corrected stories: {totals.correct} right, "
              f"{totals.wrong} wrong, {totals.orphaned} orphaned")
    assert wrong == []
    assert totals.correct > 10 * totals.orphaned


# --- context for a place ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ", min_size=1, max_size=40), st.data())
def test_minimal_context_picks_out_exactly_that_place(text: str, data: st.DataObject) -> None:
    folded = FoldedText.of(text)
    start = data.draw(st.integers(0, len(folded.folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded.folded)))
    words = folded.folded[start:end]
    if not words.strip() or words != words.strip():
        return  # a link's words start and end on a non-space (as a selection does)
    prefix, suffix = minimal_context(folded.folded, start, end)
    found = match_selector(folded, words, prefix, suffix)
    assert found.ok
    assert (found.start, found.end) == folded.original_span(start, end)


def test_minimal_context_is_none_for_words_that_occur_once() -> None:
    assert minimal_context("the Kurds regain ground", 4, 9) == (None, None)


def test_minimal_context_grows_by_whole_words() -> None:
    text = "the big Kurds and the small Kurds"
    prefix, suffix = minimal_context(text, text.rindex("Kurds"), len(text))
    assert (prefix, suffix) == ("small ", None)
