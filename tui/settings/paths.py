"""Where the settings and state files live (XDG folders, through platformdirs)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "baghouz-tui"


def config_dir() -> Path:
    import platformdirs  # only when a path is needed: ~10 ms of import

    return Path(platformdirs.user_config_path(APP_NAME))


def state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_path(APP_NAME))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def places_path() -> Path:
    return state_dir() / "places.json"
