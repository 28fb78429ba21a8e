"""One session's app: a child process in its own session, a fresh pty its controlling terminal.

The child is made with posix_spawn (no Python code runs between fork and exec, so nothing can
deadlock on a lock another thread held): `setsid` makes it a session leader without a
terminal, then opening the pty's slave side, without O_NOCTTY, makes that its controlling
terminal, as `TIOCSCTTY` would. So the kernel does what it does for a login: a window change
(`TIOCSWINSZ` on the master) sends SIGWINCH to the app, closing the master hangs the
terminal up and sends SIGHUP to the session.

Ending is the same for every cause (the app quit, the client went away, the server stops):
the app is asked to stop, gets up to `GRACE` seconds to save and restore the terminal, then
its whole process group is killed; the child is reaped only after that, so its process
group id cannot have been reused by then.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence

GRACE = 0.8  # seconds the app gets to save and exit before its process group is killed
READ_SIZE = 1 << 16
MAX_PENDING_INPUT = 1 << 16  # typed-ahead bytes held for an app that is not reading
_RESET_SIGNALS = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGPIPE)


def set_window_size(fd: int, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
    size = struct.pack("HHHH", _clamp(rows), _clamp(cols), _clamp(xpixels), _clamp(ypixels))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, size)


def _clamp(value: int) -> int:
    return max(0, min(int(value), 0xFFFF))


class AppProcess:
    """The app in a pty; output goes to `on_output`, `on_exit(code)` is called once."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        size: tuple[int, int, int, int],
        *,
        on_output: Callable[[bytes], None],
        on_exit: Callable[[int], None],
        on_input_blocked: Callable[[bool], None] = lambda blocked: None,
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self._on_output = on_output
        self._on_exit = on_exit
        self._on_input_blocked = on_input_blocked
        self._pending = bytearray()
        self._reading = False
        self._kill_timer: asyncio.TimerHandle | None = None
        self.exit_code: int | None = None
        self._pidfd: int | None = None
        master, slave = os.openpty()
        try:
            set_window_size(slave, *size)
            slave_path = os.ttyname(slave)
            self.pid = os.posix_spawn(
                argv[0],
                list(argv),
                dict(env),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, slave_path, os.O_RDWR, 0),
                    (os.POSIX_SPAWN_DUP2, 0, 1),
                    (os.POSIX_SPAWN_DUP2, 0, 2),
                ],
                setsid=True,
                setsigdef=_RESET_SIGNALS,
                setsigmask=(),
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.master: int | None = master
        os.set_blocking(master, False)
        self.resume_output()
        self._watch_exit()

    # -- the terminal -----------------------------------------------------------------------

    def resume_output(self) -> None:
        if not self._reading and self.master is not None:
            self._loop.add_reader(self.master, self._read)
            self._reading = True

    def pause_output(self) -> None:
        """Stop reading the app's output: its writes block, as on a terminal that stalls."""
        if self._reading and self.master is not None:
            self._loop.remove_reader(self.master)
        self._reading = False

    def _read(self) -> None:
        if self.master is None:
            return
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:  # EIO: no process has the terminal open any more
            if error.errno not in (errno.EIO, errno.EBADF):
                raise
            data = b""
        if not data:
            self.pause_output()
            return
        self._on_output(data)

    def write(self, data: bytes) -> None:
        """Keys for the app; held (and the sender told to wait) while the app does not read."""
        if self.master is None:
            return
        if not self._pending:
            try:
                data = data[os.write(self.master, data) :]
            except BlockingIOError:
                pass
            except OSError:
                return
            if not data:
                return
            self._loop.add_writer(self.master, self._flush_input)
        self._pending += data
        if len(self._pending) > MAX_PENDING_INPUT:
            self._on_input_blocked(True)

    def _flush_input(self) -> None:
        if self.master is None:
            return
        try:
            del self._pending[: os.write(self.master, self._pending)]
        except BlockingIOError:
            return
        except OSError:
            self._pending.clear()
        if not self._pending:
            self._loop.remove_writer(self.master)
            self._on_input_blocked(False)

    def resize(self, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
        """The kernel sends the app SIGWINCH when the size changes."""
        if self.master is not None:
            with contextlib.suppress(OSError):
                set_window_size(self.master, cols, rows, xpixels, ypixels)

    def drain_output(self) -> None:
        """Pass on whatever the app wrote that has not been read yet."""
        while self.master is not None:
            try:
                data = os.read(self.master, READ_SIZE)
            except OSError:
                return
            if not data:
                return
            self._on_output(data)

    # -- ending -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.exit_code is None

    def stop(self, number: int = signal.SIGTERM) -> None:
        """Ask the app to exit (it saves and restores the terminal); kill it after GRACE."""
        self._signal_group(number)
        if self._kill_timer is None and self.running:
            self._kill_timer = self._loop.call_later(GRACE, self._signal_group, signal.SIGKILL)

    def hang_up(self) -> None:
        """The terminal is gone: close it (the kernel sends SIGHUP) and stop the app."""
        self._close_terminal()
        self.stop(signal.SIGHUP)

    def _signal_group(self, number: int) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, number)

    def _close_terminal(self) -> None:
        master, self.master = self.master, None
        if master is None:
            return
        self._loop.remove_reader(master)
        self._loop.remove_writer(master)
        self._reading = False
        self._pending.clear()
        os.close(master)

    def _watch_exit(self) -> None:
        try:
            pidfd = os.pidfd_open(self.pid)
        except (OSError, AttributeError):  # an old kernel: look every tenth of a second
            self._poll_exit()
            return
        self._pidfd = pidfd
        self._loop.add_reader(pidfd, self._exited)

    def _poll_exit(self) -> None:
        try:
            result = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            result = None
        else:
            if result is None:
                self._loop.call_later(0.1, self._poll_exit)
                return
        self._exited()

    def _exited(self) -> None:
        pidfd = self._pidfd
        if pidfd is not None:
            self._loop.remove_reader(pidfd)
            os.close(pidfd)
            self._pidfd = None
        # The zombie still holds its process group id: nothing else of the group survives.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            code = -1
        self.exit_code = 128 - code if code < 0 else code
        if self._kill_timer is not None:
            self._kill_timer.cancel()
            self._kill_timer = None
        self.drain_output()
        self._close_terminal()
        self._on_exit(self.exit_code)
