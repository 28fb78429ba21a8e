"""Column widths (tui/widgets/columns.py) and list pane heights (tui/screens/pane_layout.py):
plain functions, checked on examples and on whatever hypothesis makes up."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.screens.pane_layout import share_heights
from tui.widgets.columns import GAP, Column, fit_columns

DATE = Column("date", "date", 19)
WHEN = Column("when", "when", 20, 8, drop=1)
TITLE = Column("title", "title", 60, 24, flex=True)


def widths(placed: list) -> dict[str, int]:  # type: ignore[type-arg]
    return {column.key: width for column, width in placed}


def test_everything_fits_and_the_title_runs_to_the_end() -> None:
    assert widths(fit_columns([DATE, WHEN, TITLE], 200)) == {
        "date": 19, "when": 20, "title": 200 - 19 - 20 - 2 * GAP,
    }


def test_the_title_keeps_half_the_row_and_the_others_shrink_first() -> None:
    placed = widths(fit_columns([DATE, WHEN, TITLE], 61))
    assert placed["title"] >= 30
    assert placed["date"] == 19  # a date is never cut
    assert 8 <= placed["when"] < 20


def test_a_column_that_cannot_shrink_enough_is_dropped() -> None:
    placed = widths(fit_columns([DATE, WHEN, TITLE], 52))
    assert "when" not in placed
    assert placed["title"] == 52 - 19 - GAP


def test_a_column_empty_in_every_row_is_not_shown() -> None:
    empty_when = WHEN._replace(want=0)
    assert "when" not in widths(fit_columns([DATE, empty_when, TITLE], 120))


def test_spare_room_goes_to_the_end_of_the_row_not_into_the_name() -> None:
    name = Column("name", "name", 20, 12, flex=True)
    aliases = Column("aliases", "aka", 10, 8, drop=1)
    placed = widths(fit_columns([name, Column("kind", "kind", 6), aliases], 100))
    assert placed["name"] == 20
    assert placed["aliases"] == 100 - 20 - 6 - 2 * GAP
    count = Column("count", "in", 2, right=True)
    placed = widths(fit_columns([name, count], 100))
    assert placed == {"name": 20, "count": 2}  # a number stays by its name


def test_far_too_narrow_squeezes_the_title_to_what_is_left() -> None:
    placed = widths(fit_columns([DATE, WHEN, TITLE], 10))
    assert "when" not in placed
    assert placed["date"] == 19 and placed["title"] == 0


columns = st.lists(
    st.builds(
        Column,
        key=st.uuids().map(str),
        header=st.just("h"),
        want=st.integers(0, 60),
        minimum=st.integers(0, 30),
        drop=st.integers(0, 3),
        right=st.booleans(),
        flex=st.just(False),
    ),
    max_size=5,
)


@given(columns, st.integers(0, 60), st.integers(20, 300))
def test_columns_never_overflow_when_they_can_fit(
    fixed: list[Column], flex_want: int, width: int
) -> None:
    flex = Column("flex", "flex", flex_want, 10, flex=True)
    placed = fit_columns([*fixed, flex], width)
    keys = [column.key for column, _ in placed]
    assert "flex" in keys
    assert all(column.want > 0 or column.flex for column, _ in placed)
    for column, column_width in placed:
        if not column.flex:
            assert column.narrowest <= column_width <= column.want
    total = sum(w for _, w in placed) + GAP * (len(placed) - 1)
    narrowest = sum(c.narrowest for c, _ in placed if not c.flex) + GAP * (len(placed) - 1)
    if narrowest <= width:
        assert total <= width or dict(placed)[flex] == 0


# --- heights --------------------------------------------------------------------------


def test_a_small_list_gives_its_room_to_the_others() -> None:
    # 26 events, 39 actors, 7 quotes (each + 3 lines of border and headings) in 38 lines
    assert share_heights(38, [29, 42, 10]) == [14, 14, 10]


def test_everything_fits_and_the_rest_goes_to_the_first() -> None:
    assert share_heights(40, [8, 7, 6]) == [27, 7, 6]


def test_no_room_keeps_each_its_floor() -> None:
    assert share_heights(9, [30, 30, 30]) == [5, 5, 5]


@given(st.integers(0, 200), st.lists(st.integers(1, 500), min_size=1, max_size=5))
def test_heights_share_the_room(available: int, wants: list[int]) -> None:
    heights = share_heights(available, wants)
    floors = [min(want, 5) for want in wants]
    assert all(h >= f for h, f in zip(heights, floors, strict=True))
    if sum(floors) <= available:
        assert sum(heights) == available if sum(wants) <= available else sum(heights) <= available
        # nobody gets more than it wants while another wants more than it got
        if any(h < w for h, w in zip(heights, wants, strict=True)):
            assert all(h <= w for h, w in zip(heights, wants, strict=True))
