"""Review reports: JSON shape, Markdown structure and escaping, no control characters."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_review_helpers import STORY_ID, make_bundle

from tui.model.entities import Bundle, Event
from tui.review import Mark, ReviewSession, render_report
from tui.review.marks import parse_time

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = (
    "Evil \x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J \u202egnp.exe\u202c \u2066x\u2069 \x00 \x7f"
)


@pytest.fixture
def session(tmp_path: Path) -> ReviewSession:
    return ReviewSession.open(tmp_path / "story.review.json", STORY_ID, reviewer="alice")


def reviewed(session: ReviewSession, bundle: Bundle) -> Bundle:
    e1, e2, _ = bundle.events
    session.set_mark(e1, Mark.VERIFIED)
    session.set_note(e1, "Matches the AP wire")
    session.set_mark(e2, Mark.DISPUTED)
    session.set_mark(bundle.quotes[0], Mark.NEEDS_FIX)
    return bundle


def test_json_report_shape(session: ReviewSession) -> None:
    bundle = reviewed(session, make_bundle())
    rows: list[dict[str, Any]] = json.loads(render_report(bundle, session, "json"))
    assert [(r["id"], r["type"]) for r in rows] == [
        ("e1", "event"),
        ("e2", "event"),
        ("e3", "event"),
        ("a1", "actor"),
        ("a2", "actor"),
        ("q1", "quote"),
    ]
    keys = {"id", "type", "label", "mark", "note", "reviewer", "at", "stale", "sources"}
    assert all(keys <= row.keys() for row in rows)

    e1, e2, e3, a1, _a2, q1 = rows
    assert e1["label"] == "Surrender at Baghouz"
    assert (e1["mark"], e1["note"], e1["reviewer"], e1["stale"]) == (
        "verified",
        "Matches the AP wire",
        "alice",
        False,
    )
    assert parse_time(e1["at"]) == session.records["e1"].at
    assert e1["sources"] == [{"paragraph": "p1", "exact": "surrendered", "text": "surrendered"}]
    # No `exact`: the linked text is the whole paragraph.
    assert e2["sources"] == [
        {
            "paragraph": "p2",
            "exact": None,
            "text": "The SDF announced the end of the territorial caliphate.",
        }
    ]
    assert e2["mark"] == "disputed" and e2["note"] is None
    assert (e3["mark"], e3["note"], e3["reviewer"], e3["at"], e3["stale"]) == (
        None,
        None,
        None,
        None,
        False,
    )
    assert a1["label"] == "Syrian Democratic Forces"
    assert q1["label"] == "the end of the territorial caliphate" and q1["mark"] == "needs-fix"


def test_json_report_marks_stale_entries(session: ReviewSession) -> None:
    bundle = reviewed(session, make_bundle())
    e1 = bundle.events[0]._replace(title="Surrender at Baghouz camp")
    edited = make_bundle(events=(e1, *bundle.events[1:]))
    rows = json.loads(render_report(edited, session, "json"))
    assert [r["id"] for r in rows if r["stale"]] == ["e1"]
    assert rows[0]["mark"] == "verified"


def nasty_bundle() -> Bundle:
    bundle = make_bundle(headline=f"Headline {NASTY}")
    event = Event("e9", f"Title {NASTY}", "2019", bundle.events[0].sources, 3)
    return make_bundle(headline=f"Headline {NASTY}", events=(*bundle.events, event))


def test_json_report_has_no_control_characters_but_keeps_the_data(
    session: ReviewSession,
) -> None:
    bundle = nasty_bundle()
    session.set_mark(bundle.events[3], Mark.DISPUTED)
    session.set_note(bundle.events[3], f"note {NASTY}")
    text = render_report(bundle, session, "json")
    assert UNSAFE.findall(text.replace("\n", "")) == []
    rows = json.loads(text)
    assert rows[3]["label"] == f"Title {NASTY}"  # escaped as \uXXXX, not altered
    assert rows[3]["note"] == f"note {NASTY}"


def test_markdown_report_content(session: ReviewSession) -> None:
    bundle = reviewed(session, make_bundle())
    text = render_report(bundle, session, "markdown")
    lines = text.splitlines()
    assert lines[0] == "# Review: Last stand at Baghouz"
    assert "Progress: 3/6 reviewed, 1 disputed, 1 needs-fix" in lines
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Review: Last stand at Baghouz",
        "## Events (3)",
        "### Surrender at Baghouz",
        "### Caliphate declared over",
        "### Siege begins",
        "## Actors (2)",
        "### Syrian Democratic Forces",
        "### Fighters",
        "## Quotes (1)",
        "### the end of the territorial caliphate",
    ]
    e1 = text[text.index("### Surrender") : text.index("### Caliphate")]
    assert "- Mark: **verified**" in e1
    assert "- Note: Matches the AP wire" in e1
    assert f"- By: alice at {session.records['e1'].at_text}" in e1
    assert "- Source p1: “surrendered”" in e1
    e2 = text[text.index("### Caliphate") : text.index("### Siege")]
    assert "“The SDF announced the end of the territorial caliphate.”" in e2
    e3 = text[text.index("### Siege") : text.index("## Actors")]
    assert "- Mark: not reviewed" in e3 and "By:" not in e3


def test_markdown_report_shows_stale_and_orphaned(session: ReviewSession) -> None:
    bundle = reviewed(session, make_bundle())
    e1 = bundle.events[0]._replace(title="Changed title")
    edited = make_bundle(events=(e1, bundle.events[2]))  # e2 removed
    text = render_report(edited, session, "markdown")
    assert "- Mark: **verified** (stale: the entry changed after it was marked)" in text
    assert "## Marks for entries no longer in the bundle (1)" in text
    assert "- e2 (event): disputed" in text


INJECTIONS = [
    "# Fake heading",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<https://evil.example>",
    "*bold* _em_ `code` ~~gone~~",
    "a | b | c",
    "&lt;b&gt; entity",
    "line one\n# second line heading\n> quote\n- item\n1. item\n```\nfence",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_markdown_escapes_bundle_text_and_notes(session: ReviewSession, payload: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    base = make_bundle()
    event = base.events[0]._replace(title=payload)
    bundle = make_bundle(
        headline=payload,
        events=(event,),
        actors=(base.actors[0]._replace(name=payload),),
        quotes=(),
    )
    session.set_mark(event, Mark.DISPUTED)
    session.set_note(event, payload)
    text = render_report(bundle, session, "markdown")

    tokens = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    parsed = tokens.parse(text)
    flat = [t for tok in parsed for t in [tok, *(tok.children or [])]]
    kinds = {t.type for t in flat}
    for bad in ("link_open", "image", "html_inline", "html_block", "code_inline", "em_open"):
        assert bad not in kinds, f"{bad} produced by {payload!r}"
    assert "fence" not in kinds and "code_block" not in kinds and "blockquote_open" not in kinds
    assert "table_open" not in kinds and "s_open" not in kinds
    # Only the report's own headings and bold marks.
    levels = [t.tag for t in flat if t.type == "heading_open"]
    assert levels == ["h1", "h2", "h3", "h2", "h3", "h2"]
    assert [t for t in flat if t.type == "strong_open"].__len__() == 1
    # Escaping is lossless: the rendered text is the original (whitespace collapsed).
    inline = " ".join(t.content for t in flat if t.type == "text")
    assert " ".join(payload.split()) in inline


def test_markdown_has_no_control_characters(session: ReviewSession) -> None:
    bundle = nasty_bundle()
    session.set_mark(bundle.events[3], Mark.DISPUTED)
    session.set_note(bundle.events[3], f"note {NASTY}\n# not a heading")
    text = render_report(bundle, session, "markdown")
    assert UNSAFE.findall(text.replace("\n", "")) == []
    assert "\ufffd" in text
    assert "# not a heading" not in text.splitlines()


def test_unknown_format(session: ReviewSession) -> None:
    with pytest.raises(ValueError, match="markdown"):
        render_report(make_bundle(), session, "html")


SHIPPED = Path(__file__).resolve().parents[1] / "content" / "baghouz.toml"


@pytest.mark.skipif(not SHIPPED.is_file(), reason="no shipped bundle in this checkout")
def test_report_for_path_reads_the_review_beside_the_bundle(tmp_path: Path) -> None:
    from tui.model.load import load_bundle
    from tui.review import report_for_path

    bundle_path = tmp_path / "baghouz.toml"
    bundle_path.write_bytes(SHIPPED.read_bytes())
    rows = json.loads(report_for_path(bundle_path, "json"))
    assert rows and all(row["mark"] is None for row in rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baghouz.toml"]  # nothing created

    bundle, _ = load_bundle(bundle_path)
    first = bundle.events[0]
    ReviewSession.for_bundle(bundle, reviewer="ed").set_mark(first, Mark.DISPUTED)
    assert (tmp_path / "baghouz.review.json").is_file()
    rows = json.loads(report_for_path(bundle_path, "json"))
    assert (rows[0]["id"], rows[0]["mark"], rows[0]["reviewer"]) == (first.id, "disputed", "ed")
    text = report_for_path(bundle_path, "markdown")
    assert "1/" in text and "reviewed, 1 disputed" in text


@pytest.mark.skipif(not SHIPPED.is_file(), reason="no shipped bundle in this checkout")
def test_report_for_shipped_bundle_uses_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.model.load import load_bundle
    from tui.review import report_for_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    bundle_path = tmp_path / "pkg" / "baghouz.toml"
    bundle_path.parent.mkdir()
    bundle_path.write_bytes(SHIPPED.read_bytes())
    bundle, _ = load_bundle(bundle_path)
    session = ReviewSession.for_bundle(bundle, prefer_beside=False, reviewer="ed")
    session.set_mark(bundle.actors[0], Mark.VERIFIED)
    rows = json.loads(report_for_path(bundle_path, "json", shipped=True))
    assert [row["mark"] for row in rows if row["id"] == bundle.actors[0].id] == ["verified"]
    assert sorted(p.name for p in bundle_path.parent.iterdir()) == ["baghouz.toml"]
    with pytest.raises(ValueError):
        report_for_path(bundle_path, "html")


def test_markdown_keeps_a_notes_line_breaks_without_making_markup(session: ReviewSession) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    bundle = make_bundle()
    event = bundle.events[0]

    def tokens(note: str) -> list[Any]:
        session.set_note(event, note)
        parsed = markdown_it.MarkdownIt("commonmark").parse(
            render_report(bundle, session, "markdown")
        )
        return [t for tok in parsed for t in [tok, *(tok.children or [])]]

    def blocks(flat: list[Any]) -> list[str]:
        return [t.type for t in flat if t.block and t.type != "inline"]

    one_line = tokens("Checked with the desk.")
    crlf = tokens("Checked with\r\nthe desk.")
    assert "\ufffd" not in "".join(t.content for t in crlf if t.type == "text")
    flat = tokens("Checked with the desk.\n\n- not a list\n2. nor this\n===\n+ plus\nlast line")
    # the same blocks as a one-line note: no nested list, no heading, the item not ended early
    assert blocks(flat) == blocks(one_line)
    note_item = next(t for t in flat if t.type == "inline" and t.content.startswith("Note: "))
    children = note_item.children or []
    assert [c.content for c in children if c.type == "text"] == [
        "Note: Checked with the desk.",
        "- not a list",
        "2. nor this",
        "===",
        "+ plus",
        "last line",
    ]
    assert [c.type for c in children].count("hardbreak") == 5
