"""Run a program (usually the app) in a pseudo-terminal and talk to it like a person would.

Stdlib only. The child gets its own session with the pty as its controlling terminal, so
the kernel delivers SIGWINCH on a resize and SIGHUP when the terminal goes away, exactly as
for a real login. A reader thread drains everything the child writes, so it never blocks on
a full pty buffer, and the raw bytes stay available for checks on escape sequences.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADLINE = "Isis stall advance"

# CSI (with private and intermediate bytes), OSC / DCS / APC strings, and two-byte escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]P_^X].*?(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b[()*+].",
    re.DOTALL,
)

# What every exit must leave behind: the alternate screen left, the cursor shown, mouse
# reporting and bracketed paste off.
RESTORE_SEQUENCES = {
    "alternate screen left": b"\x1b[?1049l",
    "cursor shown": b"\x1b[?25h",
    "mouse reporting off (1000)": b"\x1b[?1000l",
    "mouse reporting off (1003)": b"\x1b[?1003l",
    "mouse reporting off (1006)": b"\x1b[?1006l",
    "bracketed paste off": b"\x1b[?2004l",
}
# Turned on at start; the matching `RESTORE_SEQUENCES` entry must come after the last one.
ENABLE_SEQUENCES = {
    "alternate screen left": b"\x1b[?1049h",
    "cursor shown": b"\x1b[?25l",
    "mouse reporting off (1000)": b"\x1b[?1000h",
    "mouse reporting off (1003)": b"\x1b[?1003h",
    "mouse reporting off (1006)": b"\x1b[?1006h",
    "bracketed paste off": b"\x1b[?2004h",
}


def strip_escapes(data: bytes | str) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return _ESCAPES.sub("", text)


class Screen:
    """A minimal terminal emulator: enough of VT100 to replay what Textual draws.

    It keeps only characters (no colours) and understands cursor positioning, the usual
    erases and the alternate screen, which is all Textual's renderer uses.
    """

    _TOKEN = re.compile(
        r"(?P<csi>\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~]))"
        r"|(?P<string>\x1b[\]P_^X].*?(?:\x07|\x1b\\))"
        r"|(?P<esc>\x1b[()*+].|\x1b[@-Z\\-_]|\x1b.)"
        r"|(?P<ctl>[\x00-\x1f\x7f])"
        r"|(?P<text>[^\x00-\x1f\x7f]+)",
        re.DOTALL,
    )

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.x = self.y = 0
        self.lines = [[" "] * cols for _ in range(rows)]

    def resize(self, cols: int, rows: int) -> None:
        lines = [[" "] * cols for _ in range(rows)]
        for y in range(min(rows, self.rows)):
            lines[y][: min(cols, self.cols)] = self.lines[y][: min(cols, self.cols)]
        self.cols, self.rows, self.lines = cols, rows, lines
        self.x, self.y = min(self.x, cols - 1), min(self.y, rows - 1)

    def feed(self, data: bytes | str) -> None:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        for match in self._TOKEN.finditer(text):
            if match["text"]:
                self._put(match["text"])
            elif match["ctl"]:
                self._control(match["ctl"])
            elif match["csi"]:
                self._csi(match["params"], match["final"])

    def _put(self, text: str) -> None:
        for char in text:
            if unicodedata.combining(char):
                continue
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            if self.x + width > self.cols:
                self.x = self.cols - width  # Textual turns autowrap off; so do we
            if 0 <= self.y < self.rows and self.x >= 0:
                self.lines[self.y][self.x] = char
                if width == 2 and self.x + 1 < self.cols:
                    self.lines[self.y][self.x + 1] = ""
            self.x = min(self.x + width, self.cols)

    def _control(self, char: str) -> None:
        if char == "\r":
            self.x = 0
        elif char == "\n":
            self.y = min(self.y + 1, self.rows - 1)
        elif char == "\b":
            self.x = max(self.x - 1, 0)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            if final in "hl" and set(params[1:].split(";")) & {"1049", "47", "1047"}:
                self._erase(0, self.rows)
            return
        if params[:1] in "<=>" and params:
            return
        numbers = [int(n) if n.isdigit() else 0 for n in params.split(";")] if params else []

        def arg(index: int, default: int = 1) -> int:
            value = numbers[index] if index < len(numbers) else 0
            return value or default

        if final in "Hf":
            self.y = min(max(arg(0) - 1, 0), self.rows - 1)
            self.x = min(max(arg(1) - 1, 0), self.cols - 1)
        elif final == "A":
            self.y = max(self.y - arg(0), 0)
        elif final == "B":
            self.y = min(self.y + arg(0), self.rows - 1)
        elif final == "C":
            self.x = min(self.x + arg(0), self.cols - 1)
        elif final == "D":
            self.x = max(self.x - arg(0), 0)
        elif final == "G":
            self.x = min(max(arg(0) - 1, 0), self.cols - 1)
        elif final == "d":
            self.y = min(max(arg(0) - 1, 0), self.rows - 1)
        elif final == "J":
            mode = arg(0, 0)
            if mode == 0:
                self.lines[self.y][self.x :] = [" "] * (self.cols - self.x)
                self._erase(self.y + 1, self.rows)
            elif mode == 1:
                self._erase(0, self.y)
                self.lines[self.y][: self.x + 1] = [" "] * (self.x + 1)
            else:
                self._erase(0, self.rows)
        elif final == "K":
            mode = arg(0, 0)
            row = self.lines[self.y]
            if mode == 0:
                row[self.x :] = [" "] * (self.cols - self.x)
            elif mode == 1:
                row[: self.x + 1] = [" "] * (self.x + 1)
            else:
                row[:] = [" "] * self.cols

    def _erase(self, start: int, stop: int) -> None:
        for y in range(max(start, 0), min(stop, self.rows)):
            self.lines[y] = [" "] * self.cols

    def text(self) -> str:
        return "\n".join("".join(line).rstrip() for line in self.lines)


def unrestored(output: bytes) -> list[str]:
    """What the terminal was left with: each mode turned on and not turned off afterwards."""
    problems = []
    for name, off in RESTORE_SEQUENCES.items():
        last_on = output.rfind(ENABLE_SEQUENCES[name])
        if last_on >= 0 and output.rfind(off) < last_on:
            problems.append(name)
    return problems


def unique_marker(kind: str) -> str:
    """A reviewer name to find the app's processes by (it shows up in their cmdline)."""
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def _state_and_parent(pid: str) -> tuple[str, int] | None:
    """A process's state letter and its parent's pid, from /proc (None: gone, or unreadable)."""
    try:
        fields = Path("/proc", pid, "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (fields[0], int(fields[1])) if len(fields) > 1 else None


def _live(state_and_parent: tuple[str, int] | None) -> bool:
    return state_and_parent is not None and state_and_parent[0] not in ("Z", "X")


def pids_with_marker(marker: str) -> list[int]:
    """Live processes (not zombies) with `marker` in their command line, except ourselves."""
    found = []
    needle = marker.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path("/proc", entry, "cmdline").read_bytes()
        except OSError:
            continue
        if needle in cmdline and _live(_state_and_parent(entry)):
            found.append(int(entry))
    return found


def descendants(root: int) -> set[int]:
    """Every live process below `root`, found through /proc parent links."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _state_and_parent(entry)
            if stat is not None and _live(stat):
                children.setdefault(stat[1], []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


def app_env(
    home: Path, term: str = "xterm-256color", extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A clean environment for the app: given TERM, no COLORTERM / NO_COLOR unless asked."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES")
        and not key.startswith("TEXTUAL")
        and not key.startswith("PYTEST")
    }
    env.update(
        TERM=term,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


def app_command(marker: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tui", "--reviewer", marker, *extra]


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class PtyProcess:
    """A child process whose stdin, stdout and stderr are a fresh pty of the given size."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int = 120,
        rows: int = 36,
        cwd: Path = REPO,
    ) -> None:
        self.master, slave = os.openpty()
        _set_size(slave, cols, rows)
        self._lock = threading.Lock()
        self._output = bytearray()
        self._closed = threading.Event()
        self._reading = threading.Event()
        self._reading.set()
        self._trigger: tuple[bytes, int] | None = None
        self._sizes = [(0, cols, rows)]  # (output offset, cols, rows) of every resize
        try:
            self.proc = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=cwd,
                env=dict(env),
                start_new_session=True,
                close_fds=True,
                # Make the pty the controlling terminal of the new session.
                preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self.pid = self.proc.pid
        self._reader = threading.Thread(target=self._read, name=f"pty-{self.pid}", daemon=True)
        self._reader.start()

    # -- output ----------------------------------------------------------------------------

    def _read(self) -> None:
        while not self._closed.is_set():
            if not self._reading.wait(0.05):
                continue
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError as error:  # EIO: every slave end is closed; EBADF: we closed it
                if error.errno not in (errno.EIO, errno.EBADF):
                    raise
                break
            except ValueError:  # the descriptor was closed under us
                break
            if not chunk:
                break
            with self._lock:
                self._output += chunk
                trigger = self._trigger
                if trigger is not None and trigger[0] in self._output[-len(chunk) - 64 :]:
                    self._trigger = None
                    self.signal(trigger[1])
        self._closed.set()

    def signal_on_output(self, needle: bytes, number: int) -> None:
        """Send signal `number` from the reader thread as soon as `needle` is written, with
        no polling delay (to hit short windows, e.g. right after the terminal is set up)."""
        with self._lock:
            if needle in self._output:
                self.signal(number)
            else:
                self._trigger = (needle, number)

    def pause_reading(self) -> None:
        """Stop draining the pty, like a terminal that stops reading (a stalled connection):
        once the pty's buffer is full, the child's writes block."""
        self._reading.clear()

    def resume_reading(self) -> None:
        self._reading.set()

    def unread(self) -> int:
        """Bytes the child has written that we have not read yet."""
        buffer = fcntl.ioctl(self.master, termios.FIONREAD, b"\0\0\0\0")
        return int(struct.unpack("i", buffer)[0])

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def mark(self) -> int:
        """An offset into `output`, to look only at what comes after it."""
        with self._lock:
            return len(self._output)

    def text(self, since: int = 0) -> str:
        return strip_escapes(self.output[since:])

    def screen(self) -> Screen:
        """What a terminal would show now, replaying everything written so far."""
        output = self.output
        with self._lock:
            sizes = list(self._sizes)
        screen = Screen(sizes[0][1], sizes[0][2])
        position = 0
        for offset, cols, rows in sizes[1:]:
            screen.feed(output[position:offset])
            screen.resize(cols, rows)
            position = offset
        screen.feed(output[position:])
        return screen

    def wait_for_text(self, needle: str, timeout: float = 10.0, since: int = 0) -> bool:
        """Wait until `needle` has been written (escape sequences ignored) after `since`."""
        return wait_until(lambda: needle in self.text(since), timeout)

    def wait_for_screen(self, predicate: Callable[[str], bool], timeout: float = 10.0) -> bool:
        """Wait until the replayed screen text satisfies `predicate`."""
        return wait_until(lambda: predicate(self.screen().text()), timeout, step=0.05)

    def wait_for_quiet(self, quiet: float = 0.3, timeout: float = 5.0) -> bool:
        """Wait until nothing has been written for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = self.mark()
        still_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.mark()
            if now != last:
                last, still_since = now, time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                return True
        return False

    def drained(self, timeout: float = 2.0) -> bool:
        """Wait for the reader to see the end of output (every slave end closed)."""
        return self._closed.wait(timeout)

    # -- input -----------------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def resize(self, cols: int, rows: int, *, signal_too: bool = True) -> None:
        """Set the pty size (the kernel sends SIGWINCH); optionally send one more."""
        with self._lock:
            self._sizes.append((len(self._output), cols, rows))
        _set_size(self.master, cols, rows)
        if signal_too:
            self.signal(signal.SIGWINCH)

    def signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, number)

    def hang_up(self) -> None:
        """Close our end of the pty, as a dropped connection does (the kernel sends SIGHUP)."""
        self._closed.set()
        self._reader.join(1)
        with contextlib.suppress(OSError):
            os.close(self.master)
        self.master = -1

    # -- end -------------------------------------------------------------------------------

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def group_alive(self) -> bool:
        """Whether any process is left in the child's process group (its session leader's)."""
        try:
            os.killpg(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def close(self) -> None:
        """Kill whatever is left of the child's process group and release the pty."""
        if self.proc.poll() is None or self.group_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        self.wait(5)
        if self.master >= 0:
            self._closed.set()
            self._reader.join(1)
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self, tail: int = 1500) -> str:
        """For assertion messages: the traceback if the child printed one, else the end of
        what it wrote."""
        text = self.text()
        start = text.rfind("Traceback")
        if start >= 0:
            return "\n" + text[start:][:6000]
        return repr(text[-tail:])
