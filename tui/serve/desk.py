"""What every connection of the SSH desk shares: keys, limits, the sessions running, the log."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Mapping
from typing import Protocol

from tui.serve.authorized_keys import AuthorizedKey, KeyFile
from tui.serve.backoff import AuthBackoff
from tui.serve.child_command import Stories, app_argv, app_environment
from tui.serve.limits import ServeLimits, format_duration

log = logging.getLogger("baghouz-tui.serve")

# What a client may set in the app's environment (OpenSSH's SendEnv); nothing else is taken.
CLIENT_ENVIRONMENT = {"COLORTERM": ("truecolor", "24bit"), "NO_COLOR": None}


class RunningSession(Protocol):
    fingerprint: str
    last_input: float

    def end(self, outcome: str, message: str) -> None: ...


class OpenConnection(Protocol):
    def close(self) -> None: ...


class Desk:
    def __init__(
        self,
        keys: KeyFile,
        stories: Stories,
        limits: ServeLimits,
        server_environment: Mapping[str, str] | None = None,
    ) -> None:
        self.keys = keys
        self.stories = stories
        self.limits = limits
        self.backoff = AuthBackoff(limits.backoff)
        self.server_environment = dict(os.environ if server_environment is None else
                                       server_environment)
        self.sessions: set[RunningSession] = set()
        self.connections: set[OpenConnection] = set()
        self.starting = 0  # connections not running the app yet
        self.stopping = False

    def session_refusal(self, key: AuthorizedKey) -> tuple[str, str] | None:
        """(outcome, message) when a new session for `key` would pass a limit."""
        if self.stopping:
            return "server-stop", "the server is shutting down; try again in a moment"
        limits = self.limits
        if len(self.sessions) >= limits.max_sessions:
            return "full", (
                f"the desk is full ({limits.max_sessions} sessions); try again later"
            )
        per_key = Counter(session.fingerprint for session in self.sessions)
        if per_key[key.fingerprint] >= limits.max_sessions_per_key:
            return "full-key", (
                f"this key already has {per_key[key.fingerprint]} sessions open (the most "
                "one key may have): close one first"
            )
        return None

    def app_argv(self, key: AuthorizedKey) -> list[str]:
        return app_argv(key.reviewer, self.stories)

    def app_env(self, term: str | None, client: Mapping[str, str]) -> dict[str, str]:
        extra: dict[str, str] = {}
        for name, allowed in CLIENT_ENVIRONMENT.items():
            value = client.get(name)
            if value is not None and (allowed is None or value in allowed):
                extra[name] = value if allowed else "1"
        return app_environment(self.server_environment, term=term, extra=extra)

    def end_idle_sessions(self) -> None:
        timeout = self.limits.idle_timeout
        if timeout <= 0:
            return
        now = time.monotonic()
        for session in list(self.sessions):
            if now - session.last_input >= timeout:
                session.end(
                    "idle-timeout",
                    f"disconnected after {format_duration(timeout)} without a key pressed",
                )

    def stop_all(self) -> None:
        self.stopping = True
        for session in list(self.sessions):
            session.end("server-stop", "the server is shutting down")
