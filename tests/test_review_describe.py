"""Changes in words: labels and notes cut on a whole word, controls never shown raw."""

from __future__ import annotations

from tui.model.entities import EntryType
from tui.review.changes import Change, Op
from tui.review.describe import LABEL_CHARS, change_words, quoted_label
from tui.review.marks import Mark


def _note(text: str) -> Change:
    return Change("c1", "e1", EntryType.EVENT, Op.NOTE, "maria", "2026-01-01T00:00:00Z",
                  None, note_id="n1", text=text)


def test_a_long_label_ends_on_a_whole_word_with_an_ellipsis() -> None:
    label = "Kurdish-led forces close in on the last Isis holdout in Baghouz village"
    shown = quoted_label(label)
    assert shown == "'Kurdish-led forces close in on the last…'"
    assert len(shown) <= LABEL_CHARS + 2  # and its quotes
    assert quoted_label("Short title") == "'Short title'"


def test_a_long_note_is_cut_on_a_word_and_a_control_in_it_is_shown_inert() -> None:
    words = change_words(_note("check\x1b[2J the date against the ministry's statement"), "T")
    assert words == "maria noted 'T': “check␛[2J the date against the…”"


def test_a_verdict_in_words() -> None:
    change = Change("c2", "e1", EntryType.EVENT, Op.MARK, "ana", "2026-01-01T00:00:00Z", None,
                    mark=Mark.NEEDS_FIX)
    assert change_words(change, "Ferry talks open") == "ana marked needs-fix 'Ferry talks open'"
