"""`baghouz-tui serve --ssh` against a real OpenSSH client (`ssh`, `sftp`), on 127.0.0.1.

The server runs as its command does (`python -m tui serve --ssh 127.0.0.1:0 ...`, port 0:
the kernel picks a free one, the server logs it). Keys are made on the spot with ssh-keygen;
the client runs in a local pty, as a person's terminal would. The app's processes are found
as the server's descendants through /proc.

Skipped, with the reason, only when the OpenSSH client is not installed (Debian:
openssh-client).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ptyapp import HEADLINE, REPO, PtyProcess, descendants, wait_until

pytestmark = pytest.mark.slow

SSH = shutil.which("ssh")
SFTP = shutil.which("sftp")
SSH_KEYGEN = shutil.which("ssh-keygen")
STARTUP = 20.0  # handshake plus the app's first frame, on a slow machine
GONE_WITHIN = 3.0  # the server gives the app 0.8 s, then kills its group; slack for CI
SECRET = "serve-test-secret-4f1c"  # in the server's environment, never in the app's

KEYS = {  # name -> (options, comment)
    "maria": ('reviewer="Maria Lopez"', "maria@laptop"),
    "tomas": ("", "tomas@desk"),
    "busy": ('reviewer="Busy Desk"', "busy"),
    "restricted": ('restrict,reviewer="Read Only"', "ro"),
    "office": ('from="192.0.2.0/24",reviewer="Office Only"', "office"),
}


def _keygen(path: Path, comment: str) -> None:
    assert SSH_KEYGEN is not None
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True, stdin=subprocess.DEVNULL, capture_output=True, timeout=30,
    )  # fmt: skip


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Desk:
    """A running `serve --ssh` and what it serves."""

    directory: Path
    keys: dict[str, Path]
    bundle: Path
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0
    clients: list[PtyProcess] = field(default_factory=list)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def ssh_argv(self, key: str, *extra: str, user: str = "editor") -> list[str]:
        assert SSH is not None
        return [
            SSH, "-F", "/dev/null", "-i", str(self.keys[key]), "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
            "-o", "LogLevel=ERROR", *extra, f"{user}@127.0.0.1",
        ]  # fmt: skip

    def run(self, key: str, *extra: str, command: Sequence[str] = (), timeout: float = 30,
            user: str = "editor") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.ssh_argv(key, *extra, user=user), *command], capture_output=True,
            text=True, stdin=subprocess.DEVNULL, timeout=timeout, check=False,
        )  # fmt: skip

    def connect(self, key: str, *, cols: int = 80, rows: int = 24, user: str = "editor",
                wait: bool = True) -> PtyProcess:
        """`ssh HOST` typed at a terminal (the client asks for a pty as it does there)."""
        env = {k: v for k, v in os.environ.items() if k not in ("SSH_AUTH_SOCK", "COLORTERM")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", HOME=str(self.directory))
        client = PtyProcess(self.ssh_argv(key, user=user), env=env, cols=cols, rows=rows)
        self.clients.append(client)
        if wait and not client.wait_for_text(HEADLINE, STARTUP):
            pytest.fail(f"no headline over ssh: {client.describe()}\n{self.log_text()[-3000:]}")
        return client

    def apps(self) -> list[int]:
        """The app processes under the server."""
        return [pid for pid in descendants(self.process.pid) if " -m tui --reviewer" in
                _cmdline(pid)]

    def review(self) -> dict[str, dict[str, object]]:
        from test_review_helpers import current_marks

        return current_marks(self.bundle, "baghouz-2019")

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        below = descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for pid in below | descendants(self.process.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def start_desk(directory: Path, *options: str) -> Desk:
    if SSH is None or SSH_KEYGEN is None:
        pytest.skip("the OpenSSH client (ssh, ssh-keygen) is not installed (Debian: "
                    "apt-get install openssh-client)")
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    keys: dict[str, Path] = {}
    lines = []
    for name, (key_options, comment) in KEYS.items():
        keys[name] = directory / f"{name}_key"
        _keygen(keys[name], comment)
        lines.append(f"{key_options} {keys[name].with_suffix('.pub').read_text().strip()}")
    keys["wrong"] = directory / "wrong_key"
    _keygen(keys["wrong"], "not in the file")
    authorized = directory / "authorized_keys"
    authorized.write_text("# the desk's editors\n" + "\n".join(lines) + "\n")
    bundle = directory / "baghouz.toml"
    shutil.copyfile(REPO / "content" / "baghouz.toml", bundle)
    log = directory / "serve.log"
    env = dict(os.environ, XDG_DATA_HOME=str(directory / "data"), HOME=str(directory),
               SERVE_TEST_SECRET=SECRET, PYTHONDONTWRITEBYTECODE="1")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--ssh", "127.0.0.1:0",
             "--authorized-keys", str(authorized), "--host-key", str(directory / "host_key"),
             *options, str(bundle)],
            stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, cwd=REPO, env=env,
        )  # fmt: skip
    desk = Desk(directory, keys, bundle, process, log)
    found = wait_until(
        lambda: "serving on" in desk.log_text() or process.poll() is not None, 30, 0.05
    )
    match = re.search(r"serving on 127\.0\.0\.1 port (\d+)", desk.log_text())
    if not found or match is None:
        desk.stop()
        pytest.fail(f"the server did not start:\n{desk.log_text()}")
    desk.port = int(match.group(1))
    return desk


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    running = start_desk(
        tmp_path_factory.mktemp("desk"), "--login-timeout", "4", "--max-auth-delay", "1",
        "--max-sessions-per-key", "2",
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def fresh_desk(tmp_path: Path) -> Iterator[Desk]:
    """A server of its own, for tests that stop it."""
    running = start_desk(tmp_path / "desk")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def idle_desk(tmp_path: Path) -> Iterator[Desk]:
    running = start_desk(tmp_path / "desk", "--idle-timeout", "3")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def desk(shared_desk: Desk) -> Iterator[Desk]:
    """The module's server; each test's clients are closed after it."""
    yield shared_desk
    for client in shared_desk.clients:
        client.close()
    shared_desk.clients.clear()
    wait_until(lambda: not shared_desk.apps(), GONE_WITHIN)


def _reviewed(count: int) -> str:
    """The header's progress on the shipped story with `count` entries marked."""
    from tui.model.content import shipped_bundle_path
    from tui.model.load import load_bundle

    bundle, _ = load_bundle(shipped_bundle_path())
    total = len(bundle.events) + len(bundle.actors) + len(bundle.quotes)
    return f"{count}/{total} reviewed"


