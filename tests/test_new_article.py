"""`baghouz-tui new`: an article becomes a bundle with every paragraph verbatim and in order.

Round trips: the Baghouz article as published (../shared/seeds/) against the paragraphs of
the shipped bundle, and a second article in Markdown and in HTML (tests/articles/).
"""


from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.authoring.article.reading import article_from_text, detect_format, read_article
from tui.model.content import shipped_bundle_path
from tui.model.load import load_bundle

Run = Callable[..., Any]
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_362635cfd61d35f6.txt"
ARTICLES = Path(__file__).resolve().parent / "articles"

HARBOUR = [
    ("heading", "Dock workers halt Port Ellery as wage talks stall"),
    ("standfirst", "Cranes idle and ships wait offshore after the union rejects a “final” offer"),
    ("caption", "Idle cranes at the container terminal on Wednesday."),
    ("credit", "Photograph: Ines Varga/Gazette"),
    ("body", "Dock workers at Port Ellery walked off the job on Wednesday, leaving fourteen "
             "ships waiting offshore after wage talks with the port authority stalled."),
    ("body", "“We have been patient for two years, and patience has not paid the rent,” said "
             "union secretary Tomas Brenner. “Every crane on this dock stays still until the "
             "authority comes back with a real number.”"),
    ("body", "The authority’s chief executive, Helena Sato, said the offer was the best the port "
             "could afford. “We cannot spend money we do not have,” she told reporters."),
    ("heading", "A dispute years in the making"),
    ("body", "The union last struck in 2016, and its members accepted a three-year deal two "
             "years later."),
    ("body", "“We will meet again on Friday,” Sato said, adding that a mediator had been asked "
             "to attend."),
    ("body", "“If they come with nothing,"),
    ("body", "“then nothing moves,” Brenner said."),
    ("body", "Shipping agents claimed the stoppage was costing the port a million a day. The "
             "authority declined to comment on that figure."),
    ("body", "Harbour pilots believe the backlog may take a week to clear, and 10 of 12 berths "
             "were empty on Thursday."),
]


@pytest.fixture(scope="module")
def seed() -> Path:
    if not SEED.is_file():
        pytest.fail(f"the Baghouz article is missing: {SEED} (../shared beside the repo)")
    return SEED


def test_the_baghouz_article_gives_the_shipped_paragraphs(seed: Path) -> None:
    article = read_article(seed)
    shipped, _ = load_bundle(shipped_bundle_path())
    assert [(b.kind, b.text) for b in article.blocks] == [
        (p.kind, p.text) for p in shipped.paragraphs
    ]
    assert article.format == "text"
    assert article.metadata.headline == shipped.story.headline
    assert article.metadata.standfirst == shipped.story.standfirst


def test_the_baghouz_debris_is_dropped_once_each(seed: Path) -> None:
    article = read_article(seed)
    dropped = [(d.reason, d.text[:30], d.after) for d in article.dropped]
    assert dropped == [
        ("repeats the paragraph before it", "Syrian Democratic Forces (SDF)", 4),
        ("repeats the paragraph before it", "Reported civilians fleeing the", 9),
        ("page debris", "READ MORE", 10),
    ]
    # every line of the article is a paragraph or is listed as left out: nothing silently lost
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = [b.text for b in article.blocks]
    for line in lines:
        assert line in kept or any(line == d.text for d in article.dropped) or any(
            line.startswith(text) for text in kept
        ), line


@pytest.mark.parametrize("name", ["harbour.md", "harbour.html"])
def test_the_second_article_in_markdown_and_html(name: str) -> None:
    article = read_article(ARTICLES / name)
    assert [(b.kind, b.text) for b in article.blocks] == HARBOUR
    meta = article.metadata
    assert meta.headline == HARBOUR[0][1]
    assert (meta.published, meta.byline, meta.outlet) == (
        "2023-06-09", "Maren Holt", "The Ellery Gazette"
    )
    assert meta.url == "https://gazette.example/news/port-ellery-strike"
    debris = {d.text for d in article.dropped}
    assert {"READ MORE", "Advertisement"} <= debris
    assert article.format == name.rsplit(".", 1)[1].replace("md", "markdown")


def test_the_format_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    html = (ARTICLES / "harbour.html").read_text(encoding="utf-8")
    disguised = tmp_path / "page.txt"
    disguised.write_text(html, encoding="utf-8")
    assert read_article(disguised).format == "html"
    markdown = (ARTICLES / "harbour.md").read_text(encoding="utf-8")
    assert detect_format(markdown, "") == "markdown"
    assert detect_format("Just a line.\n\nAnd another, with *one* star.\n", ".txt") == "text"


def test_kinds_guessed_from_the_text() -> None:
    text = (
        "Bridge vote passes\n\nCouncil backs the crossing 7-2\n\n"
        "The mayor at the vote. Photo: A. Smith/Agency\n\n"
        "The council voted on Tuesday.\n\nWhat next\n\nWork starts in May.\n\n"
        "Share on Facebook Twitter Email\n\nAdvertisement\n"
    )
    article = article_from_text(text, "t.txt")
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("heading", "Bridge vote passes"),
        ("standfirst", "Council backs the crossing 7-2"),
        ("caption", "The mayor at the vote."),
        ("credit", "Photo: A. Smith/Agency"),
        ("body", "The council voted on Tuesday."),
        ("heading", "What next"),
        ("body", "Work starts in May."),
    ]
    assert [d.reason for d in article.dropped] == ["page debris", "page debris"]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Headline here\n\nThe first paragraph was wrapped by an email program at seventy\n"
        "two columns, as plain text often is, and it is one paragraph all the\nsame.\n"
    )
    article = article_from_text(text, "t.txt")
    assert article.blocks[1].text == (
        "The first paragraph was wrapped by an email program at seventy two columns, as "
        "plain text often is, and it is one paragraph all the same."
    )


