"""Leave cleanly when the terminal goes away or the system asks us to stop.

A dropped SSH connection sends SIGHUP; `kill` and service managers send SIGTERM. Either
way the app must not linger: review marks are already on disk (every change is saved as
it is made), so all that is left is to stop the app so Textual restores the terminal.

Install the handlers before Textual switches the terminal to application mode (from the
app's `on_load`), so that no signal can arrive while the terminal is changed and nothing
is there to change it back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
import threading
from typing import Any, Protocol

# If a clean exit has not finished by then (say the terminal's output blocks because
# the connection stalled), the process ends anyway: a stuck app on a server is worse.
HARD_EXIT_AFTER = 0.6
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)

# What Textual's driver writes when it stops, for the hard exit to write instead: bracketed
# paste, mouse reporting, focus events, the kitty keyboard protocol and the alternate screen
# off, line wrap back on, the cursor shown.
RESTORE_TERMINAL = (
    b"\x1b[?2004l"
    b"\x1b[?7h"
    b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"
    b"\x1b[?1004l"
    b"\x1b[<u"
    b"\x1b[?1049l"
    b"\x1b[?25h"
)


class Exitable(Protocol):
    def exit(self, result: int | None = None, return_code: int = 0) -> None: ...


class _State:
    attrs: list[Any] | None = None  # the terminal's modes before the app changed them
    exiting = False


def install_exit_signals(app: Exitable) -> None:
    """Make SIGHUP and SIGTERM stop `app` promptly (call from inside its event loop)."""
    _State.attrs = _cooked_attrs()
    _State.exiting = False
    loop = asyncio.get_running_loop()
    for number in EXIT_SIGNALS:
        # Not the main thread (e.g. under some test runners): keep the default.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _on_signal, app, number)


def _on_signal(app: Exitable, number: int) -> None:
    code = 128 + number
    if not _State.exiting:  # a second signal (HUP then TERM) keeps the first deadline
        _State.exiting = True
        timer = threading.Timer(HARD_EXIT_AFTER, _hard_exit, args=(code,))
        timer.daemon = True
        timer.start()
    app.exit(code, return_code=code)


def _hard_exit(code: int) -> None:
    """The clean exit is stuck: put the terminal back as well as we can, then go."""
    with contextlib.suppress(BaseException):
        _restore_terminal()
    os._exit(code)


def _terminal_fd() -> int | None:
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def _cooked_attrs() -> list[Any] | None:
    """The terminal's modes now, if they are not Textual's raw mode already."""
    fd = _terminal_fd()
    if fd is None:
        return None
    try:
        attrs = termios.tcgetattr(fd)
    except termios.error:
        return None
    return attrs if attrs[3] & termios.ICANON else None


def _restore_terminal() -> None:
    """Best effort and never blocking: the terminal may be gone or not reading."""
    fd = _terminal_fd()
    if fd is None:
        return
    with contextlib.suppress(OSError, termios.error):
        attrs = _State.attrs or _sane(termios.tcgetattr(fd))
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    try:
        out = os.open("/dev/tty", os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return  # no controlling terminal any more (hung up)
    try:
        # Fails when the terminal has stopped reading (its buffer is full): nothing can
        # reach it then, and it is not worth waiting for.
        os.write(out, RESTORE_TERMINAL)
    except OSError:
        pass
    finally:
        os.close(out)


def _sane(attrs: list[Any]) -> list[Any]:
    """Line editing, echo, signals and output processing back on."""
    iflag, oflag, cflag, lflag = (int(value) for value in attrs[:4])
    iflag |= termios.ICRNL
    oflag |= termios.OPOST | termios.ONLCR
    lflag |= termios.ICANON | termios.ECHO | termios.ECHOE | termios.ECHOK
    lflag |= termios.ISIG | termios.IEXTEN
    return [iflag, oflag, cflag, lflag, *attrs[4:]]
