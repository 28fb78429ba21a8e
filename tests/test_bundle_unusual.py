"""Bundles that follow the format in unusual but legal ways must load, with every value kept."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.model.entities import Bundle
from tui.model.folding import fold
from tui.model.load import load_bundle
from tui.model.problems import BundleError

Run = Callable[..., Any]  # the run_cli fixture: (*args) -> result with code, out, err, lines
Write = Callable[..., Path]

UNUSUAL = (Path(__file__).resolve().parent / "bundles" / "unusual.toml").read_text(encoding="utf-8")
BASE = (Path(__file__).resolve().parent / "bundles" / "base.toml").read_text(encoding="utf-8")

VARIANTS: dict[str, Callable[[str], bytes]] = {
    "lf": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


def _load(content: bytes, write_file: Write) -> Bundle:
    bundle, warnings = load_bundle(write_file(content))
    assert warnings == []
    return bundle


def _span(bundle: Bundle, entry_id: str, index: int = 0) -> str:
    entry = next(e for e in (*bundle.actors, *bundle.events, *bundle.quotes) if e.id == entry_id)
    link = entry.sources[index]
    assert link.has_span, (entry_id, index)
    paragraph = next(p for p in bundle.paragraphs if p.id == link.paragraph)
    return paragraph.text[link.start : link.end]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_unusual_bundle_loads_with_every_value(variant: str, write_file: Write) -> None:
    bundle = _load(VARIANTS[variant](UNUSUAL), write_file)
    story = bundle.story
    assert (story.id, story.headline, story.standfirst) == (
        "2024-bridge",
        "Council approves new bridge",
        "",
    )
    assert (story.published, story.outlet, story.byline, story.language) == (
        "2024-05~",
        "The Example Gazette",
        "A. Reporter",
        "en-GB",
    )
    assert story.published_date is not None and story.published_date.approximate
    assert story.url == "https://example.org/bridge?page=1#top"
    assert [(p.id, p.kind) for p in bundle.paragraphs] == [
        ("h1", "heading"),
        ("p1", "body"),
        ("p2", "standfirst"),
        ("c1", "caption"),
        ("credit-1", "credit"),
    ]
    p1 = bundle.paragraphs[1]
    # TOML turns the line break of a multi-line string into "\n", whatever the file uses
    assert p1.text == (
        'The council voted 7-2 on Tuesday\nto approve the bridge. "It is long overdue," '
        "said the mayor, Ana Ruiz."
    )
    assert bundle.paragraphs[2].text == (
        "Critics call it \u201ca bridge to nowhere\u201d.\tIt  opens in 2026."
    )
    assert bundle.paragraphs[3].text == "The old ferry, which the bridge replaces.\n"
    assert [a.id for a in bundle.actors] == ["ana-ruiz", "council", "critics", "0-ferry"]
    assert bundle.actors[0].aliases == ("the mayor", "Ruiz")
    assert bundle.actors[3].aliases == ()
    assert [e.when for e in bundle.events] == ["", "in 2026"]
    assert bundle.events[0].summary == "Voted\n  7-2."
    assert bundle.events[1].actors == ("council", "ana-ruiz")
    assert [(q.id, q.kind, q.speaker) for q in bundle.quotes] == [
        ("overdue", "direct", "ana-ruiz"),
        ("nowhere", "scare", None),
        ("critics-say", "reported", "critics"),
    ]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_unusual_bundle_links_resolve(variant: str, write_file: Write) -> None:
    bundle = _load(VARIANTS[variant](UNUSUAL), write_file)
    assert _span(bundle, "ana-ruiz", 0) == "the mayor, Ana Ruiz"
    assert _span(bundle, "ana-ruiz", 1) == "said"  # picked out by a prefix with quote marks
    assert _span(bundle, "council", 0) == "The council"
    assert not bundle.actors[1].sources[1].has_span  # a link to the whole paragraph
    # exact spanning the paragraph's line break, written both with and without one
    assert _span(bundle, "vote", 0) == "on Tuesday\nto approve"
    assert _span(bundle, "vote", 1) == "on Tuesday\nto approve the bridge."
    assert _span(bundle, "opening") == "opens in 2026"
    assert _span(bundle, "overdue") == '"It is long overdue,"'
    # a scare quote linked to the whole paragraph is highlighted at its text, folded
    assert _span(bundle, "nowhere") == "a bridge to nowhere"
    assert _span(bundle, "critics-say") == "Critics call it"
    assert _span(bundle, "0-ferry") == "The old ferry"


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_x_keys_are_carried_through_untouched(variant: str, write_file: Write) -> None:
    bundle = _load(VARIANTS[variant](UNUSUAL), write_file)
    assert bundle.extensions == {
        "x-revision": 7,
        "x-tags": ["city", "transport"],
        "x-newsroom": {"desk": "city", "history": {"created": datetime.date(2024, 5, 1)}},
    }
    assert bundle.story.extensions == {
        "x-desk": {"name": "City", "floor": 3},
        "x-embargo": {"until": datetime.datetime(2024, 5, 2, 6, 0, tzinfo=datetime.UTC)},
    }
    assert bundle.paragraphs[1].extensions == {"x-source": "print edition"}
    assert bundle.paragraphs[0].extensions == {}
    with pytest.raises(TypeError):  # shared by every entry without extensions: read-only
        bundle.paragraphs[0].extensions["x-changed"] = True  # type: ignore[index]
    assert bundle.actors[0].extensions == {"x-wikidata": "Q0"}
    assert bundle.actors[0].sources[0].extensions == {"x-confidence": 0.9}
    assert bundle.actors[1].extensions == {"x-review": {"status": "checked"}}
    assert bundle.actors[1].sources[0].extensions == {"x-note": "inline"}
    assert bundle.events[0].extensions == {"x-desk": {"editor": "Sam"}}
    assert bundle.events[0].sources[1].extensions == {
        "x-note": "one line in the bundle, across the paragraph's line break"
    }
    assert bundle.quotes[0].extensions == {"x-verified": True}
    assert bundle.quotes[1].extensions == {"x-review": {"by": "sam"}}


def test_line_endings_and_bom_do_not_change_the_model(write_file: Write) -> None:
    loaded = [_load(make(UNUSUAL), write_file)._replace(path="") for make in VARIANTS.values()]
    assert all(bundle == loaded[0] for bundle in loaded)


def test_every_link_of_the_unusual_bundle_matches_folded(write_file: Write) -> None:
    bundle = _load(VARIANTS["lf"](UNUSUAL), write_file)
    paragraphs = {p.id: p.text for p in bundle.paragraphs}
    checked = 0
    for entry in (*bundle.actors, *bundle.events, *bundle.quotes):
        for link in entry.sources:
            if link.exact is not None:
                assert fold(paragraphs[link.paragraph][link.start : link.end]) == fold(link.exact)
                checked += 1
    assert checked == 10


# (old, new, anchor, header, entry, phrase): the problem is on the line of `anchor`, or with
# `header`, on the line of the [[table]] header above it (a missing key is placed there).
PLACED = [
    ('speaker = "critics"', 'speaker = "p2"', 'speaker = "p2"', False, "critics-say",
     "which is a paragraph"),
    ("x-confidence = 0.9", "x-confidence = 0.9\nconfidence = 1", "confidence = 1", False,
     "ana-ruiz", "unknown key `confidence`"),
    ('exact = "said"', 'exact = "Said"', 'exact = "Said"', False, "ana-ruiz",
     "does not occur in paragraph p1"),
    ('text = "a bridge\\nto  nowhere"', 'text = "a bridge to  somewhere"', "somewhere", False,
     "nowhere", "does not occur in paragraph p2"),
    ("[x-newsroom]\n", "[newsroom]\n", "[newsroom]", False, "newsroom",
     "unknown key `newsroom`"),
    ('id = "critics"\n', "", 'name = "Critics"', True, "actors[2]", "`id` is required"),
    ('paragraph = "p1"\nexact = "the mayor, Ana Ruiz"', 'exact = "the mayor, Ana Ruiz"',
     "x-confidence", True, "ana-ruiz", "`paragraph` is required"),
    ("paragraph = 'p1'\nexact = 'on Tuesday to approve the bridge.'",
     "paragraph = 'p1'\nexact = 'on Tuesday to approve the bridges.'", "the bridges.", False,
     "vote", "sources[1].exact 'on Tuesday to approve the bridges.' does not occur"),
    ('{ paragraph = "h1" },', '{ paragraph = "h1", page = 1 },', "page = 1", False, "council",
     "unknown key `page`"),
    ('x-desk.editor = "Sam"', 'x-desk.editor = "Sam"\ndesk.chief = "Sam"', "desk.chief",
     False, "vote", "unknown key `desk`"),
]  # fmt: skip


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom", "bom-crlf"])
@pytest.mark.parametrize(
    ("old", "new", "anchor", "header", "entry", "phrase"), PLACED, ids=[p[5] for p in PLACED]
)
def test_problems_are_placed_on_the_right_line_with_crlf_and_bom(
    variant: str,
    old: str,
    new: str,
    anchor: str,
    header: bool,
    entry: str,
    phrase: str,
    write_file: Write,
    run_cli: Run,
) -> None:
    assert UNUSUAL.count(old) == 1
    text = UNUSUAL.replace(old, new)
    position = text.rindex(anchor)
    assert text.index(anchor) == position
    if header:
        position = text.rindex("\n[[", 0, position) + 1
    line = text.count("\n", 0, position) + 1
    path = write_file(VARIANTS[variant](text))
    result = run_cli("check", path)
    assert result.code == 1
    assert any(
        out.startswith(f"{path}:{line}: {entry}: ") and phrase in out for out in result.lines
    ), (line, result.out)


def test_multi_line_inline_tables_place_keys_on_their_own_lines(write_file: Write) -> None:
    # TOML 1.1 (which the parser reads) lets inline tables span lines
    text = BASE.replace(
        'sources = [{ paragraph = "p1", exact = "voted 7-2 on Tuesday" }]',
        'sources = [{\n  paragraph = "p1",\n  exact = "voted 7-3 on Tuesday",\n}]',
    )
    assert text != BASE
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    line = text[: text.index('exact = "voted 7-3')].count("\n") + 1
    assert [(p.line, p.entry, p.code) for p in raised.value.problems] == [
        (line, "vote", "exact-not-found")
    ]


def test_dotted_and_quoted_keys_are_placed(write_file: Write) -> None:
    text = BASE.replace('[story]\nid = "bridge-vote"', '[story]\n"id" = "Bridge"').replace(
        'outlet = "The Example Gazette"', 'x-a.b = 1\nsub.title = "x"'
    )
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    lines = text.splitlines()
    assert [(p.line, p.entry, p.code) for p in raised.value.problems] == [
        (lines.index('"id" = "Bridge"') + 1, "story", "bad-id"),
        (lines.index('sub.title = "x"') + 1, "story", "unknown-key"),
    ]