# --- the command ---------------------------------------------------------------------------


def test_new_writes_a_bundle_that_check_passes(run_cli: Run, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "baghouz.toml"
    result = run_cli("new", seed, "-o", out, "--published", "2019-02-13?", "--id", "baghouz")
    assert result.code == 0, result.err
    assert result.out == ""
    assert f"wrote {out}: 22 paragraphs" in result.err
    left_out = [line for line in result.err.splitlines() if line.startswith("left out")]
    assert len(left_out) == 3  # the two repeated captions and READ MORE
    check = run_cli("check", out)
    assert (check.code, check.out, check.err.strip()) == (0, "", f"{out}: ok")
    bundle, warnings = load_bundle(out)
    assert warnings == []
    assert (bundle.story.id, bundle.story.published) == ("baghouz", "2019-02-13?")
    shipped, _ = load_bundle(shipped_bundle_path())
    assert [(p.id, p.kind, p.text) for p in bundle.paragraphs] == [
        (p.id, p.kind, p.text) for p in shipped.paragraphs
    ]
    assert (bundle.actors, bundle.events, bundle.quotes) == ((), (), ())  # suggestions only


def test_new_takes_metadata_from_the_page(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "harbour.toml"
    assert run_cli("new", ARTICLES / "harbour.html", "-o", out).code == 0
    bundle, _ = load_bundle(out)
    story = bundle.story
    assert story.id == "dock-workers-halt-port-ellery-as-wage-talks-stall"
    assert (story.published, story.outlet, story.byline, story.language) == (
        "2023-06-09", "The Ellery Gazette", "Maren Holt", "en-GB"
    )
    # --published and --id override the page
    run_cli("new", ARTICLES / "harbour.html", "-o", out, "--force", "--published", "2023-06",
            "--id", "strike")
    bundle, _ = load_bundle(out)
    assert (bundle.story.id, bundle.story.published) == ("strike", "2023-06")


def test_new_defaults_to_the_article_name_beside_it(run_cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "story.md"
    article.write_bytes((ARTICLES / "harbour.md").read_bytes())
    assert run_cli("new", article).code == 0
    assert (tmp_path / "story.toml").is_file()


def test_new_refuses_to_overwrite_without_force(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "story.toml"
    out.write_text("my edits\n", encoding="utf-8")
    result = run_cli("new", ARTICLES / "harbour.md", "-o", out)
    assert result.code == 1
    assert result.err.strip() == f"baghouz-tui new: {out} exists; use --force to replace it"
    assert out.read_text(encoding="utf-8") == "my edits\n"
    assert run_cli("new", ARTICLES / "harbour.md", "-o", out, "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith("# Story bundle made by")


def test_new_never_writes_through_a_symlink(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.toml"
    target.write_text("someone else's\n", encoding="utf-8")
    link = tmp_path / "story.toml"
    link.symlink_to(target)
    result = run_cli("new", ARTICLES / "harbour.md", "-o", link, "--force")
    assert result.code == 1
    assert "symbolic link" in result.err
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert link.is_symlink()


def test_new_refuses_to_replace_the_article_itself(run_cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "story.toml"
    article.write_bytes((ARTICLES / "harbour.md").read_bytes())
    before = article.read_bytes()
    result = run_cli("new", article, "--force")
    assert result.code == 1 and "the article itself" in result.err
    assert article.read_bytes() == before


def test_new_to_stdout(run_cli: Run) -> None:
    result = run_cli("new", ARTICLES / "harbour.md", "-o", "-")
    assert result.code == 0
    assert result.out.startswith("# Story bundle made by")
    assert 'id = "p14"' in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "2023-02-30"], "--published '2023-02-30'"),
        (["--published", "last week"], "--published 'last week'"),
        (["--id", "Not A Slug"], "--id 'Not A Slug'"),
    ],
)
def test_bad_options_are_usage_errors(
    run_cli: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "x.toml"
    result = run_cli("new", ARTICLES / "harbour.md", "-o", out, *args)
    assert result.code == 2
    assert result.err.startswith(f"baghouz-tui new: {message}")
    assert not out.exists()


def test_new_with_suggest_prints_them(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "h.toml"
    result = run_cli("new", ARTICLES / "harbour.md", "-o", out, "--suggest")
    assert result.code == 0
    assert "quote/direct" in result.out and "Tomas Brenner" in result.out
    assert f"review them: baghouz-tui suggest {out}" in result.err
    assert os.path.getsize(out) > 0


def test_a_file_that_appears_meanwhile_is_not_replaced(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.commands.new as new

    out = tmp_path / "story.toml"
    out.write_text("another editor's story\n", encoding="utf-8")
    # as if it was created after new looked: the refusal found nothing
    monkeypatch.setattr(new, "_refusal", lambda *args: None)
    result = run_cli("new", ARTICLES / "harbour.md", "-o", out)
    assert result.code == 1 and "appeared meanwhile" in result.err
    assert out.read_text(encoding="utf-8") == "another editor's story\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.toml"]  # no temporary left


async def test_the_app_opens_the_new_story(run_cli: Run, tmp_path: Path) -> None:
    from tui.app import BaghouzApp

    out = tmp_path / "harbour.toml"
    assert run_cli("new", ARTICLES / "harbour.html", "-o", out).code == 0
    bundle, _ = load_bundle(out)
    app = BaghouzApp(bundle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4", "G")  # the article pane, at its last paragraph
        article = app.screen.query_one("#article")
        assert article.paragraph.id == f"p{len(HARBOUR)}"  # type: ignore[attr-defined]
        assert article.paragraph.text == HARBOUR[-1][1]  # type: ignore[attr-defined]
