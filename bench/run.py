"""Measure the app against the goals of "Over SSH and at scale" (a benchmark, not a test).

    .venv/bin/python bench/run.py            # the full run: a 20,000-paragraph bundle, 3 rounds
    .venv/bin/python bench/run.py --quick    # a 2,000-paragraph bundle, 1 round (about 30 s)

The machine is noisy, so every figure is printed beside a baseline measured in the same run,
rounds of the app and its baselines are interleaved, and each figure is the median of its runs.

The app runs for real, in a pseudo-terminal (TERM=xterm-256color, no COLORTERM, so Textual
writes 256 colours), and the figures come from what it writes to the terminal:

first frame
    from spawning the process to the last byte of the first burst of output that contains a
    known text (the story's headline; for the hello-world baseline, its one line of text), a
    burst ending when the output has been quiet for FRAME_QUIET seconds (the quiet gap itself
    is not counted). Same definition for the app and the baseline.
cursor key latency
    from writing `j` (cursor down in the focused timeline) to the last byte written before the
    output has been quiet for KEY_QUIET seconds (the gap is not counted, nothing else is
    subtracted); median over the key presses of all rounds. The bytes read after a key are the
    bytes per cursor move.
search
    `/` opens the search line, then the whole query is written at once (a fast typist; the app
    searches after each character); the figure runs from writing the query to the last byte of
    the first burst of output that shows the first hit, recognised by the heading the source
    view gives its paragraph ("¶ p123 · "), chosen in-process beforehand so that it is not on
    the screen yet. Then the query is cleared and typed again one character at a time, each let
    settle, for the latency of a single search keystroke.
peak RSS
    VmHWM of the app process from /proc/PID/status, read just before quitting with `q`.
check
    `tui.model.load.load_bundle(path)` in this process against the fastest bare parse of the
    same file (read, decode and the compiled `tomli.loads`, with the garbage collector on and
    off, whichever is faster: load_bundle turns it off while it builds), and also as processes:
    `baghouz-tui check PATH` against `python -c "...tomli.loads(...)"`.

Every child process is killed (its whole process group) if anything goes wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import gc
import os
import platform
import select
import shlex
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import tomli  # noqa: E402
from generate_bundle import generate  # noqa: E402

from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.entities import Actor, Bundle, Event, Quote  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402
from tui.model.search import SearchIndex  # noqa: E402

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


def _kill_all() -> None:
    for pgid in list(_LIVE):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pgid, 0)
        _LIVE.discard(pgid)


def _on_signal(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


_DROPPED = (
    "COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM_PROGRAM",
    "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX",
)
_BYTECODE_CACHE: list[Path] = []  # set once by main()


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
    if _BYTECODE_CACHE:
        env["PYTHONPYCACHEPREFIX"] = str(_BYTECODE_CACHE[0])
    return env


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


def plan_search(bundle: Bundle, candidates: Sequence[str]) -> SearchPlan:
    """The first candidate whose first hit is an entry from a paragraph not shown at start."""
    index = SearchIndex(bundle)
    shown = {link.paragraph for link in bundle.events[0].sources} if bundle.events else set()
    every: list[Event | Actor | Quote] = [*bundle.events, *bundle.actors, *bundle.quotes]
    entries = {e.id: e for e in every}
    for query in candidates:
        hits = index.find(query)
        entry = entries.get(hits[0].id) if hits else None
        if entry is not None and entry.sources and entry.sources[0].paragraph not in shown:
            return SearchPlan(query, len(hits), f"¶ {entry.sources[0].paragraph} · ")
    raise RuntimeError(f"no usable search query among {list(candidates)[:10]}")


def search_in_process(
    bundle: Bundle, query: str
) -> tuple[list[float], list[float], list[float]]:
    """Seconds to build the SearchIndex, to find the first hit, and to find every hit."""
    index_times = [timed(lambda: SearchIndex(bundle)) for _ in range(3)]
    index = SearchIndex(bundle)
    find_one = [timed(lambda: index.find(query, limit=1)) for _ in range(5)]
    find_all = [timed(lambda: index.find(query)) for _ in range(5)]
    return index_times, find_one, find_all


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_parse_without_gc(path: Path) -> object:
    gc.disable()
    try:
        return tomli.loads(path.read_bytes().decode("utf-8"))
    finally:
        gc.enable()


def run_process(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, env=child_env(), check=True, capture_output=True, timeout=300
    )
    return time.perf_counter() - start


# --- the report ----------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    goal: str = ""
    passed: bool | None = None


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:.2f} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "goal", "result")
    lines = [header]
    for row in rows:
        baseline = ""
        ratio = ""
        if row.baseline is not None:
            baseline = f"{_show(row.baseline, row.unit)} ({row.baseline_name})"
            ratio = f"{row.value / row.baseline:.2f}x" if row.baseline else "—"
        result = "" if row.passed is None else ("pass" if row.passed else "FAIL")
        lines.append((row.figure, _show(row.value, row.unit), baseline, ratio, row.goal, result))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rule = "-+-".join("-" * w for w in widths)
    for number, line in enumerate(lines):
        print(" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            print(rule)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Measure first frame, key latency, search, memory, output bytes and check.",
    )
    parser.add_argument("--quick", action="store_true", help="2,000 paragraphs, 1 round")
    parser.add_argument("--size", type=int, help="paragraphs in the generated bundle")
    parser.add_argument("--rounds", type=int, help="app sessions per configuration")
    parser.add_argument("--keys", type=int, help="cursor keys per session")
    parser.add_argument("--no-wide", action="store_true", help="skip the 160x48 session")
    options = parser.parse_args(argv)
    size = options.size or (2_000 if options.quick else 20_000)
    rounds = options.rounds or (1 if options.quick else 3)
    keys = options.keys or (10 if options.quick else 30)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "")
    extra = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--quick"]
    print(f"Reproduce: cd {shlex.quote(str(ROOT))} && {command} {shlex.join(extra)}".rstrip())
    load = os.getloadavg()
    print(
        f"{_revision()}; python {platform.python_version()} ({sys.executable}); "
        f"{os.cpu_count()} CPUs, load {load[0]:.2f}; bundle {size:,} paragraphs, "
        f"{rounds} round(s) of {keys} keys, {3 * rounds} more first frames"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="baghouz-bench-") as tmp:
            return _run(Path(tmp), size, rounds, keys, not options.no_wide)
    finally:
        _kill_all()


def _revision() -> str:
    """The commit measured, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tui"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {head}" + (" + uncommitted changes in tui/" if dirty else "")


