"""The app over a real SSH connection, and what is left on the server when it drops.

A private OpenSSH server is started for these tests only: loopback address, a free high
port, host and user keys made on the spot in a temporary directory, and its own config (the
system's /etc/ssh is never read). The client runs in a local pty, as a person's terminal
would; the app runs on the server side in the pty sshd gives it.

Skipped, with the reason, only when `sshd` is not installed (Debian: openssh-server).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ptyapp import (
    HEADLINE,
    REPO,
    PtyProcess,
    descendants,
    pids_with_marker,
    unique_marker,
    unrestored,
    wait_until,
)

# Each test connects for real (a few seconds); they still belong to the default run.
pytestmark = pytest.mark.slow

LOOPBACK = "127.0.0.1"
STARTUP = 20.0  # ssh handshake plus the app's first frame, on a slow CI runner
GONE_WITHIN = 3.0  # server-side processes after the client dies


def _find(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for d in ("/usr/sbin", "/usr/bin", "/sbin") if (p := Path(d, name)).is_file()),
        None,
    )


SSHD = _find("sshd")
SSH = _find("ssh")
SSH_KEYGEN = _find("ssh-keygen")


@dataclass
class Server:
    port: int
    user: str
    key: Path
    home: Path
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.connect((LOOPBACK, port))
        except OSError:
            return False
        # sshd greets first; a reply proves it is ours and not some other listener.
        try:
            return sock.recv(64).startswith(b"SSH-")
        except OSError:
            return False


def _kill(pids: set[int] | list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _keygen(path: Path) -> None:
    assert SSH_KEYGEN is not None
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "baghouz-ssh-test", "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )


def _write_config(directory: Path, port: int, user: str) -> Path:
    config = directory / "sshd_config"
    lines = [
        f"ListenAddress {LOOPBACK}:{port}",
        f"HostKey {directory / 'host_key'}",
        f"PidFile {directory / 'sshd.pid'}",
        f"AuthorizedKeysFile {directory / 'authorized_keys'}",
        f"AllowUsers {user}",
        # Tests run as root in CI containers; key login only, on this loopback server only.
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "StrictModes no",
        "UsePAM no",
        "UseDNS no",
        "PermitUserEnvironment no",
        "AllowAgentForwarding no",
        "AllowTcpForwarding no",
        "X11Forwarding no",
        "PrintMotd no",
        "PrintLastLog no",
        "MaxStartups 10:30:100",
        "LogLevel VERBOSE",
    ]
    config.write_text("\n".join(lines) + "\n")
    return config


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if SSHD is None:
        pytest.skip("sshd is not installed (Debian: apt-get install openssh-server)")
    if SSH is None or SSH_KEYGEN is None:
        pytest.skip("the OpenSSH client (ssh, ssh-keygen) is not installed")
    directory = tmp_path_factory.mktemp("sshd")
    directory.chmod(0o700)
    user = pwd.getpwuid(os.geteuid()).pw_name
    _keygen(directory / "host_key")
    _keygen(directory / "user_key")
    (directory / "authorized_keys").write_bytes((directory / "user_key.pub").read_bytes())
    (directory / "authorized_keys").chmod(0o600)
    home = directory / "home"
    home.mkdir()
    if os.geteuid() == 0:
        # sshd running as root needs its privilege separation directory (normally made by
        # systemd-tmpfiles, which containers do not run).
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)

    log = directory / "sshd.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):  # the free port can be taken between probe and bind
            port = _free_port()
            process = _start_sshd(_write_config(directory, port, user), port, log)
            if process is not None:
                break
        if process is None:
            pytest.fail(f"sshd did not start:\n{log.read_text(errors='replace')[-3000:]}")
        yield Server(port, user, directory / "user_key", home, process, log)
    finally:
        if process is not None:
            _stop(process)


def _start_sshd(config: Path, port: int, log: Path) -> subprocess.Popen[bytes] | None:
    """sshd in the foreground, logging to `log`; None if it did not come up on `port`."""
    assert SSHD is not None
    check = subprocess.run(
        [SSHD, "-t", "-f", str(config)], capture_output=True, text=True, timeout=30
    )
    assert check.returncode == 0, f"sshd rejects its config: {check.stderr}"
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    up = wait_until(lambda: _listening(port) or process.poll() is not None, 10, 0.05)
    if up and process.poll() is None:
        return process
    _stop(process)
    return None


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the test run itself dies (Linux), so no sshd outlives it."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop sshd and everything under it (connection handlers, sessions, their shells)."""
    below = descendants(process.pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(3)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(3)
    _kill(below | descendants(process.pid))


def remote_command(marker: str, home: Path) -> str:
    """What the server runs: this checkout's app under this interpreter, marked."""
    env = {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    app = shlex.join([sys.executable, "-m", "tui", "--reviewer", marker])
    return f"cd {shlex.quote(str(REPO))} && exec env {assignments} {app}"


def connect(server: Server, marker: str, *, cols: int = 80, rows: int = 24) -> PtyProcess:
    assert SSH is not None
    argv = [
        SSH, "-tt", "-F", "/dev/null",
        "-i", str(server.key), "-p", str(server.port),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=0",
        f"{server.user}@{LOOPBACK}",
        remote_command(marker, server.home),
    ]  # fmt: skip
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SSH_AUTH_SOCK", "COLORTERM", "NO_COLOR", "DISPLAY")
    }
    env.update(TERM="xterm-256color", HOME=str(server.home), LANG="C.UTF-8")
    return PtyProcess(argv, env=env, cols=cols, rows=rows)


@pytest.fixture
def client(server: Server) -> Iterator[tuple[PtyProcess, str]]:
    marker = unique_marker("ssh-test")
    session = connect(server, marker)
    try:
        if not session.wait_for_text(HEADLINE, STARTUP):
            pytest.fail(
                f"no headline over ssh: {session.describe()}\nsshd log:\n{server.log_text()}"
            )
        yield session, marker
    finally:
        session.close()
        _kill(pids_with_marker(marker))


def server_app_pids(marker: str, session: PtyProcess) -> list[int]:
    """The app's processes: those with the marker, except the ssh client (whose command
    line carries the remote command, marker included)."""
    return [pid for pid in pids_with_marker(marker) if pid != session.pid]


def _pane(title: str) -> re.Pattern[str]:
    return re.compile(rf"─ {title} \d+/\d+ ")


def drive(session: PtyProcess) -> None:
    """Keys and a resize go through ssh and the screen follows."""
    session.wait_for_quiet(0.3, 5)
    # 80 columns: the narrow layout shows one list at a time.
    session.send("2")
    assert session.wait_for_screen(
        lambda s: _pane("2 Actors").search(s) is not None and "Islamic State (Isis)" in s
        and _pane("1 Timeline").search(s) is None, 10,
    ), f"actors pane not shown:\n{session.screen().text()}"
    session.send("1")
    assert session.wait_for_screen(
        lambda s: _pane("1 Timeline").search(s) is not None and _pane("2 Actors").search(s) is None,
        10,
    ), f"timeline pane not shown:\n{session.screen().text()}"
    # The client forwards a window change; wide enough, every pane shows at once.
    session.resize(140, 40, signal_too=False)
    assert session.wait_for_screen(
        lambda s: all(_pane(t).search(s) for t in ("1 Timeline", "2 Actors", "3 Quotes")), 10
    ), f"no wide layout after the resize:\n{session.screen().text()}"


def test_dropped_connection_leaves_no_app_on_the_server(
    server: Server, client: tuple[PtyProcess, str]
) -> None:
    session, marker = client
    drive(session)
    app_pids = server_app_pids(marker, session)
    assert app_pids, "the app's server-side process cannot be found by its marker"
    handlers = descendants(server.process.pid)
    assert handlers, "no sshd session processes for the connection"

    session.signal(signal.SIGKILL)  # the client dies without a word: the connection drops
    assert session.wait(5) is not None, "the ssh client survived SIGKILL"
    gone = wait_until(lambda: not server_app_pids(marker, session), GONE_WITHIN)
    assert gone, (
        f"app still running on the server {GONE_WITHIN}s after the connection dropped: "
        f"{pids_with_marker(marker)}\nsshd log:\n{server.log_text()}"
    )
    # sshd's own session processes for that connection end too (nothing else is connected).
    assert wait_until(lambda: not descendants(server.process.pid) & handlers, GONE_WITHIN), (
        f"sshd session processes left: {descendants(server.process.pid) & handlers}"
    )
    assert server.process.poll() is None, "sshd itself died"


def test_quit_over_ssh_restores_the_terminal(
    server: Server, client: tuple[PtyProcess, str]
) -> None:
    session, marker = client
    drive(session)
    session.send("q")
    # ssh exits with the remote command's status.
    assert session.wait(10) == 0, session.describe()
    session.drained()
    left = unrestored(session.output)
    assert not left, f"terminal not restored over ssh ({', '.join(left)})"
    assert wait_until(lambda: not server_app_pids(marker, session), GONE_WITHIN)


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_to_the_remote_app_ends_the_session(
    server: Server, client: tuple[PtyProcess, str], number: int
) -> None:
    """`kill` on the server (an admin, a service manager) ends the app and the session."""
    session, marker = client
    session.wait_for_quiet(0.3, 5)
    app_pids = server_app_pids(marker, session)
    assert app_pids, "the app's server-side process cannot be found by its marker"
    sent = time.monotonic()
    _signal_all(app_pids, number)
    assert wait_until(lambda: not server_app_pids(marker, session), 1.0), (
        f"app still running 1s after {number!r}"
    )
    took = time.monotonic() - sent
    assert took <= 1.0
    assert session.wait(5) == 128 + number, session.describe()
    session.drained()
    left = unrestored(session.output)
    assert not left, f"terminal not restored after {number!r} ({', '.join(left)})"


def _signal_all(pids: list[int], number: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)
