"""How a session's app is started: its command line and the (trimmed) environment it gets.

The app never sees the server's environment: only what it needs to run and to find its
data (PATH, HOME, the XDG folders, the time zone, a UTF-8 locale), plus the terminal's type.
Secrets a service manager or an admin's shell may hold (tokens, agent sockets, cloud keys)
stay with the server.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

# The folder that holds the `tui` package this server runs: its app is the same code.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]

_KEPT = (
    "PATH", "HOME", "TZ", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
)  # fmt: skip
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
DEFAULT_TERM = "xterm-256color"


class Stories(NamedTuple):
    """What a session opens: bundles given by path, or a folder of them (None: the shipped
    story)."""

    bundles: tuple[Path, ...] = ()
    folder: Path | None = None

    def arguments(self) -> list[str]:
        """The app's arguments: one bundle opens directly, more (or a folder) on the picker."""
        if self.folder is None and len(self.bundles) <= 1:
            return [str(path) for path in self.bundles]
        paths = ([self.folder] if self.folder is not None else []) + list(self.bundles)
        return ["--pick", *(str(path) for path in paths)]


def app_argv(reviewer: str | None, stories: Stories) -> list[str]:
    # -P: the server's working folder is not put on the app's import path.
    argv = [sys.executable, "-P", "-m", "tui"]
    if reviewer is not None:
        argv.append(f"--reviewer={reviewer}")  # one word: a name starting "-" stays a name
    return argv + stories.arguments()


def app_environment(
    server: Mapping[str, str], *, term: str | None = None, extra: Mapping[str, str] = {}
) -> dict[str, str]:
    """The app's environment, built from the server's by keeping only `_KEPT`."""
    env = {name: server[name] for name in _KEPT if server.get(name)}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    lang = server.get("LANG", "")
    utf8 = lang.lower().replace("-", "").endswith(".utf8")
    env["LANG"] = lang if utf8 else "C.UTF-8"
    python_path = [str(PACKAGE_ROOT)]
    if server.get("PYTHONPATH"):
        python_path.append(server["PYTHONPATH"])
    env["PYTHONPATH"] = ":".join(python_path)
    if term is not None:
        env["TERM"] = term if _TERM.fullmatch(term) else DEFAULT_TERM
    env.update(extra)
    return env


def shell_command(argv: Sequence[str], env: Mapping[str, str], passed: Sequence[str]) -> str:
    """A /bin/sh command that runs `argv` with exactly `env`, plus the variables named in
    `passed` taken from the shell's own environment (for textual-serve, which sets the web
    driver's variables on the process it starts)."""
    assignments = [f"{name}={shlex.quote(value)}" for name, value in env.items()]
    assignments += [f'{name}="${{{name}-}}"' for name in passed]
    return "exec env -i " + " ".join([*assignments, shlex.join(argv)])
