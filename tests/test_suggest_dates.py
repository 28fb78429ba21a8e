"""Dates suggested from relative expressions: dateparser's hits filtered, weekdays by tense,
the anchor's precision and certainty respected, the story's language passed."""

from __future__ import annotations

import pytest

from tui.authoring.suggest.dates import date_suggestions
from tui.model.entities import Paragraph


def dates(text: str, published: str | None, language: str = "en") -> list[tuple[str, str]]:
    found = date_suggestions([Paragraph("p1", 0, text)], published, language)
    return [(s.when or "", s.date or "") for s in found]


@pytest.mark.parametrize(
    "text",
    [
        "Talks may resume, the union said.",  # "may", the verb
        "The Sun reported the walkout first.",  # a newspaper, not Sunday
        "In all, 10 of 12 berths were empty.",  # a count
        "More than 20,000 people fled in the three weeks ahead of the operation.",  # a span
        "Up to 600 fighters remain, and 4 sq km.",
    ],
)
def test_false_hits_are_filtered(text: str) -> None:
    assert dates(text, "2023-06-09") == []


def test_a_bare_weekday_follows_the_tense() -> None:
    # published on Friday 9 June 2023
    assert dates("The crews struck on Tuesday.", "2023-06-09") == [("on Tuesday", "2023-06-06")]
    assert dates("The crews will strike on Tuesday.", "2023-06-09") == [
        ("on Tuesday", "2023-06-13")
    ]
    # the publication day's own weekday is that day, or a week on in the future
    assert dates("The crews struck on Friday.", "2023-06-09") == [("on Friday", "2023-06-09")]
    assert dates("They will meet on Friday.", "2023-06-09") == [("on Friday", "2023-06-16")]


def test_last_saturday_and_other_relative_words() -> None:
    assert dates("The offensive began last Saturday.", "2019-02-13") == [
        ("last Saturday", "2019-02-09")
    ]
    assert dates("Crews walked out yesterday, three days ago, and talks began last month.",
                 "2023-06-09") == [
        ("yesterday", "2023-06-08"), ("three days ago", "2023-06-06"), ("last month", "2023-05"),
    ]


def test_years_and_years_counted_from_them() -> None:
    assert dates("Isis was a 2013 offshoot of a group founded a decade earlier.", None) == [
        ("a decade earlier", "2003~"), ("2013", "2013"),
    ]
    assert dates("The union last struck in 2016 and signed a deal two years later.", None) == [
        ("two years later", "2018~"), ("in 2016", "2016"),
    ]


def test_a_day_needs_published_to_the_day() -> None:
    assert dates("The Kurds regained lost ground on Tuesday.", "2019-02") == []
    assert dates("The Kurds regained lost ground on Tuesday.", None) == []
    assert dates("It began in 2013, and ended on Tuesday.", "2019-02") == [("in 2013", "2013")]


def test_an_inferred_published_makes_the_date_uncertain() -> None:
    found = date_suggestions(
        [Paragraph("p1", 0, "The Kurds regained lost ground on Tuesday.")], "2019-02-13?"
    )
    assert [(s.date, "inferred" in s.why) for s in found] == [("2019-02-12?", True)]


def test_the_language_is_passed() -> None:
    assert dates("Les dockers ont cessé le travail mardi.", "2023-06-09", "fr") == [
        ("mardi", "2023-06-06")
    ]
    # the tag's region is dropped for dateparser: "fr-CA" is French
    assert dates("Les dockers ont cessé le travail mardi.", "2023-06-09", "fr-CA") == [
        ("mardi", "2023-06-06")
    ]
