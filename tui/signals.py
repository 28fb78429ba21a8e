"""Leave cleanly and promptly when the terminal goes away or the system asks us to stop.

A dropped SSH connection sends SIGHUP; `kill` and service managers send SIGTERM; `kill -INT`
(or a ctrl+c that reaches us as a signal) sends SIGINT. Each ends the process with 128+N,
within a second, whatever the event loop is doing: the handler is installed with
`signal.signal`, so the interpreter runs it in the main thread between two bytecodes or as
soon as a blocking call is interrupted, even while the loop is busy drawing a huge
paragraph or blocked (a handler that only posts to the loop would wait for it). It arms a
hard-exit timer thread first, then makes a best-effort save of unsaved review changes if
none is under way, then asks the app to exit. If the clean exit has not finished when the
timer fires (a stalled terminal, a wedged loop), the terminal is put back as Textual's
driver would and the process ends anyway.

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
from collections.abc import Callable
from types import FrameType
from typing import Any, Protocol

# If a clean exit has not finished by then, the process ends anyway: a stuck app on a
# server is worse. Well inside the second a user (or a service manager) waits.
HARD_EXIT_AFTER = 0.6
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)

# What Textual's driver (8.2.8) turns off when it stops, for the hard exit to write instead
# (tests/test_terminal_exit.py checks it against what the driver really turns on): bracketed
# paste, line wrap back on, in-band resize reports, mouse reporting (and its pixel mode),
# the kitty keyboard protocol, the alternate screen, the cursor, focus events, and a
# synchronized update a frame may have left open.
RESTORE_TERMINAL = (
    b"\x1b[?2026l"
    b"\x1b[?2004l"
    b"\x1b[?7h"
    b"\x1b[?2048l"
    b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"
    b"\x1b[<u"
    b"\x1b[?1049l"
    b"\x1b[?25h"
    b"\x1b[?1004l"
)


class Exitable(Protocol):
    def exit(self, result: int | None = None, return_code: int = 0) -> None: ...


class _State:
    attrs: list[Any] | None = None  # the terminal's modes before the app changed them
    exiting = False
    app: Exitable | None = None
    loop: asyncio.AbstractEventLoop | None = None
    save: Callable[[], object] | None = None


def install_exit_signals(app: Exitable, save: Callable[[], object] | None = None) -> None:
    """Make SIGHUP, SIGTERM and SIGINT stop `app` promptly (call from inside its event loop,
    in the main thread). `save` is called once, at the first signal, if given: it must
    itself decide whether saving is safe at that moment, and must not take long."""
    _State.attrs = _cooked_attrs()
    _State.exiting = False
    _State.app = app
    _State.loop = asyncio.get_running_loop()
    _State.save = save
    for number in EXIT_SIGNALS:
        # Not the main thread (e.g. under some test runners): keep the default.
        with contextlib.suppress(ValueError, OSError, RuntimeError):
            signal.signal(number, _on_signal)


def _on_signal(number: int, _frame: FrameType | None) -> None:
    code = 128 + number
    if _State.exiting:  # a second signal (HUP then TERM) keeps the first deadline
        return
    _State.exiting = True
    timer = threading.Timer(HARD_EXIT_AFTER, _hard_exit, args=(code,))
    timer.daemon = True
    timer.start()
    if _State.save is not None:
        with contextlib.suppress(Exception):
            _State.save()
    app, loop = _State.app, _State.loop
    if app is not None and loop is not None and not loop.is_closed():
        # We may have interrupted the loop anywhere: ask it, do not act inside it.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(app.exit, code, code)


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
