"""Leave cleanly when the terminal goes away or the system asks us to stop.

A dropped SSH connection sends SIGHUP; `kill` and service managers send SIGTERM. Either
way the app must not linger: review marks are already on disk (every change is saved as
it is made), so all that is left is to stop the app so Textual restores the terminal.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Protocol

# If a clean exit has not finished by then (say the terminal's output blocks because
# the connection is gone), the process ends anyway: a stuck app on a server is worse.
HARD_EXIT_AFTER = 0.8
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


class Exitable(Protocol):
    def exit(self, result: int | None = None, return_code: int = 0) -> None: ...


def install_exit_signals(app: Exitable) -> None:
    """Make SIGHUP and SIGTERM stop `app` promptly (call from inside its event loop)."""
    loop = asyncio.get_running_loop()
    for number in EXIT_SIGNALS:
        try:
            loop.add_signal_handler(number, _on_signal, app, number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (e.g. under some test runners): keep the default


def _on_signal(app: Exitable, number: int) -> None:
    code = 128 + number
    timer = threading.Timer(HARD_EXIT_AFTER, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
    app.exit(code, return_code=code)
