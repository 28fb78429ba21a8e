"""The settings file: `settings.toml` in the XDG config folder.

    theme = "light"            # "dark", "light" or the name of any Textual theme
    reviewer = "Ana Ruiz"      # recorded with review marks (--reviewer wins)
    ascii = true               # ASCII symbols, no italics (as on TERM=linux)

    [keys]                     # binding id = key(s); the ids are in the help screen (?)
    "review.mark-verified" = "V"
    "search.hits" = "ctrl+h,H"

A bad file never stops the app and is never overwritten: each problem is reported with the
file and line, and what is wrong is left at its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tui.fileio import FileLock, atomic_write, lock_beside, read_regular, shown_path

MAX_BYTES = 1 << 20  # a settings file is a few lines; anything bigger is not one
LOCK_SECONDS = 2.0  # how long a save waits for another session's (it takes milliseconds)
KNOWN = {
    "theme": "the colour theme: dark, light or a Textual theme's name",
    "reviewer": "the name recorded with review marks",
    "ascii": "true for ASCII symbols and no italics",
    "keys": "a table of binding id = key",
}
HEADER = """\
# baghouz-tui settings (https://toml.io). Every setting is optional:
#   theme = "dark"          # or "light", or any Textual theme name
#   reviewer = "Your Name"  # recorded with review marks
#   ascii = false           # true: ASCII symbols and no italics
#   [keys]                  # binding id = "key": the ids are in the help screen (?)
"""


class Settings(NamedTuple):
    path: Path | None = None
    theme: str | None = None
    reviewer: str | None = None
    ascii: bool = False
    keys: Mapping[str, str] = {}
    problems: tuple[str, ...] = ()  # what was wrong in the file, each a sentence
    key_lines: Mapping[str, int] = {}  # each [keys] entry's line, for what the app says of it


def read_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: the XDG one); never raises."""
    if path is None:
        from tui.settings.paths import settings_path

        path = settings_path()
    where = shown_path(path)
    try:
        data = read_regular(path, limit=MAX_BYTES, follow_symlinks=True)
    except FileNotFoundError:
        return Settings(path)
    except OSError as error:
        return Settings(path, problems=(f"{where}: cannot read it ({_reason(error)}); "
                                        "using the default settings",))
    try:
        import tomli

        table = tomli.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Settings(path, problems=(f"{where}:{line}: not UTF-8 text; "
                                        "using the default settings",))
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", 0)
        message = getattr(error, "msg", str(error))
        return Settings(path, problems=(f"{where}:{line}: not valid TOML ({message}); "
                                        "using the default settings",))
    return _settings(path, table, data.decode("utf-8"))


def _settings(path: Path, table: dict[str, Any], text: str) -> Settings:
    from tui.model.safe_text import inert_name
    from tui.model.toml_lines import TomlLines

    where = shown_path(path)
    problems: list[str] = []
    raw_keys = table.get("keys", {})
    key_paths = [("keys", key) for key in raw_keys] if isinstance(raw_keys, dict) else []
    lines = TomlLines(text, wanted=[*((key,) for key in table), *key_paths])

    def say(key_path: tuple[str, ...], what: str) -> None:
        # A key is the file's text: its controls are made visible (inert_name).
        problems.append(f"{where}:{lines.line_of(key_path)}: {inert_name(what)}")

    def text_value(key: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        say((key,), f"`{key}` must be a non-empty string; ignored")
        return None

    for key in table:
        if key not in KNOWN:
            known = ", ".join(KNOWN)
            say((key,), f"unknown setting `{key}` (known: {known}); ignored")
    ascii_value = table.get("ascii", False)
    if not isinstance(ascii_value, bool):
        say(("ascii",), "`ascii` must be true or false; ignored")
        ascii_value = False
    keys: dict[str, str] = {}
    if not isinstance(raw_keys, dict):
        say(("keys",), "`keys` must be a table of binding id = key; ignored")
        raw_keys = {}
    for binding_id, keys_text in raw_keys.items():
        if isinstance(keys_text, str) and keys_text.strip() and " " not in keys_text.strip():
            keys[binding_id] = keys_text.strip()
        else:
            say(("keys", binding_id),
                f"[keys] `{binding_id}` must be a key like \"V\" or \"ctrl+v,V\"; ignored")
    return Settings(
        path,
        theme=text_value("theme"),
        reviewer=text_value("reviewer"),
        ascii=ascii_value,
        keys=keys,
        problems=tuple(problems),
        key_lines={key: lines.line_of(("keys", key)) for key in keys},
    )


class SettingsNotSaved(Exception):
    """The settings file was left as it was; the message says why."""


def save_setting(path: Path, key: str, value: str | bool) -> None:
    """Set one top-level setting in the file, keeping everything else in it as written.

    Raises SettingsNotSaved when the file cannot be read as TOML (it is never replaced by
    one that would lose what the user wrote), is a link, or cannot be written.
    """
    where = shown_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Read, change and write under a lock: two sessions saving at once would each
        # write what it read, and the change of one would be lost.
        with FileLock(lock_beside(path), timeout=LOCK_SECONDS):
            _save_setting(path, key, value)
    except OSError as error:  # the lock held too long, a read-only folder
        raise SettingsNotSaved(f"{where}: not changed ({_reason(error)})") from None


def _save_setting(path: Path, key: str, value: str | bool) -> None:
    import tomlkit  # only when saving: it costs start-up time

    where = shown_path(path)
    try:
        existing = read_regular(path, limit=MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        existing = HEADER
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsNotSaved(f"{where}: not changed ({_reason(error)})") from None
    try:
        document = tomlkit.parse(existing)
    except tomlkit.exceptions.ParseError as error:
        raise SettingsNotSaved(f"{where}: not changed: it is not valid TOML ({error})") from None
    document[key] = value
    try:
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        raise SettingsNotSaved(f"{where}: not changed ({_reason(error)})") from None


def _reason(error: BaseException) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)

