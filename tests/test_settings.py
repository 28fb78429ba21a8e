"""The settings file: read at start (theme, reviewer, ASCII, keys by binding id), a bad
one reported clearly and never overwritten, the palette's theme kept in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401  (isolated_review is an autouse fixture)
    isolated_review,
    load,
    open_app,
)

from tui.app import BaghouzApp
from tui.settings.file import Settings, SettingsNotSaved, read_settings, save_setting
from tui.settings.paths import settings_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- reading ------------------------------------------------------------------------------


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    settings = read_settings(tmp_path / "none.toml")
    assert (settings.theme, settings.reviewer, settings.ascii, dict(settings.keys)) == (
        None, None, False, {}
    )
    assert settings.problems == ()


def test_the_settings_folder_is_the_xdg_one(tmp_path: Path) -> None:
    # conftest points XDG_CONFIG_HOME into tmp_path for every test
    assert settings_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "baghouz-tui/settings.toml"


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", '''
# mine
theme = "light"
reviewer = " Ana Ruiz "
ascii = true

[keys]
"review.mark-verified" = "V"
"search.hits" = "ctrl+h,H"
''')
    settings = read_settings(path)
    assert settings.theme == "light"
    assert settings.reviewer == "Ana Ruiz"
    assert settings.ascii is True
    assert dict(settings.keys) == {"review.mark-verified": "V", "search.hits": "ctrl+h,H"}
    assert settings.problems == ()


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('theme = "light"\nreviewer = \n', 2, "not valid TOML"),
        ("theme = 3\n", 1, "`theme` must be a non-empty string"),
        ('reviewer = "Ana"\nascii = "yes"\n', 2, "`ascii` must be true or false"),
        ("colour = \"red\"\n", 1, "unknown setting `colour`"),
        ("keys = 3\n", 1, "`keys` must be a table"),
        ("[keys]\n\"review.undo\" = \"\"\n", 2, "[keys] `review.undo` must be a key"),
        ("[keys]\n\n\"review.undo\" = \"ctrl + u\"\n", 3, "[keys] `review.undo` must be a key"),
    ],
)
def test_a_bad_setting_is_named_with_the_file_and_line_and_left_at_its_default(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    settings = read_settings(write(tmp_path / "s.toml", "# mine\n\n" + text))
    assert len(settings.problems) == 1, settings.problems
    assert says in settings.problems[0]
    # The line of the setting's key (two lines of the file come before the text).
    where = f"{tmp_path / 's.toml'}:{line + 2}: "
    assert settings.problems[0].startswith(where), settings.problems[0]


def test_a_binding_given_the_apps_own_key_is_refused_unless_that_one_moves(
    tmp_path: Path,
) -> None:
    """`"review.mark-verified" = "q"` took q over: q marked verified and nothing said so."""
    path = write(tmp_path / "s.toml", '[keys]\n"review.mark-verified" = "q"\n')
    app = BaghouzApp(load("second", tmp_path), settings=read_settings(path))
    notes = app._notes_at_start
    assert any(n.startswith(f"{path}:2: [keys] `review.mark-verified` = 'q' takes 'q' from "
                            "`app.quit`: remap that one too; ignored") for n in notes), notes
    moved = write(tmp_path / "t.toml",
                  '[keys]\n"review.mark-verified" = "q"\n"app.quit" = "Q"\n')
    app = BaghouzApp(load("second", tmp_path), settings=read_settings(moved))
    assert not any("takes" in n for n in app._notes_at_start), app._notes_at_start


def test_a_key_s_controls_are_shown_inert_in_the_message(tmp_path: Path) -> None:
    settings = read_settings(write(tmp_path / "s.toml", '"x\\u001b[2J" = 1\n'))
    assert len(settings.problems) == 1 and "\x1b" not in settings.problems[0]
    assert "x␛[2J" in settings.problems[0]


def test_a_file_that_is_not_utf8_or_not_a_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b'theme = "light"\nreviewer = "\xff"\n')
    problems = read_settings(path).problems
    assert problems and ":2: not UTF-8" in problems[0]
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "cannot read it" in read_settings(folder).problems[0]


def test_a_settings_file_kept_elsewhere_behind_a_link_is_read(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "settings.toml", 'theme = "light"\n')
    link = tmp_path / "config" / "settings.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    assert read_settings(link).theme == "light"


# --- saving -------------------------------------------------------------------------------


def test_saving_keeps_everything_else_as_written(tmp_path: Path) -> None:
    text = '# my settings\nreviewer = "Ana"  # me\n\n[keys]\n"review.undo" = "U"\n'
    path = write(tmp_path / "s.toml", text)
    save_setting(path, "theme", "light")
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith('# my settings\nreviewer = "Ana"  # me\n')
    assert '"review.undo" = "U"' in saved
    assert read_settings(path).theme == "light"
    save_setting(path, "theme", "dark")
    assert read_settings(path).theme == "dark"
    assert path.read_text(encoding="utf-8").count("theme") == 1


def test_saving_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "baghouz-tui" / "settings.toml"
    save_setting(path, "theme", "light")
    assert read_settings(path).theme == "light"
    assert path.read_text(encoding="utf-8").startswith("# baghouz-tui settings")


def test_a_file_that_is_not_toml_is_never_replaced(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", "theme = \n# half-written by hand\n")
    before = path.read_bytes()
    with pytest.raises(SettingsNotSaved, match="not valid TOML"):
        save_setting(path, "theme", "light")
    assert path.read_bytes() == before


def test_saving_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = write(tmp_path / "elsewhere.toml", 'reviewer = "x"\n')
    link = tmp_path / "s.toml"
    link.symlink_to(elsewhere)
    with pytest.raises(SettingsNotSaved, match="symbolic link"):
        save_setting(link, "theme", "light")
    assert elsewhere.read_text(encoding="utf-8") == 'reviewer = "x"\n'
    assert link.is_symlink()


# --- in the app ---------------------------------------------------------------------------


async def test_the_theme_and_reviewer_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "s.toml", theme="light", reviewer="Ana Ruiz")
    app = BaghouzApp(load("second", tmp_path), settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "baghouz-light"
        assert app.review.reviewer == "Ana Ruiz"
    # the command line wins
    app = BaghouzApp(load("second", tmp_path), settings=settings, theme="dark", reviewer="Bo")
    assert app.theme == "textual-dark" and app.review.reviewer == "Bo"


async def test_keys_are_remapped_by_binding_id(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "s.toml", keys={"review.mark-verified": "V"})
    app = BaghouzApp(load("second", tmp_path), settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        entry = app.screen.query_one("#timeline").current
        await pilot.press("v")  # no longer bound to verified
        assert app.review.mark_of(entry.id) is None
        await pilot.press("V")
        assert app.review.mark_of(entry.id) is not None


async def test_problems_in_the_settings_are_shown_when_the_app_starts(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", 'theme = "mauve"\ncolour = 1\n[keys]\n"no.such" = "x"\n')
    app = BaghouzApp(load("second", tmp_path), settings=read_settings(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("unknown setting `colour`" in m for m in messages), messages
        assert any("Unknown theme 'mauve'" in m for m in messages), messages
        assert any("`no.such` is not a binding id" in m for m in messages), messages
        assert app.theme == "textual-dark"  # and the app runs with the defaults
        assert path.read_text(encoding="utf-8").startswith('theme = "mauve"')  # untouched


async def test_the_theme_chosen_in_the_palette_is_saved(tmp_path: Path) -> None:
    path = write(tmp_path / "config" / "settings.toml", '# mine\nreviewer = "Ana"\n')
    app = BaghouzApp(load("second", tmp_path), settings=read_settings(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Light theme"].callback()
        await pilot.pause()
        assert app.theme == "baghouz-light"
    saved = read_settings(path)
    assert (saved.theme, saved.reviewer) == ("light", "Ana")
    assert path.read_text(encoding="utf-8").startswith("# mine\n")


async def test_a_theme_that_cannot_be_saved_says_so_and_still_applies(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", "theme = \n")  # not TOML: must not be replaced
    app = BaghouzApp(load("second", tmp_path), settings=read_settings(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.theme = "baghouz-light"
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Theme not saved") for m in messages), messages
    assert path.read_text(encoding="utf-8") == "theme = \n"


async def test_starting_in_a_theme_saves_nothing(tmp_path: Path) -> None:
    """Only a theme chosen while the app runs is saved, not the one it started in."""
    path = tmp_path / "config" / "settings.toml"
    app = BaghouzApp(load("second", tmp_path), settings=Settings(path), theme="light")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "baghouz-light"
    assert not path.exists()


def _set_many(path: str, key: str, count: int) -> None:
    for n in range(count):
        save_setting(Path(path), key, f"{key}-{n}")


def test_two_sessions_saving_settings_at_once_keep_both_changes(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "settings.toml"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_set_many, args=(str(path), key, 30))
               for key in ("theme", "reviewer")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    saved = read_settings(path)
    assert (saved.theme, saved.reviewer) == ("theme-29", "reviewer-29")
