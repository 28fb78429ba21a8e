"""One SSH session channel: the app in a pty of its own, or a one-line refusal.

Only a shell request with a terminal gets the app. A session without a terminal, a command
(`ssh host ls`, legacy scp) and a subsystem (sftp) each get a line on stderr saying why not,
and exit status 1. Bytes pass through untouched both ways (asyncssh's line editor is off for
the whole server, so keys reach the app as typed).
"""

from __future__ import annotations

import contextlib
import signal
import time
from typing import TYPE_CHECKING

import asyncssh

from tui.serve.app_process import AppProcess
from tui.serve.authorized_keys import AuthorizedKey
from tui.serve.connection_log import ConnectionRecord
from tui.serve.desk import Desk, log

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

PREFIX = "baghouz-tui: "
NO_COMMANDS = "this server opens the review app only and runs no commands (connect: ssh -t HOST)"
NO_FILES = "this server opens the review app only; no file transfer (sftp, scp)"
NEEDS_TERMINAL = "the review app needs a terminal (connect with: ssh -t HOST)"
KEY_NO_PTY = "this key may not open a terminal (no-pty or restrict in the authorized keys file)"


class AppSession(asyncssh.SSHServerSession[bytes]):
    def __init__(
        self,
        desk: Desk,
        key: AuthorizedKey,
        record: ConnectionRecord,
        on_ended: Callable[[], None],
    ) -> None:
        self._desk = desk
        self._on_ended = on_ended
        self._key = key
        self._record = record
        self.fingerprint = key.fingerprint
        self.last_input = time.monotonic()
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24, 0, 0)
        self._pty_refused = False
        self._request: tuple[str, str] | None = None  # ("shell" | "exec" | "subsystem", arg)
        self._app: AppProcess | None = None
        self._message: str | None = None  # said to the client once the app has gone

    # -- asyncssh's calls -------------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        if not self._key.pty:
            self._pty_refused = True
            return False
        self._term = term_type
        self._size = _usable(term_size)
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._size = _usable((width, height, pixwidth, pixheight))
        if self._app is not None:
            self._record.final_size = self._size[:2]
            self._app.resize(*self._size)

    def shell_requested(self) -> bool:
        self._request = ("shell", "")
        return True

    def exec_requested(self, command: str) -> bool:
        self._request = ("exec", command)
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        self._request = ("subsystem", subsystem)
        return True

    def session_started(self) -> None:
        kind, argument = self._request or ("shell", "")
        if kind == "exec":
            files = argument.split(maxsplit=1)[:1] in (["scp"], ["rsync"])
            self._refuse("refused-exec", NO_FILES if files else NO_COMMANDS, argument)
        elif kind == "subsystem":
            self._refuse("refused-subsystem", NO_FILES, argument)
        elif self._term is None:
            self._refuse(
                "refused-no-pty", KEY_NO_PTY if self._pty_refused else NEEDS_TERMINAL
            )
        elif (limit := self._desk.session_refusal(self._key)) is not None:
            self._refuse(*limit)
        else:
            self._start()

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        if self._app is not None:
            self.last_input = time.monotonic()
            self._app.write(data)

    def eof_received(self) -> bool:
        # The client will send no more keys: nothing can go on in an interactive app.
        self.end("client-eof", "")
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self._chan = None
        app = self._app
        if app is not None and app.running:
            self._record.end("client-gone", str(exc) if exc else None)
            app.hang_up()

    def pause_writing(self) -> None:
        if self._app is not None:
            self._app.pause_output()

    def resume_writing(self) -> None:
        if self._app is not None:
            self._app.resume_output()

    # -- the app ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._app is not None and self._app.running

    def _start(self) -> None:
        assert self._chan is not None
        cols, rows = self._size[:2]
        self._record.size = (cols, rows)
        env = self._desk.app_env(self._term, self._chan.get_environment())
        try:
            self._app = AppProcess(
                self._desk.app_argv(self._key),
                env,
                self._size,
                on_output=self._output,
                on_exit=self._app_exited,
                on_input_blocked=self._input_blocked,
            )
        except OSError as error:
            log.error("cannot start the app: %s", error)
            self._refuse("app-failed", "the review app could not be started; tell the desk's admin")
            return
        self._desk.sessions.add(self)
        self.last_input = time.monotonic()

    def end(self, outcome: str, message: str) -> None:
        """End the session: the app is asked to stop (and killed if it does not), then the
        client is told `message`."""
        app = self._app
        if app is None or not app.running:
            return
        self._record.end(outcome)
        if message and self._message is None:
            self._message = message
        app.stop(signal.SIGTERM)

    def _output(self, data: bytes) -> None:
        if self._chan is not None and not self._chan.is_closing():
            self._chan.write(data)

    def _input_blocked(self, blocked: bool) -> None:
        if self._chan is not None:
            if blocked:
                self._chan.pause_reading()
            else:
                self._chan.resume_reading()

    def _app_exited(self, code: int) -> None:
        self._desk.sessions.discard(self)
        self._record.end("quit")
        self._record.exit_code = code
        chan = self._chan
        if chan is not None and not chan.is_closing():
            if self._message:
                chan.write_stderr(f"\r\n{PREFIX}{self._message}\r\n".encode())
            chan.exit(code)
        self._on_ended()

    def _refuse(self, outcome: str, message: str, detail: str | None = None) -> None:
        self._record.end(outcome, detail)
        self._record.exit_code = 1
        if self._chan is not None:
            with contextlib.suppress(OSError):
                self._chan.write_stderr(f"{PREFIX}{message}\r\n".encode())
                self._chan.exit(1)
        self._on_ended()


def _usable(size: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A client may send 0x0 (unknown): the app gets 80x24 rather than nothing."""
    cols, rows, xpixels, ypixels = size
    return (cols or 80, rows or 24, xpixels, ypixels)