# -- who gets in ----------------------------------------------------------------------------


def test_a_key_not_in_the_file_is_refused(desk: Desk) -> None:
    result = desk.run("wrong", command=["true"])
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr
    assert wait_until(lambda: "outcome=auth-failed refused-keys=1" in desk.log_text(), 5)
    assert desk.apps() == []


def test_no_password_or_keyboard_interactive_login_is_offered(desk: Desk) -> None:
    result = desk.run("wrong", "-o", "PreferredAuthentications=password,keyboard-interactive",
                      command=["true"])
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr  # the only method offered


def test_from_option_keeps_a_key_to_its_addresses(desk: Desk) -> None:
    result = desk.run("office", command=["true"])
    assert result.returncode == 255 and "Permission denied" in result.stderr
    assert wait_until(lambda: "from= does not allow 127.0.0.1" in desk.log_text(), 5)


def test_the_key_names_the_reviewer_whatever_user_name_is_sent(desk: Desk) -> None:
    before = desk.review()
    client = desk.connect("maria", user="mallory")
    client.wait_for_quiet(0.3, 5)
    client.send("v")
    assert wait_until(lambda: len(desk.review()) > len(before), 10), client.screen().text()
    new = [mark for key, mark in desk.review().items() if key not in before]
    assert [(mark["reviewer"], mark["mark"]) for mark in new] == [("Maria Lopez", "verified")]
    client.send("q")
    assert client.wait(10) == 0, client.describe()
    assert wait_until(lambda: 'key="Maria Lopez"' in desk.log_text() and
                      "outcome=quit exit=0 size=80x24" in desk.log_text(), 5), desk.log_text()
    assert 'user="mallory"' in desk.log_text()  # logged, not believed