def _run(tmp: Path, size: int, rounds: int, keys: int, wide: bool) -> int:
    frame_rounds = 3 * rounds
    python = sys.executable
    shipped = shipped_bundle_path()
    big = tmp / f"generated-{size}.toml"
    start = time.perf_counter()
    big.write_text(generate(size), encoding="utf-8")
    print(
        f"generated {big.name}: {big.stat().st_size / MB:.1f} MB "
        f"in {time.perf_counter() - start:.2f} s"
    )
    hello = tmp / "hello_app.py"
    hello.write_text(HELLO_APP, encoding="utf-8")
    small_bundle, _ = load_bundle(shipped)
    small_headline = small_bundle.story.headline
    _BYTECODE_CACHE.append(tmp / "pycache")
    print("warming up (filling the bytecode cache) ...", file=sys.stderr, flush=True)
    run_session([python, str(hello)], NARROW, HELLO_TEXT)
    run_session(APP, NARROW, small_headline[:40])
    run_process([*APP, "check", str(shipped)])
    run_process([python, "-c", TOMLI_ONLY, str(shipped)])

    # --- check, in this process and as processes ------------------------------------------
    parse_times: list[float] = []
    parse_times_no_gc: list[float] = []
    load_times: list[float] = []
    tomli_process: list[float] = []
    check_process: list[float] = []
    for _ in range(max(rounds, 3)):
        parse_times.append(timed(lambda: tomli.loads(big.read_bytes().decode("utf-8"))))
        # load_bundle parses with the collector off; so may the baseline, when that is faster.
        parse_times_no_gc.append(timed(lambda: bare_parse_without_gc(big)))
        load_times.append(timed(lambda: load_bundle(big)))
    for _ in range(rounds):
        tomli_process.append(run_process([python, "-c", TOMLI_ONLY, str(big)]))
        check_process.append(run_process([*APP, "check", str(big)]))

    # --- in-process search --------------------------------------------------------------
    bundle, _ = load_bundle(big)
    surnames = [a.name.split()[-1] for a in bundle.actors if a.kind == "person"]
    big_search = plan_search(bundle, surnames)
    small_search = plan_search(small_bundle, ["Baghouz", "Trump", "caliphate", "Ryan"])
    index_times, find_one, find_all = search_in_process(bundle, big_search.query)
    headline = bundle.story.headline
    del bundle
    gc.collect()

    # --- the app in a terminal ------------------------------------------------------------
    sessions: dict[str, list[Session]] = {"hello": [], "shipped": [], "big": [], "wide": []}
    # First frames are short and noisy: more rounds of them, the app and hello world in turn.
    for _ in range(frame_rounds):
        sessions["hello"].append(run_session([python, str(hello)], NARROW, HELLO_TEXT))
        sessions["shipped"].append(run_session(APP, NARROW, small_headline[:40]))
    for number in range(rounds):
        print(f"round {number + 1}/{rounds} ...", file=sys.stderr, flush=True)
        sessions["shipped"].append(
            run_session(APP, NARROW, small_headline[:40], keys, small_search)
        )
        sessions["big"].append(
            run_session([*APP, str(big)], NARROW, headline[:40], keys, big_search)
        )
        if wide and number == 0:
            sessions["wide"].append(
                run_session([*APP, str(big)], WIDE, headline[:40], keys)
            )

    def each(name: str, get: Callable[[Session], float | None]) -> float:
        values = [v for s in sessions[name] if (v := get(s)) is not None]
        return median(values)

    def keys_of(name: str) -> list[float]:
        return [k for s in sessions[name] for k in s.keys]

    def bytes_of(name: str) -> list[int]:
        return [b for s in sessions[name] for b in s.key_bytes]

    big_name = f"{size // 1000}k" if size >= 1000 else str(size)
    hello_frame = each("hello", lambda s: s.first_frame)
    shipped_frame = each("shipped", lambda s: s.first_frame)
    big_frame = each("big", lambda s: s.first_frame)
    bare_parse = min(median(parse_times), median(parse_times_no_gc))  # the fastest of the two
    rows = [
        Row("first frame, shipped story (80x24)", shipped_frame, "s", "hello world",
            hello_frame, "<= 1.3x", shipped_frame / hello_frame <= 1.3),
        Row("check in-process (load_bundle)", median(load_times), "s", "tomli.loads",
            bare_parse, "<= 1.5x", median(load_times) / bare_parse <= 1.5),
        Row("check process (baghouz-tui check)", median(check_process), "s",
            "python -c tomli.loads", median(tomli_process), "(info)"),
        Row(f"first frame, {big_name} bundle (80x24)", big_frame, "s", "shipped story",
            shipped_frame, "<= 5 s", big_frame <= 5),
        Row(f"cursor key to last byte, {big_name} (80x24), median", median(keys_of("big")),
            "s", "shipped story", median(keys_of("shipped")), "<= 50 ms",
            median(keys_of("big")) <= 0.05),
        Row("cursor key to last byte, shipped (80x24), median", median(keys_of("shipped")),
            "s", "", None, "<= 50 ms", median(keys_of("shipped")) <= 0.05),
    ]
    if sessions["wide"]:
        rows.append(Row(f"cursor key to last byte, {big_name} (160x48), median",
                        median(keys_of("wide")), "s", f"{big_name} at 80x24",
                        median(keys_of("big")), "<= 50 ms", median(keys_of("wide")) <= 0.05))
    big_search_time = each("big", lambda s: s.search)
    rows += [
        Row(f"search to first hit shown, {big_name} (80x24)", big_search_time, "s",
            "shipped story", each("shipped", lambda s: s.search), "<= 0.5 s",
            big_search_time <= 0.5),
        Row(f"search in-process find(limit=1), {big_name}", median(find_one), "s",
            "find() all hits", median(find_all), "(info)"),
        Row(f"peak RSS, {big_name} bundle", each("big", lambda s: s.peak_rss), "MB",
            "hello world", each("hello", lambda s: s.peak_rss), "<= 500 MB",
            each("big", lambda s: s.peak_rss) <= 500 * MB),
        Row("bytes per cursor move, shipped (80x24, 256 col)", median(bytes_of("shipped")),
            "B", "", None, "<= 1,500", median(bytes_of("shipped")) <= 1500),
        Row(f"bytes per cursor move, {big_name} (80x24, 256 col)", median(bytes_of("big")),
            "B", "shipped story", median(bytes_of("shipped")), "<= 1,500",
            median(bytes_of("big")) <= 1500),
    ]
    print()
    print_table(rows)
    print()
    _details(sessions, big_search, small_search, index_times, find_all, load_times,
             parse_times, parse_times_no_gc)
    return 0


