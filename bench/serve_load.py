"""Load on the SSH desk: sessions held at once, each still responsive (a benchmark, not a test).

    .venv/bin/python bench/serve_load.py            # 1, 5, 10 and 25 sessions (~2 minutes)
    .venv/bin/python bench/serve_load.py --quick    # 1 and 5 sessions
    .venv/bin/python bench/serve_load.py --stages 1,25,40

A real `baghouz-tui serve --ssh` on 127.0.0.1 and real OpenSSH clients, each in a pty of its
own (80x24, TERM=xterm-256color), all driven from one event loop here. Figures, each beside a
baseline measured in the same run (the machine is noisy: compare ratios):

first frame over ssh
    from spawning `ssh` to the last byte of the first burst that holds the story's headline
    (the burst ends after FRAME_QUIET s of silence, not counted), against the same for the
    app run locally in a pty with the very command and environment the server gives it;
    and at each stage, for the last (up to 3) sessions opened with the others running.
cursor key to redraw at N sessions
    N sessions open; every one of them presses `j` and `k` in turn (cursor down, up: each
    key moves the cursor) KEYS times at once with the others, a random pause of up to
    0.3 s between presses (editors reading fast); the figure is the median, over every
    press of every session, of the time from writing the key to the last byte of its
    redraw (KEY_QUIET s of silence end it), with the 90th
    percentile and the slowest session's own median beside it (every session must stay
    responsive, not only most). Baseline: the same with one session. Goal: under 2x at
    25 sessions.
memory per session
    the median over the apps of their proportional set size (Pss: shared libraries split
    among the processes using them) and RSS, from /proc; the server's own RSS growth per
    session beside them.

The ssh clients run on this machine too and take their share of its CPUs; on a real desk
they run on the editors' machines, so these figures are on the safe side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import MB, Row, median, print_table  # noqa: E402
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.load import load_bundle  # noqa: E402
from tui.serve.child_command import Stories, app_argv, app_environment  # noqa: E402

FRAME_QUIET = 0.15
KEY_QUIET = 0.15
SIZE = (80, 24)
HEADLINE = b"Isis stall advance"


class Terminal:
    """A process in a pty of its own, read by the event loop; every chunk is timed."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.spawned = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:
            try:
                cols, rows = SIZE
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        os.set_blocking(fd, False)
        self.output = bytearray()
        self.last = self.spawned  # time of the last chunk
        self.closed = False
        self._changed = asyncio.Event()
        asyncio.get_running_loop().add_reader(fd, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.closed = True
            asyncio.get_running_loop().remove_reader(self.fd)
        else:
            self.output += data
            self.last = time.perf_counter()
        self._changed.set()

    async def _next(self, timeout: float) -> bool:
        self._changed.clear()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def wait_for(self, marker: bytes, timeout: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout
        while marker not in self.output:
            if self.closed or time.perf_counter() > deadline:
                tail = self.output[-300:]
                raise RuntimeError(f"{marker!r} never came (closed={self.closed}): {tail!r}")
            await self._next(deadline - time.perf_counter())

    async def quiet(self, gap: float, timeout: float = 30.0) -> float:
        """Wait until nothing has come for `gap` s; the time of the last chunk."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not await self._next(gap) or self.closed:
                return self.last
        raise RuntimeError("the output never went quiet")

    async def first_frame(self) -> float:
        await self.wait_for(HEADLINE)
        return await self.quiet(FRAME_QUIET) - self.spawned

    def send(self, data: bytes) -> float:
        os.write(self.fd, data)
        return time.perf_counter()

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            asyncio.get_running_loop().remove_reader(self.fd)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


async def press_keys(terminal: Terminal, keys: int, rng: random.Random) -> list[float]:
    """Cursor down, up, down...: every key moves the cursor (a key at the end of the list
    would redraw nothing), whatever the session pressed before."""
    latencies = []
    for number in range(keys):
        await asyncio.sleep(rng.uniform(0, 0.3))
        before = len(terminal.output)
        sent = terminal.send(b"j" if number % 2 == 0 else b"k")
        last = await terminal.quiet(KEY_QUIET)
        if len(terminal.output) > before:
            latencies.append(last - sent)
    return latencies


def memory(pid: int) -> tuple[int, int]:
    """(Pss, RSS) in bytes."""
    pss = rss = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    return pss, rss


def server_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def app_pids(server: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path("/proc", entry, "stat").read_text().rpartition(")")[2].split()
                children.setdefault(int(stat[1]), []).append(int(entry))
    found, todo = [], [server]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            with contextlib.suppress(OSError):
                if b"-m\0tui\0--reviewer" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(child)
    return found


class Desk:
    def __init__(self, tmp: Path, bundle: Path) -> None:
        key = tmp / "key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f",
                        str(key)], check=True, capture_output=True)  # fmt: skip
        (tmp / "authorized_keys").write_text(
            f'reviewer="Bench" {key.with_suffix(".pub").read_text()}'
        )
        self.key = key
        self.log = tmp / "serve.log"
        env = dict(os.environ, XDG_DATA_HOME=str(tmp / "data"), HOME=str(tmp))
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tui", "serve", "--ssh", "127.0.0.1:0",
                 "--authorized-keys", str(tmp / "authorized_keys"), "--host-key",
                 str(tmp / "host_key"), "--max-sessions", "500", "--max-sessions-per-key",
                 "500", "--idle-timeout", "0", str(bundle)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while (match := re.search(r"port (\d+)", self.log.read_text())) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.log.read_text()}")
            time.sleep(0.05)
        self.port = int(match.group(1))
        self.env = {k: v for k, v in os.environ.items() if k not in ("SSH_AUTH_SOCK",)}
        self.env.update(TERM="xterm-256color", LANG="C.UTF-8", HOME=str(tmp))

    def client(self) -> Terminal:
        ssh = shutil.which("ssh") or "/usr/bin/ssh"
        argv = [ssh, "-tt", "-F", "/dev/null", "-i", str(self.key), "-p", str(self.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "bench@127.0.0.1"]  # fmt: skip
        return Terminal(argv, self.env)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


async def measure(tmp: Path, stages: list[int], keys: int, frames: int) -> list[Row]:
    bundle = tmp / "baghouz.toml"
    shutil.copyfile(shipped_bundle_path(), bundle)
    load_bundle(bundle)
    rows: list[Row] = []
    rng = random.Random(19)

    # The app run locally, as the server runs it, against ssh to the same first frame.
    local_env = app_environment(dict(os.environ, XDG_DATA_HOME=str(tmp / "local")),
                                term="xterm-256color")
    local_argv = app_argv("Bench", Stories((bundle,)))
    desk = Desk(tmp, bundle)
    sessions: list[Terminal] = []
    try:
        local_frames, ssh_frames = [], []
        for _ in range(frames):  # interleaved, so both see the same machine
            terminal = Terminal(local_argv, local_env)
            local_frames.append(await terminal.first_frame())
            terminal.close()
            terminal = desk.client()
            ssh_frames.append(await terminal.first_frame())
            terminal.close()
        rows.append(Row("first frame, ssh to 127.0.0.1, 80x24", median(ssh_frames), "s",
                        "the app run locally", median(local_frames)))
        await asyncio.sleep(1)  # the closed sessions' apps are gone
        idle_rss = server_rss(desk.process.pid)

        baseline: float | None = None
        for stage in stages:
            opened = []
            while len(sessions) < stage:
                terminal = desk.client()
                opened.append(await terminal.first_frame())
                sessions.append(terminal)
            await asyncio.sleep(0.5)
            # One session alone presses three times as many keys: the baseline's sample.
            count = keys * 3 if stage == 1 else keys
            results = await asyncio.gather(*(press_keys(t, count, rng) for t in sessions))
            latencies = [value for result in results for value in result]
            value = median(latencies)
            baseline = value if baseline is None else baseline
            goal = "< 2x" if stage == 25 else ""
            rows.append(Row(
                f"cursor key to redraw, {stage} sessions at once ({len(latencies)} keys)",
                value, "s", "1 session", baseline, goal,
                passed=(value < 2 * baseline) if stage == 25 else None,
            ))  # fmt: skip
            p90 = sorted(latencies)[int(0.9 * (len(latencies) - 1))] if latencies else 0.0
            rows.append(Row(f"  90th percentile, {stage} sessions", p90, "s"))
            slowest = max(median(result) for result in results if result)
            rows.append(Row(f"  the slowest session's median, {stage} sessions", slowest, "s",
                            "1 session", baseline))
            if opened:
                rows.append(Row(
                    f"  first frame of the sessions opened up to {stage} (median of "
                    f"{len(opened[-3:])})", median(opened[-3:]), "s", "ssh, none open",
                    median(ssh_frames),
                ))  # fmt: skip
        apps = app_pids(desk.process.pid)
        sizes = [memory(pid) for pid in apps]
        pss = median([s[0] for s in sizes])
        rss = median([s[1] for s in sizes])
        growth = (server_rss(desk.process.pid) - idle_rss) / max(len(sessions), 1)
        rows.append(Row(f"memory per session: app Pss ({len(apps)} apps)", pss, "MB",
                        "its RSS", rss))  # fmt: skip
        rows.append(Row("memory per session: the server's own RSS growth", growth, "B"))
    finally:
        for terminal in sessions:
            terminal.close()
        desk.stop()
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sessions held at once on the SSH desk.")
    parser.add_argument("--quick", action="store_true", help="1 and 5 sessions")
    parser.add_argument("--stages", help="session counts, e.g. 1,10,25 (default 1,5,10,25)")
    parser.add_argument("--keys", type=int, default=20, help="cursor keys per session a stage")
    parser.add_argument("--frames", type=int, default=3, help="first frames of each kind")
    options = parser.parse_args(argv)
    stages = [int(n) for n in (options.stages or ("1,5" if options.quick else "1,5,10,25"))
              .split(",")]  # fmt: skip
    if shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        print("the OpenSSH client (ssh, ssh-keygen) is needed", file=sys.stderr)
        return 2
    load = os.getloadavg()
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs, load {load[0]:.2f}; "
          f"stages {stages}, {options.keys} keys per session per stage; shipped story")
    with tempfile.TemporaryDirectory(prefix="baghouz-serve-load-") as tmp:
        rows = asyncio.run(measure(Path(tmp), stages, options.keys, options.frames))
    print_table(rows)
    print(f"(MB = {MB:,} bytes)")
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
