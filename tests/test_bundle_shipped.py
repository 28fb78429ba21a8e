"""The shipped Baghouz bundle: it loads cleanly, every link finds its words, the index is right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tui.model.content import shipped_bundle_path
from tui.model.entities import Actor, Bundle, Event, Quote
from tui.model.folding import fold
from tui.model.index import StoryIndex
from tui.model.load import load_bundle

Run = Callable[..., Any]  # the run_cli fixture: (*args) -> result with code, out, err, lines


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    loaded, warnings = load_bundle(shipped_bundle_path())
    assert warnings == []
    return loaded


@pytest.fixture(scope="module")
def index(bundle: Bundle) -> StoryIndex:
    return StoryIndex.build(bundle)


def _paragraph_text(bundle: Bundle, paragraph_id: str) -> str:
    return next(p.text for p in bundle.paragraphs if p.id == paragraph_id)


def _entry(bundle: Bundle, entry_id: str) -> Actor | Event | Quote:
    return next(e for e in (*bundle.actors, *bundle.events, *bundle.quotes) if e.id == entry_id)


def _highlight(bundle: Bundle, entry_id: str, link: int = 0) -> str:
    source = _entry(bundle, entry_id).sources[link]
    assert source.has_span
    return _paragraph_text(bundle, source.paragraph)[source.start : source.end]


def test_shipped_bundle_is_the_content_file() -> None:
    path = shipped_bundle_path()
    assert path.name == "baghouz.toml"
    assert path.is_file()


def test_shipped_bundle_loads_without_warnings(bundle: Bundle) -> None:
    assert bundle.format == "story-bundle/1"
    assert bundle.story.id == "baghouz-2019"
    assert bundle.story.headline == "Isis stall advance of US-backed forces in eastern Syria"
    # inferred to the day (12-15 February 2019 is what the text allows), so uncertain
    assert bundle.story.published == "2019-02-13?"
    assert bundle.story.outlet == "The Irish Times"
    assert bundle.story.url is not None and "irishtimes.com/" in bundle.story.url
    assert bundle.story.byline is None  # the text gives none
    assert bundle.story.language == "en"
    assert {"x-published-note", "x-outlet-note"} <= set(bundle.story.extensions)
    assert [p.id for p in bundle.paragraphs] == [f"p{n}" for n in range(1, 23)]
    assert [p.position for p in bundle.paragraphs] == list(range(22))
    assert [p.kind for p in bundle.paragraphs[:4]] == ["heading", "standfirst", "caption", "credit"]
    assert len(bundle.actors) == 41
    assert len(bundle.events) == 27
    assert len(bundle.quotes) == 6


def test_check_accepts_the_shipped_bundle(run_cli: Run) -> None:
    path = shipped_bundle_path()
    result = run_cli("check", path)
    assert (result.code, result.out) == (0, "")
    assert result.err.strip() == f"{path}: ok"


def test_every_exact_resolves_to_its_words(bundle: Bundle) -> None:
    checked = 0
    for entry in (*bundle.actors, *bundle.events, *bundle.quotes):
        for link in entry.sources:
            if link.exact is None:
                continue
            text = _paragraph_text(bundle, link.paragraph)
            assert 0 <= link.start < link.end <= len(text), (entry.id, link)
            assert fold(text[link.start : link.end]) == fold(link.exact), (entry.id, link)
            # independently: the words occur exactly once, and the span is that place
            if link.prefix is None and link.suffix is None:
                assert fold(text).count(fold(link.exact)) == 1, (entry.id, link.exact)
                if fold(text) == text:
                    assert text.index(link.exact) == link.start
            checked += 1
    assert checked == 103


def test_direct_and_scare_quotes_highlight_their_text(bundle: Bundle) -> None:
    for quote in bundle.quotes:
        for link in quote.sources:
            text = _paragraph_text(bundle, link.paragraph)
            if quote.kind in ("direct", "scare"):
                assert link.has_span
                assert fold(quote.text) in fold(text)
            if link.exact is None:
                assert fold(text[link.start : link.end]) == fold(quote.text)


def test_col_sean_ryan_quote_highlights_the_words_inside_the_quotation_marks(
    bundle: Bundle,
) -> None:
    quote = _entry(bundle, "q-ryan-slow-progress")
    assert isinstance(quote, Quote)
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "sean-ryan", "said")
    link = quote.sources[0]
    assert (link.paragraph, link.exact) == ("p7", None)
    p7 = _paragraph_text(bundle, "p7")
    assert (link.start, link.end) == (1, p7.index(",” said"))
    assert p7[link.start : link.end] == (
        "The progress is slow and methodical as the enemy is fully entrenched and "
        "[Islamic State] fighters continue to conduct counter-attacks. The coalition "
        "continues to strike at [Isis] targets whenever possible"
    )
    assert p7[link.start - 1] == "“"
    assert p7[link.end : link.end + 2] == ",”"


def test_concrete_spans(bundle: Bundle) -> None:
    p7 = _paragraph_text(bundle, "p7")
    ryan = _entry(bundle, "sean-ryan").sources[0]
    assert (ryan.start, ryan.end) == (len(p7) - 41, len(p7) - 1)
    assert _highlight(bundle, "sean-ryan") == "US-led coalition spokesman Col Sean Ryan"
    assert _highlight(bundle, "sean-ryan", 1) == "Ryan"
    assert _entry(bundle, "sean-ryan").sources[1].start == 0
    assert _highlight(bundle, "q-scare-caliphate") == "“caliphate”"
    assert _highlight(bundle, "q-scare-islamic-state") == "“Islamic State”"
    assert _highlight(bundle, "coalition", 1) == (
        "The coalition continues to strike at [Isis] targets whenever possible"
    )
    assert _highlight(bundle, "sdf", 2) == "The Kurds"
    assert _entry(bundle, "sdf").sources[2].start == 0
    offensive = _entry(bundle, "offensive-begins").sources[0]
    p5 = _paragraph_text(bundle, "p5")
    assert offensive.end == len(p5) - 1
    assert p5[offensive.start : offensive.end] == "the offensive began last Saturday"
    # AFP is credited twice, once in each credit paragraph
    afp = _entry(bundle, "afp")
    assert [(s.paragraph, s.start, s.end) for s in afp.sources] == [("p4", 24, 27), ("p9", 24, 27)]


def test_events_keep_their_dates(bundle: Bundle) -> None:
    dates = {e.id: (e.date.text if e.date else None) for e in bundle.events}
    assert dates["isi-founded"] == "2003~"
    assert dates["offensive-begins"] == "2019-02-09"
    assert dates["civilians-human-shields"] is None
    assert dates["civilians-flee-before-offensive"] == "2019-01-19/2019-02-09"
    # one-off acts the text gives no time for are undated, not "../2019-02"
    for undated in ("caliphate-at-height", "trump-predicts-victory", "baghdadi-deserts",
                    "iraqi-syrian-fighters-escape", "journalists-interview-civilians",
                    "civilians-killed-in-air-strikes", "isis-sleeper-cells"):
        assert dates[undated] is None, undated
    # processes that ran up to publication: an unknown start, never an open one
    assert dates["army-shelling"] == dates["caliphate-shrivels"] == "/2019-02-13?"
    assert not [d for d in dates.values() if d and d.startswith("..")]
    assert dates["sdf-seizes-positions"] == dates["isis-recaptures-positions"]
    assert dates["convoy-monday"] == "2019-02-11"
    assert dates["kurds-regain-ground"] == "2019-02-12"
    vote = _entry(bundle, "isi-founded")
    assert isinstance(vote, Event)
    assert vote.date is not None and vote.date.approximate
    assert vote.when == "a decade earlier"
    assert [e.position for e in bundle.events] == list(range(27))


# --- the index -----------------------------------------------------------------------------


def _ids(entries: tuple[Actor | Event | Quote, ...]) -> list[str]:
    return [e.id for e in entries]


def test_index_entries_by_id(index: StoryIndex) -> None:
    assert len(index.entries) == 41 + 27 + 6
    assert isinstance(index.entries["sean-ryan"], Actor)
    assert isinstance(index.entries["offensive-begins"], Event)
    assert isinstance(index.entries["q-ryan-slow-progress"], Quote)
    assert "p7" not in index.entries
    assert index.paragraphs["p7"].text.startswith("“The progress is slow")
    assert index.actor("sean-ryan") is index.entries["sean-ryan"]
    assert index.actor("offensive-begins") is None
    assert index.actor("p7") is None
    assert index.actor("nobody") is None


def test_index_citing_a_paragraph(index: StoryIndex) -> None:
    # events, then actors, then quotes, each in bundle order and once even if cited twice
    assert _ids(index.citing["p7"]) == [
        "isis-recaptures-positions",
        "air-raids",
        "isis-fighters",
        "coalition",
        "sean-ryan",
        "q-ryan-slow-progress",
    ]
    assert _ids(index.citing["p10"]) == [
        "trump-predicts-victory",
        "sean-ryan",
        "donald-trump",
        "q-trump-victory-within-days",
    ]
    assert _ids(index.citing["p4"]) == ["afp", "fadel-senna"]
    assert _ids(index.citing["p18"]) == ["foreign-fighters", "q-fighters-no-option"]
    assert "p12" not in index.citing  # a heading nothing cites
    assert "p17" not in index.citing


def test_every_citation_is_indexed(bundle: Bundle, index: StoryIndex) -> None:
    for entry in (*bundle.actors, *bundle.events, *bundle.quotes):
        for link in entry.sources:
            assert entry in index.citing[link.paragraph]
    for paragraph_id, entries in index.citing.items():
        assert len(set(map(id, entries))) == len(entries), paragraph_id
        for entry in entries:
            assert paragraph_id in {s.paragraph for s in entry.sources}


def test_index_involving_an_actor(index: StoryIndex) -> None:
    # speaker of one quote, in no event ("did not say" is no quote)
    assert _ids(index.involving["sean-ryan"]) == ["q-ryan-slow-progress"]
    # a participant in an event, and the speaker of a quote
    assert _ids(index.involving["donald-trump"]) == [
        "trump-predicts-victory",
        "q-trump-victory-within-days",
    ]
    # speaker and subject of the same quote: listed once
    assert _ids(index.involving["foreign-fighters"]) == ["last-stand", "q-fighters-no-option"]
    # subject (about) only
    assert _ids(index.involving["iraqis"]) == ["q-civilians-iraqi-entity"]
    assert index.involvement_count("iraqis") == 1
    # named only in sources: involved in nothing
    assert "fadel-senna" not in index.involving
    assert index.involvement_count("fadel-senna") == 0
    isis = _ids(index.involving["isis"])
    assert "q-scare-caliphate" in isis and "isis-founded" in isis
    assert len(isis) == len(set(isis)) == 17


def test_involving_matches_the_entries(bundle: Bundle, index: StoryIndex) -> None:
    for actor in bundle.actors:
        expected = [e.id for e in bundle.events if actor.id in e.actors] + [
            q.id for q in bundle.quotes if actor.id == q.speaker or actor.id in q.about
        ]
        assert _ids(index.involving.get(actor.id, ())) == expected, actor.id


# --- the facts a fact-check corrected (issue 11) ------------------------------------------


def test_who_the_aliases_name(bundle: Bundle) -> None:
    aliases = {actor.id: set(actor.aliases) for actor in bundle.actors}
    # the jihadis of the story are the fighters in Baghouz, not Isis as a whole
    assert {"the jihadis", "jihadis", "the enemy"} <= aliases["isis-fighters"]
    assert not {"the jihadis", "jihadis", "the enemy"} & aliases["isis"]
    assert aliases["civilians"] == {"civilians"}
    assert aliases["interviewed-civilians"] == {"Civilians escaping Baghouz"}
    assert "Trump" not in aliases["donald-trump"]
    assert "Sean Ryan" not in aliases["sean-ryan"] and "Ryan" in aliases["sean-ryan"]
    assert "al-Baghdadi" not in aliases["baghdadi"]
    assert "other foreigners" not in aliases["foreign-fighters"]


def test_the_nationalities_are_groups_of_fighters(bundle: Bundle) -> None:
    kinds = {actor.id: actor.kind for actor in bundle.actors}
    for nationality in ("turks", "french", "russian-caucasians", "chinese-uighurs"):
        assert kinds[nationality] == "group", nationality
    assert kinds["al-qaeda"] == "group"
    al_qaeda = _entry(bundle, "al-qaeda")
    assert [(s.paragraph, s.exact) for s in al_qaeda.sources] == [("p20", "al-Qaeda")]


def test_the_claim_in_p20_is_the_interviewed_civilians(bundle: Bundle) -> None:
    quote = _entry(bundle, "q-civilians-iraqi-entity")
    assert isinstance(quote, Quote)
    assert (quote.speaker, quote.cue) == ("interviewed-civilians", "claimed")
    assert "q-ryan-no-end-date" not in {q.id for q in bundle.quotes}
    assert all(q.cue != "did not say" for q in bundle.quotes)


def test_seizing_is_its_own_event_and_the_convoy_link_shows_its_day(bundle: Bundle) -> None:
    ids = [e.id for e in bundle.events]
    assert ids.index("offensive-begins") < ids.index("sdf-seizes-positions") < ids.index(
        "isis-recaptures-positions"
    )
    seize = _entry(bundle, "sdf-seizes-positions")
    assert isinstance(seize, Event)
    assert seize.when == "after the offensive began last Saturday"
    assert _highlight(bundle, "convoy-monday").endswith("Deir Ezzor on Monday")


def test_prose_keeps_the_texts_hedges(bundle: Bundle) -> None:
    air = _entry(bundle, "air-raids")
    assert isinstance(air, Event)
    assert "US air raids" in air.title and "US-led" not in air.title
    aides = _entry(bundle, "baghdadi-aides")
    assert isinstance(aides, Actor) and "self-proclaimed" in (aides.description or "")
    interview = _entry(bundle, "journalists-interview-civilians")
    assert isinstance(interview, Event) and "claimed" in (interview.summary or "")
    fighters = _entry(bundle, "foreign-fighters")
    assert isinstance(fighters, Actor) and "believe" in (fighters.description or "")
