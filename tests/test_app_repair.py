"""Repair mode: a story whose text was corrected under its links opens with a banner, the
re-anchored words marked until accepted, a repairs view (`O`) that accepts them (`a`, `A`),
and `R` re-attaching an orphan to the selected words; every fix saved through the writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import FIXTURES, isolated_review, screen_lines  # noqa: F401  (autouse fixture)

from tui.app import BaghouzApp
from tui.cli import main as cli_main
from tui.model.load import load_bundle, load_repairable
from tui.model.problems import BundleError
from tui.screens.main_screen import MainScreen
from tui.screens.repairs_screen import RepairsScreen
from tui.widgets.article_view import ArticleView

SIZE = (120, 40)
# A typo fixed under two links (re-anchored), a clause that held a quote's words reworded
# beyond recognition (an orphan).
CORRECTIONS = [
    ("Okafor first organised the crews around 2018",
     "Okafor first organized the crews around 2018"),
    ("The authority said the timetable would be cut to two crossings a day",
     "Two crossings a day will run, the operator announced"),
]


def corrected(tmp_path: Path) -> Path:
    path = tmp_path / "second.toml"
    shutil.copyfile(FIXTURES / "second.toml", path)
    text = path.read_text()
    for old, new in CORRECTIONS:
        # The paragraph's text only: the links still say the old words.
        text = text.replace(f'text = "{old}', f'text = "{new}', 1)
    path.write_text(text)
    return path


def repair_app(path: Path, **options: object) -> BaghouzApp:
    repairable = load_repairable(path)
    return BaghouzApp(repairable.bundle, warnings=repairable.warnings,
                      repairs=repairable.repairs, **options)  # type: ignore[arg-type]


async def settle(pilot: object) -> None:
    for _ in range(4):
        await pilot.pause()  # type: ignore[attr-defined]


def test_the_corrected_story_fails_check_but_is_repairable(tmp_path: Path) -> None:
    path = corrected(tmp_path)
    with pytest.raises(BundleError):
        load_bundle(path)
    repairs = load_repairable(path).repairs
    assert any(r.fixable for r in repairs) and any(not r.fixable for r in repairs)


async def test_repair_mode_shows_a_banner_and_marks_the_reanchored_words(
    tmp_path: Path,
) -> None:
    app = repair_app(corrected(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        banner = str(app.screen.query_one("#repair-banner").render())
        fixable = sum(1 for r in app.repairs if r.fixable)
        assert f"{fixable} links re-anchored" in banner
        assert "1 orphan" in banner
        article = app.screen.query_one(ArticleView)
        assert "p4" in article.reanchored
        start, end = article.reanchored["p4"][0]
        p4 = next(p for p in app.bundle.paragraphs if p.id == "p4")
        assert "organized" in p4.text[start:end]
        await pilot.press("4")
        article.show_paragraph("p4")
        await settle(pilot)


async def test_accepting_all_reanchors_saves_them_and_leaves_the_orphan(tmp_path: Path) -> None:
    path = corrected(tmp_path)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        assert isinstance(app.screen, RepairsScreen)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [r.fixable for r in app.repairs] == [False]  # the orphan waits
    text = path.read_text()
    assert 'exact = "first organized the crews around 2018"' in text
    assert len(load_repairable(path).repairs) == 1


async def test_R_reattaches_the_orphan_to_the_selected_words(tmp_path: Path) -> None:
    path = corrected(tmp_path)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        screen = app.screen
        assert isinstance(screen, RepairsScreen)
        orphan = next(i for i, r in enumerate(app.repairs) if not r.fixable)
        for _ in range(orphan):
            await pilot.press("down")
        await pilot.press("a")  # an orphan has nothing to accept: the view stays
        assert app.screen is screen
        await pilot.press("enter")  # to its entry
        await settle(pilot)
        entry = app.screen.query_one("#detail").entry  # type: ignore[attr-defined]
        assert entry is not None and entry.id == app.repairs[orphan].entry
        # Its paragraph lights none of its words: the heading says why.
        where = f"¶ {entry.sources[0].paragraph} "
        heading = next(line for line in screen_lines(app) if where in line)
        assert "· link orphaned ·" in heading, heading
        await pilot.press("slash", *"Two crossings a day will run", "enter")
        await settle(pilot)
        article = app.screen.query_one(ArticleView)
        for _ in range(10):
            if app.screen.focused is article:
                break
            await pilot.press("n")
        assert article.selection() is not None
        await pilot.press("R")
        await settle(pilot)
        assert not [r for r in app.repairs if not r.fixable]  # no orphan left
    assert 'exact = "Two crossings a day will run"' in path.read_text()


async def test_a_mark_on_a_reanchored_entry_shows_stale(tmp_path: Path) -> None:
    path = tmp_path / "second.toml"
    shutil.copyfile(FIXTURES / "second.toml", path)
    bundle, _ = load_bundle(path)
    app = BaghouzApp(bundle, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "v")  # crews-organised: its link is the one the typo moves
        await settle(pilot)
        assert app.review.mark_of("crews-organised") is not None
    path.write_text(path.read_text().replace(*CORRECTIONS[0], 1))
    app = repair_app(path, reviewer="ada")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry = next(e for e in app.bundle.events if e.id == "crews-organised")
        assert app.review.is_stale(entry)


def test_the_cli_opens_a_repairable_story_and_refuses_any_other_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened: list[int] = []
    monkeypatch.setattr("tui.app.run_app", lambda bundle, **kw: opened.append(len(kw["repairs"]))
                        or 0)
    assert cli_main([str(corrected(tmp_path))]) == 0
    assert opened and opened[0] >= 2
    broken = tmp_path / "broken.toml"
    broken.write_text(corrected(tmp_path).read_text().replace('kind = "person"',
                                                              'kind = "nobody"', 1))
    assert cli_main([str(broken)]) == 1
    assert "nobody" in capsys.readouterr().err


async def test_at_80_columns_the_key_bar_offers_the_repair_keys_first(tmp_path: Path) -> None:
    """Cut to 80 columns, the bar dropped `O` and `R`, the keys repair mode is for."""
    app = repair_app(corrected(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert " O Repairs " in screen_lines(app)[-1]
        await pilot.press("shift+right", "shift+right")
        await settle(pilot)
        assert app.screen.query_one(ArticleView).selection() is not None
        bar = screen_lines(app)[-1]
        assert " O Repairs " in bar and " R Re-attach " in bar, bar
