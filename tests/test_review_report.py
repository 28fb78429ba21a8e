"""Review reports: what needs action first, every verdict and note, JSON that follows its
schema, Markdown that makes no markup from data, no control characters, read-only."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_review_helpers import STORY_ID, make_bundle

from tui.model.entities import Bundle, Event
from tui.review import Mark, ReviewSession, render_report

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = (
    "Evil \x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J \u202egnp.exe\u202c \u2066x\u2069 \x00 \x7f"
)
SCHEMA = Path(__file__).resolve().parents[1] / "tui" / "review" / "report.schema.json"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "story.review.jsonl"


@pytest.fixture
def session(path: Path) -> ReviewSession:
    return ReviewSession.open(path, STORY_ID, reviewer="alice")


def reviewed(session: ReviewSession, bundle: Bundle, path: Path) -> Bundle:
    """alice: e1 verified with a note, e2 disputed, q1 needs-fix; bob: e1 disputed."""
    e1, e2, _ = bundle.events
    session.set_mark(e1, Mark.VERIFIED)
    session.set_note(e1, "Matches the AP wire")
    session.set_mark(e2, Mark.DISPUTED)
    session.set_mark(bundle.quotes[0], Mark.NEEDS_FIX)
    bob = ReviewSession.open(path, STORY_ID, reviewer="bob")
    bob.set_mark(e1, Mark.DISPUTED)
    bob.set_note(e1, "Wrong day")
    session.refresh()
    return bundle


def validate(doc: object) -> None:
    from tui.review.report import report_schema

    jsonschema = pytest.importorskip("jsonschema")
    schema = report_schema()  # as an installed package finds it
    assert schema == json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_the_json_report_follows_its_schema(session: ReviewSession, path: Path) -> None:
    bundle = reviewed(session, make_bundle(), path)
    doc = json.loads(render_report(bundle, session, "json"))
    validate(doc)
    jsonschema = pytest.importorskip("jsonschema")
    broken = json.loads(json.dumps(doc))
    broken["entries"][0]["verdicts"][0]["mark"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_the_json_report_leads_with_what_needs_action(session: ReviewSession, path: Path) -> None:
    bundle = reviewed(session, make_bundle(), path)
    doc = json.loads(render_report(bundle, session, "json"))
    assert doc["story"] == {"id": STORY_ID, "headline": "Last stand at Baghouz",
                            "bundle": "/nonexistent/story.toml"}
    assert doc["progress"]["reviewed"] == 3 and doc["progress"]["disagreed"] == 1
    rows = doc["entries"]
    assert [(r["id"], r["status"], r["open"]) for r in rows] == [
        ("e1", "disputed", True), ("e2", "disputed", True), ("q1", "needs-fix", True),
        ("e3", "unreviewed", False), ("a1", "unreviewed", False), ("a2", "unreviewed", False),
    ]
    e1 = rows[0]
    assert e1["disagreed"] is True and e1["stale"] is False
    assert [(v["reviewer"], v["mark"]) for v in e1["verdicts"]] == [
        ("alice", "verified"), ("bob", "disputed")
    ]
    assert [(n["author"], n["text"]) for n in e1["notes"]] == [
        ("alice", "Matches the AP wire"), ("bob", "Wrong day")
    ]
    assert [h["action"] for h in e1["history"]] == ["mark", "note", "mark", "note"]
    assert (e1["date"], e1["when"], e1["summary"]) == (None, "2019-03-23", None)
    assert e1["sources"] == [{"paragraph": "p1", "exact": "surrendered", "text": "surrendered"}]
    e2 = rows[1]
    assert e2["sources"] == [{"paragraph": "p2", "exact": None,
                              "text": "The SDF announced the end of the territorial caliphate."}]
    assert rows[3]["verdicts"] == [] and rows[3]["history"] == []


def test_only_keeps_the_states_asked_for(session: ReviewSession, path: Path) -> None:
    bundle = reviewed(session, make_bundle(), path)
    e3 = bundle.events[2]
    session.set_mark(e3, Mark.VERIFIED)
    edited = make_bundle(events=(*bundle.events[:2], e3._replace(title="Changed")))

    def ids(*only: str) -> list[str]:
        doc = json.loads(render_report(edited, session, "json", only=list(only)))
        validate(doc)
        return [row["id"] for row in doc["entries"]]

    assert ids("disagreed") == ["e1"]
    assert ids("disputed") == ["e1", "e2"]
    assert ids("needs-fix") == ["q1"]
    assert ids("stale") == ["e3"]
    assert ids("disputed", "stale") == ["e1", "e2", "e3"]
    assert ids("unreviewed") == ["a1", "a2"]
    with pytest.raises(ValueError):
        render_report(edited, session, "json", only=["bogus"])
    text = render_report(edited, session, "markdown", only=["stale"])
    assert "### Event: Siege begins" not in text and "### Event: Changed" in text
    assert "Only: stale" in text


def test_the_json_report_has_no_control_characters_but_keeps_the_data(
    session: ReviewSession,
) -> None:
    bundle = nasty_bundle()
    session.set_mark(bundle.events[3], Mark.DISPUTED)
    session.set_note(bundle.events[3], f"note {NASTY}")
    text = render_report(bundle, session, "json")
    assert UNSAFE.findall(text.replace("\n", "")) == []
    doc = json.loads(text)
    row = next(r for r in doc["entries"] if r["id"] == "e9")
    assert row["label"] == f"Title {NASTY}"  # escaped as \uXXXX, not altered
    assert row["notes"][0]["text"].startswith("note Evil ␛[31mred")  # stored inert


def test_markdown_report_content(session: ReviewSession, path: Path) -> None:
    bundle = reviewed(session, make_bundle(), path)
    text = render_report(bundle, session, "markdown")
    lines = text.splitlines()
    assert lines[0] == "# Review: Last stand at Baghouz"
    assert "Progress: 3/6 reviewed, 2 disputed, 1 needs-fix, 1 disagreed" in lines
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Review: Last stand at Baghouz",
        "## Open (3)",
        "### Event: Surrender at Baghouz",
        "### Event: Caliphate declared over",
        "### Quote: the end of the territorial caliphate",
        "## Verified (0)",
        "## Not reviewed (3)",
        "### Event: Siege begins",
        "### Actor: Syrian Democratic Forces",
        "### Actor: Fighters",
    ]
    e1 = text[text.index("### Event: Surrender") : text.index("### Event: Caliphate")]
    assert "- Status: **disputed** · 2 reviewers disagree" in e1
    assert re.search(r"- Verdict: alice: \*\*verified\*\*, \d{4}-\d\d-\d\d \d\d:\d\d UTC", e1)
    assert "- Verdict: bob: **disputed**" in e1
    assert "- Note by alice" in e1 and ": Matches the AP wire" in e1
    assert "- Note by bob" in e1 and ": Wrong day" in e1
    assert "- Date: undated · When: 2019-03-23" in e1
    assert "- Source ¶ p1: “surrendered”" in e1
    e3 = text[text.index("### Event: Siege") : text.index("### Actor: Syrian")]
    assert "- Status: not reviewed" in e3 and "Verdict" not in e3


def test_markdown_report_shows_stale_and_orphaned(session: ReviewSession, path: Path) -> None:
    bundle = reviewed(session, make_bundle(), path)
    e1 = bundle.events[0]._replace(title="Changed title")
    edited = make_bundle(events=(e1, bundle.events[2]))  # e2 removed
    text = render_report(edited, session, "markdown")
    assert "stale: the entry changed after it was reviewed" in text
    assert "(given to an earlier version)" in text
    assert "## Reviews of entries no longer in the bundle (1)" in text
    orphan = text[text.index("## Reviews of entries no longer"):]
    assert "### e2" in orphan and "- Verdict: alice: **disputed**" in orphan


def nasty_bundle() -> Bundle:
    bundle = make_bundle(headline=f"Headline {NASTY}")
    event = Event("e9", f"Title {NASTY}", "2019", bundle.events[0].sources, 3)
    return make_bundle(headline=f"Headline {NASTY}", events=(*bundle.events, event))


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
    assert levels == ["h1", "h2", "h3", "h2", "h2", "h3"]
    # status and verdict
    assert [t for t in flat if t.type == "strong_open"].__len__() == 2
    # Escaping is lossless: the rendered text is the original (whitespace collapsed).
    inline = " ".join(t.content for t in flat if t.type == "text")
    assert " ".join(payload.split()) in inline


def test_markdown_has_no_control_characters(session: ReviewSession) -> None:
    bundle = nasty_bundle()
    session.set_mark(bundle.events[3], Mark.DISPUTED)
    session.set_note(bundle.events[3], f"note {NASTY}\n# not a heading")
    text = render_report(bundle, session, "markdown")
    assert UNSAFE.findall(text.replace("\n", "")) == []
    # Each shown as the app and the exports show it: ESC as ␛, BEL as ␇, NUL as ␀, DEL as
    # ␡, a C1 control and a bidi override as U+FFFD.
    assert r"Evil ␛\[31mred␛\[0m ␛\]0;title␇ �2J �gnp.exe�" in text  # ([ and ] escaped)
    assert "\u2400 \u2421" in text
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
    rows = json.loads(report_for_path(bundle_path, "json"))["entries"]
    assert rows and all(row["verdicts"] == [] for row in rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baghouz.toml"]  # nothing created

    bundle, _ = load_bundle(bundle_path)
    first = bundle.events[0]
    ReviewSession.for_bundle(bundle, reviewer="ed").set_mark(first, Mark.DISPUTED)
    assert (tmp_path / "baghouz.review.jsonl").is_file()
    rows = json.loads(report_for_path(bundle_path, "json"))["entries"]
    assert (rows[0]["id"], rows[0]["verdicts"][0]["mark"], rows[0]["verdicts"][0]["reviewer"]) == (
        first.id, "disputed", "ed"
    )
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
    rows = json.loads(report_for_path(bundle_path, "json", shipped=True))["entries"]
    assert [row["status"] for row in rows if row["id"] == bundle.actors[0].id] == ["verified"]
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
    note_item = next(t for t in flat if t.type == "inline" and t.content.startswith("Note by"))
    children = note_item.children or []
    texts = [c.content for c in children if c.type == "text"]
    assert re.fullmatch(r"Note by alice, .* UTC, edited 2 times: Checked with the desk\.", texts[0])
    assert texts[1:] == [
        "- not a list",
        "2. nor this",
        "===",
        "+ plus",
        "last line",
    ]
    assert [c.type for c in children].count("hardbreak") == 5


def test_a_rename_is_in_the_log_the_history_and_the_json_report(
    session: ReviewSession, path: Path
) -> None:
    """An edit gave e1 a new id: the log says so in a line of its own, a fresh reader
    finds the review under the new id, and the report's history has the rename."""
    bundle = reviewed(session, make_bundle(), path)
    e1 = bundle.events[0]
    renamed = e1._replace(id="e1-new")
    session.rename(e1.id, renamed)
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert (line["op"], line["entry"], line["to"], line["reviewer"]) == (
        "rename", "e1", "e1-new", "alice"
    )
    after = bundle._replace(events=(renamed, *bundle.events[1:]))
    fresh = ReviewSession.open(path, STORY_ID, reviewer="carol", read_only=True)
    assert fresh.state.get("e1") is None
    review = fresh.entry_review(renamed)
    assert {v.reviewer for v in review.verdicts} == {"alice", "bob"}
    assert fresh.progress(after).orphaned == 0
    doc = json.loads(render_report(after, fresh, "json"))
    validate(doc)
    entry = next(e for e in doc["entries"] if e["id"] == "e1-new")
    last = entry["history"][-1]
    assert (last["action"], last["entry"], last["to"]) == ("rename", "e1", "e1-new")
