"""What a form saves of a field whose text holds control characters (`keep_hidden`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.model.safe_text import keep_hidden, safe_text
from tui.widgets.safe_editors import inert_line

# Letters, and characters a field shows as something else: controls (ESC, BEL, a C1
# control), a bidi override, a tab (shown as a space) and a line break.
ORIGINAL = st.text(st.sampled_from("abc \x1b\x07\x9b\u202e\t\n"), max_size=30)
TYPED = st.text(st.sampled_from("xyz"), max_size=5)


def test_an_unchanged_field_keeps_its_text() -> None:
    original = "Escape \x1b[31mred\x1b[0m and \u202eevil"
    assert keep_hidden(original, safe_text(original), safe_text(original)) == original


def test_a_word_changed_keeps_the_controls_on_either_side() -> None:
    original = "Control \x1b]8;;http://evil\x07title\x1b]8;;\x07 \x9b2J \u202eevil"
    shown = safe_text(original)
    assert "\x1b" not in shown and "\u241b" in shown
    edited = shown.replace("title", "headline")
    assert keep_hidden(original, shown, edited) == original.replace("title", "headline")
    assert keep_hidden(original, shown, shown + " (checked)") == original + " (checked)"


def test_what_was_typed_over_a_control_is_kept_as_typed() -> None:
    original = "a\x1bb"
    shown = safe_text(original)  # "a␛b"
    assert keep_hidden(original, shown, "a-b") == "a-b"
    assert keep_hidden(original, shown, "ab") == "ab"  # the control deleted


def test_a_shown_text_of_another_length_is_saved_as_edited() -> None:
    """Not 1:1 (no field shows text that way: `inert_line` and `safe_text` replace one
    character with one), so no character of the original can be placed: what is shown."""
    assert inert_line("one\r\ntwo") == "one\u240d two"  # a CRLF shown as two characters
    assert keep_hidden("a\x1bb", "a b c", "a b d") == "a b d"


@given(ORIGINAL, st.data(), TYPED)
def test_an_edit_in_one_place_keeps_every_other_character(
    original: str, data: st.DataObject, typed: str
) -> None:
    """Replacing shown[start:end] with typed text saves original[:start] + typed +
    original[end:]: whatever the field held on either side, controls and all."""
    shown = safe_text(original)
    start = data.draw(st.integers(0, len(shown)))
    end = data.draw(st.integers(start, len(shown)))
    edited = shown[:start] + typed + shown[end:]
    saved = keep_hidden(original, shown, edited)
    expected = original[:start] + typed + original[end:]
    # Or, where the field shows two characters alike (a tab and a space, two controls both
    # shown as U+FFFD), the same edit placed at the other: the text alone cannot tell.
    assert saved == expected or (
        safe_text(saved) == safe_text(expected) and _alike_shown(original)
    )


@given(ORIGINAL, st.data(), TYPED, TYPED)
def test_edits_in_two_places_keep_every_character_between_and_around_them(
    original: str, data: st.DataObject, first: str, second: str
) -> None:
    shown = safe_text(original)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(shown)), min_size=4, max_size=4)))
    a, b, c, d = cuts
    edited = shown[:a] + first + shown[b:c] + second + shown[d:]
    expected = original[:a] + first + original[b:c] + second + original[d:]
    saved = keep_hidden(original, shown, edited)
    assert saved == expected or (
        safe_text(saved) == safe_text(expected) and _alike_shown(original)
    )


def test_a_long_field_edited_in_two_places_keeps_its_controls() -> None:
    """Past the length compared character by character, words are compared first."""
    original = " ".join(f"word{n} \x1b[3{n % 8}m" for n in range(600))  # ~6,000 characters
    shown = safe_text(original)
    edited = "Start " + shown.replace("word300 ", "WORD ") + " end"
    saved = keep_hidden(original, shown, edited)
    assert saved == "Start " + original.replace("word300 ", "WORD ") + " end"


def _alike_shown(text: str) -> bool:
    shown = safe_text(text)
    return any(
        shown[i] == shown[j] and text[i] != text[j]
        for i in range(len(text))
        for j in range(len(text))
    )


def test_deleting_one_of_two_characters_shown_alike_deletes_one_of_them() -> None:
    original = "\t "  # both shown as a space
    assert keep_hidden(original, safe_text(original), " ") in {" ", "\t"}


@given(st.text(alphabet="ab ", max_size=60), st.integers(4, 40))
def test_shortened_fits_ends_with_an_ellipsis_when_cut_and_keeps_a_prefix(
    text: str, limit: int
) -> None:
    from tui.model.safe_text import shortened

    short = shortened(text, limit)
    assert len(short) <= limit
    if len(text) <= limit:
        assert short == text
    else:
        assert short.endswith("…") and text.startswith(short[:-1])


def test_shortened_cuts_after_a_whole_word() -> None:
    from tui.model.safe_text import shortened

    text = "Isis fighters target the coalition whenever possible, the colonel said"
    assert shortened(text, 40) == "Isis fighters target the coalition…"
    assert shortened("a" * 50, 10) == "a" * 9 + "…"  # no word to end at: cut, marked
    # A word that ends right at the cut is whole: kept (it was dropped, as if cut short).
    assert shortened("close in on the last Isis holdout", 21) == "close in on the last…"