def test_two_editors_at_once_both_marks_are_kept(desk: Desk) -> None:
    before = desk.review()
    maria = desk.connect("maria")
    tomas = desk.connect("tomas")
    for client in (maria, tomas):
        client.wait_for_quiet(0.3, 5)
    # Different entries, same story, same review file, both sessions open.
    tomas.send("jjx")
    maria.send("jjjjf")
    marked = wait_until(lambda: len(desk.review()) >= len(before) + 2, 10)
    assert marked, (desk.review(), maria.screen().text(), tomas.screen().text())
    new = {k: v for k, v in desk.review().items() if before.get(k) != v}
    by = {mark["reviewer"]: mark["mark"] for mark in new.values()}
    # Without reviewer= the key's comment is the name.
    assert by == {"Maria Lopez": "needs-fix", "tomas@desk": "disputed"}
    # Each sees the other's mark after a reload (ctrl+r), so neither replaced the other's.
    maria.send("\x12")
    total = len(desk.review())
    assert maria.wait_for_screen(lambda s: _reviewed(total) in s, 10), maria.screen().text()


def test_a_key_with_restrict_gets_no_terminal(desk: Desk) -> None:
    client = desk.connect("restricted", wait=False)
    assert client.wait(20) == 1, client.describe()
    assert "PTY allocation request failed" in client.text()
    assert "baghouz-tui: this key may not open a terminal" in client.text()
    assert desk.apps() == []


def test_sessions_per_key_are_limited(desk: Desk) -> None:
    first, second = desk.connect("busy"), desk.connect("busy")
    third = desk.run("busy", "-tt")
    assert third.returncode == 1
    assert "this key already has 2 sessions open" in third.stdout + third.stderr
    assert len(desk.apps()) == 2
    for client in (first, second):
        client.send("q")
        assert client.wait(10) == 0


# -- what is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "command", "message"),
    [
        ((), ["ls", "/"], "runs no commands"),
        (("-t",), ["ls"], "runs no commands"),
        ((), ["scp", "-t", "/tmp"], "no file transfer"),
        (("-T",), [], "needs a terminal"),
        (("-s",), ["sftp"], "no file transfer"),
    ],
    ids=["exec", "exec-with-pty", "legacy-scp", "no-pty", "subsystem"],
)
def test_anything_but_the_app_is_refused_with_one_line(
    desk: Desk, extra: tuple[str, ...], command: list[str], message: str
) -> None:
    result = desk.run("maria", *extra, command=command)
    assert result.returncode == 1
    said = [line for line in (result.stdout + result.stderr).splitlines() if "baghouz-tui" in line]
    assert len(said) == 1 and message in said[0], result
    assert desk.apps() == []


