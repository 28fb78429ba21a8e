"""How good the suggestions are: against the shipped Baghouz bundle (the goals of issue 17,
asserted and printed) and against a second article written for the tests."""


from __future__ import annotations

from pathlib import Path

import pytest

from tui.authoring.article.bundle_text import bundle_text
from tui.authoring.article.reading import read_article
from tui.authoring.suggest.api import all_suggestions
from tui.authoring.suggest.model import Suggestion
from tui.authoring.suggest.quality import measure, report
from tui.model.content import shipped_bundle_path
from tui.model.entities import Bundle
from tui.model.load import load_bundle, parse

ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    bundle, _ = load_bundle(shipped_bundle_path())
    return bundle


def test_the_goals_on_the_shipped_story(
    shipped: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = measure(shipped)
    with capsys.disabled():
        print("\nsuggestions against content/baghouz.toml:")
        for line in report(figures):
            print("  " + line)
    assert figures.direct > 0 and figures.reported > 0
    # every direct quote, with its right speaker
    assert figures.direct_found == figures.direct, figures.missed
    # at least 80% of the reported statements, with their speakers
    assert figures.reported_found >= 0.8 * figures.reported, figures.missed
    # at least 80% of what is suggested as a quote is one
    assert figures.quote_precision >= 0.8, figures.wrong
    assert figures.date_precision >= 0.8, figures.wrong


def test_the_measure_notices_a_wrong_speaker(shipped: Bundle) -> None:
    text = shipped_bundle_path().read_text(encoding="utf-8")
    wrong = text.replace('speaker = "sean-ryan"', 'speaker = "donald-trump"', 1)
    bundle, _ = parse(wrong, "wrong.toml")
    assert bundle is not None
    figures = measure(bundle)
    assert (figures.direct, figures.direct_found) == (1, 0)
    assert figures.missed == ("q-ryan-slow-progress",)


def test_the_measure_notices_a_missed_statement(shipped: Bundle) -> None:
    text = shipped_bundle_path().read_text(encoding="utf-8")
    extra = text.replace(
        '[[quotes]]\nid = "q-scare-caliphate"',
        '[[quotes]]\nid = "q-kurds-encountered"\nkind = "reported"\nspeaker = "sdf"\n'
        'text = "The Kurds have encountered landmines, booby traps and snipers"\n'
        'sources = [{ paragraph = "p11", exact = "The Kurds have encountered landmines" }]\n\n'
        '[[quotes]]\nid = "q-scare-caliphate"',
    )
    bundle, problems = parse(extra, "extra.toml")
    assert bundle is not None, problems
    figures = measure(bundle)
    assert (figures.reported, figures.reported_found) == (4, 3)


# --- a second article ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour() -> list[Suggestion]:
    article = read_article(ARTICLES / "harbour.md")
    text = bundle_text(article, story_id="harbour", published="2023-06-09", source_name="x")
    bundle, _ = parse(text, "harbour.toml")
    assert bundle is not None
    return all_suggestions(bundle)


def _quotes(found: list[Suggestion], kind: str) -> dict[str, tuple[str | None, str]]:
    """paragraph: (speaker, first words) for each quote of `kind`."""
    return {
        f"{s.sources[0].paragraph}:{s.text[:24]}": (s.speaker, s.cue or "")
        for s in found
        if s.type == "quote" and s.kind == kind
    }


def test_direct_quotes_and_their_speakers(harbour: list[Suggestion]) -> None:
    assert _quotes(harbour, "direct") == {
        "p6:We have been patient for": ("union secretary Tomas Brenner", "said"),
        "p6:Every crane on this dock": ("union secretary Tomas Brenner", "said"),
        "p7:We cannot spend money we": ("she", "told"),
        "p10:We will meet again on Fr": ("Sato", "said"),
        "p11:If they come with nothin": ("Brenner", "said"),  # the cue is in p12
        "p12:then nothing moves": ("Brenner", "said"),
    }
    by_start = {s.text[:12]: s for s in harbour if s.kind == "direct"}
    # no cue of its own, after Brenner's quote in the same paragraph: a guess, and said so
    assert by_start["Every crane "].confidence < 0.6 and "guess" in by_start["Every crane "].why
    assert "pronoun" in by_start["We cannot sp"].why
    # the text is the words inside the marks, without the comma before the cue
    assert by_start["We have been"].text.endswith("has not paid the rent")


def test_reported_speech_and_what_is_not(harbour: list[Suggestion]) -> None:
    assert _quotes(harbour, "reported") == {
        "p7:The authority’s chief ex": ("The authority’s chief executive, Helena Sato", "said"),
        "p13:Shipping agents claimed ": ("Shipping agents", "claimed"),
        "p14:Harbour pilots believe t": ("Harbour pilots", "believe"),
    }
    texts = " ".join(s.text for s in harbour)
    assert "declined to comment" not in texts  # a denial is no statement


def test_scare_quotes(harbour: list[Suggestion]) -> None:
    assert _quotes(harbour, "scare") == {"p2:final": (None, "")}
    scare = next(s for s in harbour if s.kind == "scare")
    assert scare.sources[0].exact == "“final”"


def test_actors_with_the_names_the_text_uses(harbour: list[Suggestion]) -> None:
    actors = {s.text: (s.kind, s.aliases) for s in harbour if s.type == "actor"}
    assert actors["Tomas Brenner"] == ("person", ("union secretary Tomas Brenner", "Brenner"))
    assert actors["Helena Sato"][0] == "person" and "Sato" in actors["Helena Sato"][1]
    assert actors["Shipping agents"][0] == "group"
    assert "she" not in actors and "Sato" not in actors and "Brenner" not in actors


def test_dates_resolved_against_published(harbour: list[Suggestion]) -> None:
    dates = sorted((s.sources[0].paragraph, s.when or "", s.date or "") for s in harbour
                   if s.type == "event")
    assert dates == [
        ("p10", "on Friday", "2023-06-16"),  # "We will meet again": the future
        ("p14", "on Thursday", "2023-06-08"),
        ("p3", "on Wednesday", "2023-06-07"),
        ("p5", "on Wednesday", "2023-06-07"),
        ("p9", "in 2016", "2016"),
        ("p9", "two years later", "2018~"),
    ]  # and nothing for "may take a week" or "10 of 12 berths"


def test_every_suggestion_links_to_words_that_occur_once(harbour: list[Suggestion]) -> None:
    article = read_article(ARTICLES / "harbour.md")
    texts = {f"p{n}": b.text for n, b in enumerate(article.blocks, start=1)}
    for suggestion in harbour:
        assert 0 < suggestion.confidence <= 1 and suggestion.why
        for link in suggestion.sources:
            text = texts[link.paragraph]
            assert text[link.start : link.end] == link.exact
            if link.prefix is None and link.suffix is None:
                assert text.count(link.exact) == 1, link
