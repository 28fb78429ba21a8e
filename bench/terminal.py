"""The app in a pseudo-terminal, for the benchmarks: spawning it, reading what it writes,
and the measurements made from that (first frame, key latency, search). See run.py."""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]

FRAME_QUIET = 0.15  # seconds of silence that end the first frame
# Seconds of silence that end the redraw after a key. 50 ms is too short for this app: with a
# large bundle one redraw sometimes pauses for 100-150 ms between two bursts (a garbage
# collection of the big heap, say), and the rest of it was then counted as the next key's.
KEY_QUIET = 0.25
SEARCH_QUIET = 0.1  # search-line keys; its cursor blinks every 0.5 s
NARROW = (80, 24)
WIDE = (160, 48)
MB = 1024 * 1024

HELLO_TEXT = "Hello from a minimal Textual app"
HELLO_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("{HELLO_TEXT}")


Hello().run()
'''
# The app as its `baghouz-tui` command starts it (the console script pip writes does just
# this), from the checkout: `python -m tui` would add runpy's start-up, ~2 ms.
APP = [sys.executable, "-c", "from tui.cli import entry_point; entry_point()"]
TOMLI_ONLY = "import sys, tomli; tomli.loads(open(sys.argv[1], encoding='utf-8').read())"


# --- a child process in a pseudo-terminal ----------------------------------------------------

_LIVE: set[int] = set()  # process groups to kill if the benchmark stops early


def kill_all() -> None:
    for pgid in list(_LIVE):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pgid, 0)
        _LIVE.discard(pgid)


def on_signal(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


_DROPPED = (
    "COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM_PROGRAM",
    "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX",
)
BYTECODE_CACHE: list[Path] = []  # set once by main()


def child_env() -> dict[str, str]:
    """The environment of every measured process.

    A 256-colour terminal with no Textual settings. Bytecode goes to a private cache that a
    warm-up run fills, so the app and its baselines all start from compiled modules as an
    installed package does, whether or not this shell sets PYTHONDONTWRITEBYTECODE (which
    would make every start compile the app's own modules from source), and without writing
    __pycache__ folders into the source tree.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TEXTUAL") and key not in _DROPPED
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONUNBUFFERED="1")
    env.update(_fresh_user_dirs())
    if BYTECODE_CACHE:
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE[0])
    return env


def _fresh_user_dirs() -> dict[str, str]:
    """Settings and state folders of its own for each process: no user's settings, and no
    story reopened where an earlier run's keys left it (the app keeps that in its state)."""
    folder = Path(tempfile.mkdtemp(prefix="baghouz-bench-user-"))
    atexit.register(shutil.rmtree, folder, True)
    return {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_STATE_HOME": str(folder / "state")}


class Pty:
    """A process whose stdin, stdout and stderr are a pseudo-terminal of a fixed size."""

    def __init__(self, argv: Sequence[str], size: tuple[int, int], cwd: Path) -> None:
        cols, rows = size
        env = child_env()
        self.output = bytearray()
        self.spawned = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.chdir(cwd)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        _LIVE.add(pid)  # forkpty makes the child a session (and process group) leader
        self.pid = pid
        self.fd = fd
        self.closed = False

    def read(self, timeout: float) -> bytes | None:
        """The next chunk of output; b"" when none came within `timeout`; None at EOF."""
        if self.closed:
            return None
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            self.closed = True
            return None
        self.output += data
        return data

    def send(self, data: bytes) -> float:
        now = time.perf_counter()
        os.write(self.fd, data)
        return now

    def wait_for(self, marker: bytes, timeout: float) -> float:
        """Read until `marker` has been written; the time its last chunk arrived."""
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while True:
            data = self.read(deadline - time.perf_counter())
            now = time.perf_counter()
            if data is None:
                raise RuntimeError(f"the app exited before showing {marker!r}")
            if marker in self.output[max(0, start - len(marker)) :]:
                return now
            if now > deadline:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s")

    def wait_quiet(self, gap: float, timeout: float = 30.0) -> tuple[float | None, int]:
        """Read until nothing arrives for `gap` s: (time of the last chunk or None, bytes)."""
        last: float | None = None
        count = 0
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            data = self.read(gap)
            if not data:  # quiet for `gap`, or EOF
                return last, count
            last = time.perf_counter()
            count += len(data)
        raise TimeoutError(f"the output never went quiet for {gap} s within {timeout} s")

    def peak_rss(self) -> int:
        """VmHWM in bytes."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc status")

    def close(self, quit_key: bytes = b"q", timeout: float = 10.0) -> None:
        """Quit with `quit_key`; kill the process group if it has not exited in time."""
        try:
            if not self.closed:
                with contextlib.suppress(OSError):
                    self.send(quit_key)
                deadline = time.perf_counter() + timeout
                while time.perf_counter() < deadline:
                    if self.read(0.1) is None:
                        break
                    done, _ = os.waitpid(self.pid, os.WNOHANG)
                    if done:
                        break
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            _LIVE.discard(self.pid)
            os.close(self.fd)


@contextlib.contextmanager
def spawned(argv: Sequence[str], size: tuple[int, int]) -> Iterator[Pty]:
    pty = Pty(argv, size, ROOT)
    try:
        yield pty
    finally:
        pty.close()


# --- measurements --------------------------------------------------------------------------


@dataclass
class Session:
    """What one run of the app (or the hello-world app) measured."""

    first_frame: float = 0.0
    keys: list[float] = field(default_factory=list)
    key_bytes: list[int] = field(default_factory=list)
    search: float | None = None
    search_keys: list[float] = field(default_factory=list)
    search_bytes: int = 0
    peak_rss: int = 0
    truecolor: bool = False
    colours_256: bool = False


def first_frame(pty: Pty, marker: str, timeout: float = 120.0) -> float:
    seen = pty.wait_for(marker.encode(), timeout)
    last, _ = pty.wait_quiet(FRAME_QUIET)
    return (last or seen) - pty.spawned


def press(pty: Pty, key: bytes, gap: float) -> tuple[float, int]:
    """Send `key`; (seconds to the last byte of the response, bytes of the response)."""
    sent = pty.send(key)
    last, count = pty.wait_quiet(gap)
    return ((last - sent) if last is not None else 0.0), count


def run_session(
    argv: Sequence[str],
    size: tuple[int, int],
    marker: str,
    keys: int = 0,
    search: SearchPlan | None = None,
) -> Session:
    session = Session()
    with spawned(argv, size) as pty:
        session.first_frame = first_frame(pty, marker)
        for _ in range(keys):
            latency, count = press(pty, b"j", KEY_QUIET)
            session.keys.append(latency)
            session.key_bytes.append(count)
        if search:
            press(pty, b"/", SEARCH_QUIET)
            before = len(pty.output)
            sent = pty.send(search.query.encode())
            seen = pty.wait_for(search.marker.encode(), 60)
            last, _ = pty.wait_quiet(SEARCH_QUIET)
            session.search = (last or seen) - sent
            session.search_bytes = len(pty.output) - before
            press(pty, b"\x15", SEARCH_QUIET)  # ctrl+u: clear the search line
            for char in search.query:
                session.search_keys.append(press(pty, char.encode(), SEARCH_QUIET)[0])
            press(pty, b"\r", SEARCH_QUIET)  # close the search line, focus the hit
        session.peak_rss = pty.peak_rss()
        session.truecolor = b"38;2;" in pty.output or b"48;2;" in pty.output
        session.colours_256 = b"38;5;" in pty.output or b"48;5;" in pty.output
    return session


@dataclass(frozen=True)
class SearchPlan:
    query: str
    hits: int  # entries and paragraphs that hold the query
    marker: str  # the source view's heading for the first hit's paragraph