def _details(
    sessions: dict[str, list[Session]],
    big_search: SearchPlan,
    small_search: SearchPlan,
    index_times: list[float],
    find_all: list[float],
    load_times: list[float],
    parse_times: list[float],
    parse_times_no_gc: list[float],
) -> None:
    def ms(values: Sequence[float]) -> str:
        return ", ".join(f"{v * 1000:.0f}" for v in values) + " ms"

    out: list[str] = []
    for name, label in (("hello", "hello world"), ("shipped", "shipped story"),
                        ("big", "generated bundle, 80x24"), ("wide", "generated, 160x48")):
        runs = sessions[name]
        if not runs:
            continue
        out.append(f"{label}: first frames {ms([s.first_frame for s in runs])}; "
                   f"peak RSS {', '.join(f'{s.peak_rss / MB:.0f}' for s in runs)} MB")
        keys = sorted(k for s in runs for k in s.keys)
        if keys:
            byte_counts = sorted(b for s in runs for b in s.key_bytes)
            out.append(
                f"  keys: n={len(keys)} min {keys[0] * 1000:.0f} / median "
                f"{median(keys) * 1000:.0f} / p90 {keys[int(len(keys) * 0.9)] * 1000:.0f} / max "
                f"{keys[-1] * 1000:.0f} ms; bytes min {byte_counts[0]:,} / median "
                f"{median(byte_counts):,.0f} / max {byte_counts[-1]:,}"
            )
        searches = [s for s in runs if s.search is not None]
        if searches:
            plan = big_search if name == "big" else small_search
            typing = [k for s in searches for k in s.search_keys]
            out.append(
                f"  search {plan.query!r} ({plan.hits} hits): query to hit shown "
                f"{ms([s.search or 0 for s in searches])} "
                f"({', '.join(f'{s.search_bytes:,}' for s in searches)} B); typed one key at a "
                f"time: per key median {median(typing) * 1000:.0f} ms, "
                f"max {max(typing, default=0) * 1000:.0f} ms"
            )
        colours = {s.truecolor for s in runs}
        if True in colours or not all(s.colours_256 for s in runs):
            out.append("  WARNING: expected 256-colour output only (saw 24-bit colour codes)")
    out.append(
        f"check in-process runs: load_bundle {ms(load_times)}; tomli {ms(parse_times)}; "
        f"tomli with the garbage collector off {ms(parse_times_no_gc)} (the baseline is the "
        "faster of the two)"
    )
    out.append(f"SearchIndex build {ms(index_times)}; find() all hits {ms(find_all)}")
    out.append(
        f"definitions: first frame = spawn to last byte before {FRAME_QUIET * 1000:.0f} ms of "
        f"quiet after the headline appeared; key = `j` to last byte before "
        f"{KEY_QUIET * 1000:.0f} ms of quiet; search = query written to last byte before "
        f"{SEARCH_QUIET * 1000:.0f} ms of quiet, once the first hit's paragraph is shown"
    )
    for line in out:
        print(textwrap.fill(line, 100, subsequent_indent="    "))


if __name__ == "__main__":
    sys.exit(main())