def test_sftp_is_refused(desk: Desk) -> None:
    if SFTP is None:
        pytest.skip("sftp is not installed (Debian: openssh-client)")
    options = desk.ssh_argv("maria")[1:-1]
    port = options.index("-p")
    options[port : port + 2] = ["-P", str(desk.port)]
    result = subprocess.run(
        [SFTP, "-b", "-", *options, "editor@127.0.0.1"],
        input="ls\n", capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "no file transfer (sftp, scp)" in result.stderr, result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_local_forwarding_is_refused_and_the_connection_dropped(desk: Desk) -> None:
    local = _free_port()
    assert SSH is not None
    argv = desk.ssh_argv("maria", "-N", "-L", f"{local}:127.0.0.1:{desk.port}")
    argv[argv.index("LogLevel=ERROR")] = "LogLevel=INFO"
    forwarder = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
    try:
        # Once the client listens, a connection through it gets nothing from the far end.
        assert wait_until(lambda: _accepts(local) or forwarder.poll() is not None, 10)
        if forwarder.poll() is None:
            with socket.create_connection(("127.0.0.1", local), timeout=5) as sock:
                sock.settimeout(5)
                with contextlib.suppress(ConnectionError, TimeoutError):
                    assert not sock.recv(64).startswith(b"SSH-")
        _, stderr = forwarder.communicate(timeout=15)
    finally:
        forwarder.kill()
    assert forwarder.returncode == 255
    assert "forwarding is not allowed" in stderr, stderr
    assert wait_until(lambda: "outcome=refused-forwarding" in desk.log_text(), 5)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_a_connection_that_never_asks_for_a_session_is_sent_away(desk: Desk) -> None:
    started = time.monotonic()
    result = desk.run("maria", "-N", "-o", "LogLevel=INFO", timeout=30)
    assert result.returncode == 255
    assert "no terminal session was opened in time" in result.stderr
    assert time.monotonic() - started < 15  # the login timeout is 4 s


def test_a_connection_kept_open_after_its_session_is_closed(desk: Desk) -> None:
    """An OpenSSH master connection (ControlPersist) would outlive its session: the server
    closes it soon after, so an idle connection holds no socket for ever."""
    control = desk.directory / "cm"
    options = ["-o", "ControlMaster=yes", "-o", f"ControlPath={control}",
               "-o", "ControlPersist=60"]  # fmt: skip
    first = desk.run("maria", *options, command=["ls"])
    assert first.returncode == 1 and "runs no commands" in first.stderr
    assert wait_until(lambda: not control.exists(), 10), "the master connection stayed open"


def test_remote_forwarding_is_refused(desk: Desk) -> None:
    result = desk.run("maria", "-N", "-R", f"{_free_port()}:127.0.0.1:22",
                      "-o", "ExitOnForwardFailure=yes")
    assert result.returncode == 255
    assert "remote port forwarding failed" in result.stderr


def test_failed_logins_from_one_address_are_slowed_down(desk: Desk) -> None:
    """30 refused keys from 127.0.0.2, ten at a time: the first few are answered at once,
    then each is held back longer (doubling up to --max-auth-delay, 1 s here), as each
    connection's log line says; another address is not slowed, and a good key from the
    slowed address gets in without waiting."""
    assert SSH is not None
    argv = [*desk.ssh_argv("wrong", "-b", "127.0.0.2"), "true"]
    for _ in range(3):
        batch = [subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(10)]
        for attempt in batch:
            assert attempt.wait(30) == 255
    assert wait_until(lambda: desk.log_text().count("addr=127.0.0.2") >= 30, 10)

    def delays(address: str) -> list[float]:
        lines = [line for line in desk.log_text().splitlines() if f"addr={address}:" in line]
        return [float(m.group(1)) if (m := re.search(r" delayed=([0-9.]+)s", line)) else 0.0
                for line in lines]

    slowed = delays("127.0.0.2")
    assert len(slowed) == 30
    assert slowed.count(0.0) <= 3, slowed  # the first few refusals only
    assert sorted(slowed)[-20:] == [1.0] * 20, slowed  # then held back, up to the cap
    before = len(delays("127.0.0.1"))
    desk.run("wrong", command=["true"])  # 127.0.0.1: its own count
    assert wait_until(lambda: len(delays("127.0.0.1")) > before, 10)
    assert delays("127.0.0.1")[-1] == 0.0
    good = desk.run("maria", "-b", "127.0.0.2", command=["ls"])
    assert good.returncode == 1 and "runs no commands" in good.stderr
    assert wait_until(lambda: len(delays("127.0.0.2")) == 31, 10)
    assert delays("127.0.0.2")[-1] == 0.0  # the good key's connection waited for nothing


# -- the app's terminal and its end ---------------------------------------------------------------


def test_the_app_runs_in_its_own_terminal_with_a_trimmed_environment(desk: Desk) -> None:
    client = desk.connect("maria", cols=100, rows=30)
    (pid,) = desk.apps()
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    pgrp, session, tty_nr, tpgid = (int(fields[i]) for i in (2, 3, 4, 5))
    assert session == pid and pgrp == pid, "the app leads its own session and group"
    assert tty_nr != 0 and tpgid == pid, "its pty is its controlling terminal, in front"
    environ = dict(
        item.split("=", 1) for item in
        Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in item
    )  # fmt: skip
    assert SECRET not in json.dumps(environ)
    assert environ["TERM"] == "xterm-256color"
    assert "--reviewer=Maria Lopez" in _cmdline(pid)
    # A window change reaches it: at 140 columns every list is shown at once.
    client.wait_for_quiet(0.3, 5)
    client.resize(140, 40, signal_too=False)
    assert client.wait_for_screen(
        lambda s: all(t in s for t in ("1 Timeline", "2 Actors", "3 Quotes")), 10
    ), client.screen().text()
    client.send("q")
    assert client.wait(10) == 0
    assert wait_until(lambda: "final-size=140x40" in desk.log_text(), 5)


def test_a_killed_client_leaves_no_process(desk: Desk) -> None:
    client = desk.connect("maria")
    apps = desk.apps()
    assert len(apps) == 1
    client.signal(signal.SIGKILL)
    assert client.wait(5) is not None
    assert wait_until(lambda: not desk.apps(), GONE_WITHIN), [_cmdline(p) for p in desk.apps()]
    # Nothing of its process group either, not even a zombie: it has been reaped.
    assert wait_until(lambda: _group_gone(apps[0]), GONE_WITHIN)
    assert wait_until(lambda: "outcome=client-gone" in desk.log_text(), 5)


def test_marks_made_before_the_connection_drops_are_kept(desk: Desk) -> None:
    client = desk.connect("maria")
    client.wait_for_quiet(0.3, 5)
    before = len(desk.review())
    client.send("G")  # the last timeline entry
    client.send("x")
    assert wait_until(lambda: len(desk.review()) > before, 10), client.screen().text()
    client.hang_up()  # the terminal goes away under ssh
    assert wait_until(lambda: not desk.apps(), GONE_WITHIN)
    assert len(desk.review()) > before


def test_server_sigterm_ends_every_session_and_says_why(fresh_desk: Desk) -> None:
    clients = [fresh_desk.connect("maria"), fresh_desk.connect("tomas")]
    assert len(fresh_desk.apps()) == 2
    fresh_desk.process.send_signal(signal.SIGTERM)
    assert fresh_desk.process.wait(5) == 0, fresh_desk.log_text()
    for client in clients:
        assert client.wait(5) is not None
        assert "the server is shutting down" in client.text(), client.describe()
    assert not fresh_desk.apps()
    assert "outcome=server-stop" in fresh_desk.log_text()
    assert fresh_desk.log_text().rstrip().endswith("stopped")


def test_an_idle_session_is_ended(idle_desk: Desk) -> None:
    client = idle_desk.connect("maria")
    assert client.wait(15) is not None, "still connected long after the idle timeout"
    assert "disconnected after 3 seconds without a key pressed" in client.text()
    assert wait_until(lambda: "outcome=idle-timeout" in idle_desk.log_text(), 5)
    assert not idle_desk.apps()


def test_a_killed_server_leaves_no_app_behind(fresh_desk: Desk) -> None:
    fresh_desk.connect("maria")
    apps = fresh_desk.apps()
    assert len(apps) == 1
    fresh_desk.process.kill()  # no clean-up at all: the pty's hang-up must do
    fresh_desk.process.wait(5)
    assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() and
                                      " -m tui --reviewer" in _cmdline(pid) for pid in apps),
                      GONE_WITHIN)


def test_host_key_made_at_first_start_is_private(desk: Desk) -> None:
    host_key = desk.directory / "host_key"
    assert (host_key.stat().st_mode & 0o777) == 0o600
    assert f"host key {host_key} made (SHA256:" in desk.log_text()


def test_a_bad_authorized_keys_file_stops_the_start_with_the_line(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("# fine\nfrobnicate ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEq46hnHBP0P+xL7"
                    "S+bNFbv/cMEimo+wJz+sJc7DUSvP\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "serve", "--ssh", "127.0.0.1:0", "--authorized-keys",
         str(keys), "--host-key", str(tmp_path / "hk")],
        capture_output=True, text=True, timeout=60, cwd=REPO, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{keys}:2: unknown option 'frobnicate'" in result.stderr
    assert "not started" in result.stderr
    assert not (tmp_path / "hk").exists()
