"""The SSH desk's configuration, without a network: the authorized-keys file (OpenSSH's
format plus `reviewer=`), `from=` patterns, the back-off, the host key and what the app is
started with."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tui.commands.serve import parse_address
from tui.serve.address_patterns import address_allowed, parse_address_patterns
from tui.serve.authorized_keys import (
    AuthorizedKey,
    AuthorizedKeysError,
    KeyFile,
    parse_authorized_keys,
    parse_expiry,
    split_options,
)
from tui.serve.backoff import AuthBackoff, BackoffPolicy
from tui.serve.child_command import Stories, app_argv, app_environment, shell_command
from tui.serve.host_key import HostKeyError, load_or_create_host_key
from tui.serve.limits import parse_duration

# Two real ed25519 public keys (no private halves anywhere: only matching is tested here).
KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEq46hnHBP0P+xL7S+bNFbv/cMEimo+wJz+sJc7DUSvP"
KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpLK7EKjYl0JWIHVGajmEECdL3FCi8fvTXLB51oZrcM"


def _public_data(line: str) -> bytes:
    import asyncssh

    return bytes(asyncssh.import_public_key(line).public_data)


def test_reviewer_option_then_comment_then_fingerprint() -> None:
    keys = parse_authorized_keys(
        f'reviewer="Maria Lopez" {KEY_A} maria@laptop\n'
        f"{KEY_B} Tomás Vey (desk)\n"
        f"restrict,pty {KEY_A}\n"
    )
    assert [key.reviewer for key in keys[:2]] == ["Maria Lopez", "Tomás Vey (desk)"]
    assert keys[2].reviewer.startswith("SHA256:") and keys[2].reviewer == keys[0].fingerprint
    assert [key.line for key in keys] == [1, 2, 3]


def test_comments_blank_lines_and_case_of_option_names() -> None:
    keys = parse_authorized_keys(f"# the desk\n\n   \nNO-PTY,Reviewer=\"A\" {KEY_A}\n")
    assert len(keys) == 1 and keys[0].line == 4
    assert keys[0].reviewer == "A" and keys[0].pty is False


def test_a_comment_with_control_characters_is_made_harmless() -> None:
    keys = parse_authorized_keys(f"{KEY_A} evil\x1b]0;pwned\x07name\n")
    assert "\x1b" not in keys[0].reviewer and "\x07" not in keys[0].reviewer
    assert "pwned" in keys[0].reviewer


@pytest.mark.parametrize(
    ("options", "pty"),
    [("", True), ("no-pty", False), ("restrict", False), ("restrict,pty", True),
     ("pty,restrict", True), ("no-port-forwarding,no-agent-forwarding,no-X11-forwarding", True),
     ('permitopen="localhost:80",no-user-rc', True)],
)  # fmt: skip
def test_pty_options(options: str, pty: bool) -> None:
    (key,) = parse_authorized_keys(f"{options} {KEY_A}".strip())
    assert key.pty is pty


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f'command="/bin/backup" {KEY_A}', "command= is not supported"),
        (f'environment="X=1" {KEY_A}', "environment= is not supported"),
        (f"cert-authority {KEY_A}", "certificates are not supported"),
        (f"verify-required {KEY_A}", "verify-required"),
        (f"no-touch-required {KEY_A}", "no-touch-required"),
        (f"frobnicate {KEY_A}", "unknown option 'frobnicate'"),
        (f"reviewer=Maria {KEY_A}", "double quotes"),
        (f'reviewer="Maria {KEY_A}', "missing closing quote"),
        (f'reviewer="" {KEY_A}', "reviewer= is empty"),
        (f'reviewer="a\x1bb" {KEY_A}', "control character"),
        (f'reviewer="{"x" * 101}" {KEY_A}', "longer than 100"),
        (f"reviewer {KEY_A}", "needs a value"),
        (f'no-pty="yes" {KEY_A}', "takes no value"),
        (f'from="*.example.com" {KEY_A}', "does no DNS lookups"),
        (f'from="10.0.0.0/33" {KEY_A}', "not an address"),
        (f'expiry-time="2024-01-01" {KEY_A}', "YYYYMMDD"),
        (f'expiry-time="20240231" {KEY_A}', "not a valid date"),
        ("ssh-ed25519 AAAAnotakey", "not a public key"),
        ("restrict", "no key after the options"),
        (f"restrict,,pty {KEY_A}", "bad option syntax"),
    ],
)
def test_bad_lines_are_refused_with_their_line_number(line: str, message: str) -> None:
    text = f"# header\n{KEY_B} fine\n{line}\n"
    with pytest.raises(AuthorizedKeysError) as caught:
        parse_authorized_keys(text, "keys")
    assert [number for number, _ in caught.value.problems] == [3]
    assert message in caught.value.problems[0][1]
    assert caught.value.lines()[0].startswith("keys:3: ")


def test_every_bad_line_is_reported_at_once() -> None:
    with pytest.raises(AuthorizedKeysError) as caught:
        parse_authorized_keys(f"bogus {KEY_A}\n{KEY_B}\ncommand=\"x\" {KEY_A}\n")
    assert [number for number, _ in caught.value.problems] == [1, 3]


def test_an_empty_file_lets_nobody_in_and_says_so() -> None:
    with pytest.raises(AuthorizedKeysError, match="no keys"):
        parse_authorized_keys("# nobody yet\n")


def test_quoted_values_keep_commas_blanks_and_escaped_quotes() -> None:
    options, rest = split_options('reviewer="Lopez, \\"Mia\\" M.",no-pty ssh-ed25519 AAAA c')
    assert options == [("reviewer", 'Lopez, "Mia" M.'), ("no-pty", None)]
    assert rest == "ssh-ed25519 AAAA c"


def test_from_and_expiry_decide_who_gets_in() -> None:
    now = time.time()
    keys = parse_authorized_keys(
        f'from="10.1.0.0/16,!10.1.2.3",reviewer="office" {KEY_A}\n'
        f'expiry-time="20000101",reviewer="old" {KEY_B}\n'
    )
    office, old = keys
    assert office.refusal("10.1.9.9", now) is None
    assert "from=" in (office.refusal("10.1.2.3", now) or "")
    assert "from=" in (office.refusal("192.0.2.1", now) or "")
    assert "expired" in (old.refusal("10.1.9.9", now) or "")


def test_first_line_that_lets_the_key_in_wins(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(
        f'from="192.0.2.0/24",reviewer="remote" {KEY_A}\nreviewer="anywhere" {KEY_A}\n'
    )
    keys = KeyFile(path, print)
    data = _public_data(KEY_A)
    found = [keys.find(data, address, time.time())[0] for address in ("192.0.2.8", "198.51.100.1")]
    assert [key.reviewer if key else None for key in found] == ["remote", "anywhere"]
    assert keys.find(_public_data(KEY_B), "192.0.2.8", time.time()) == (None, None)


def test_a_changed_file_is_read_again_and_a_broken_one_keeps_the_old_keys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "keys"
    path.write_text(f'reviewer="one" {KEY_A}\n')
    said: list[str] = []
    keys = KeyFile(path, said.append)
    path.write_text(f'reviewer="one" {KEY_A}\nreviewer="two" {KEY_B}\n')
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    keys.refresh()
    assert [k.reviewer for k in keys.keys] == ["one", "two"]
    path.write_text(f'reviewer="one" {KEY_A}\ncommand="x" {KEY_B}\n')
    os.utime(path, ns=(time.time_ns() + 2 * 10**9, time.time_ns() + 2 * 10**9))
    keys.refresh()
    assert [k.reviewer for k in keys.keys] == ["one", "two"]
    assert any("not reloaded" in line and ":2: command=" in line for line in said)


def test_expiry_time_formats() -> None:
    assert parse_expiry("20240301Z") == 1709251200.0
    assert parse_expiry("202403011230Z") == 1709251200.0 + 12.5 * 3600
    assert parse_expiry("20240301123015Z") == 1709251200.0 + 12.5 * 3600 + 15
    local = parse_expiry("20240301")
    assert local == time.mktime(time.strptime("20240301", "%Y%m%d"))


@pytest.mark.parametrize(
    ("patterns", "address", "allowed"),
    [
        ("192.0.2.7", "192.0.2.7", True),
        ("192.0.2.7", "192.0.2.8", False),
        ("192.0.2.*", "192.0.2.200", True),
        ("192.0.2.?", "192.0.2.20", False),
        ("10.0.0.0/8,!10.9.0.0/16", "10.9.1.1", False),
        ("10.0.0.0/8,!10.9.0.0/16", "10.8.1.1", True),
        ("!192.0.2.7", "192.0.2.8", False),  # a negation alone lets nobody in (OpenSSH)
        ("2001:db8::/32", "2001:db8::1", True),
        ("0:0:0:0:0:0:0:1", "::1", True),
        ("192.0.2.7", "::ffff:192.0.2.7", True),  # IPv4 client on a dual-stack socket
        ("::/0", "::ffff:192.0.2.7", False),  # ...which is an IPv4 client
        ("*", "not-an-address", False),
    ],
)
def test_address_patterns(patterns: str, address: str, allowed: bool) -> None:
    assert address_allowed(parse_address_patterns(patterns), address) is allowed


@given(st.ip_addresses(), st.integers(min_value=0, max_value=128))
def test_a_network_pattern_matches_exactly_the_addresses_inside(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, prefix: int
) -> None:
    # An IPv4 client on a dual-stack socket is matched as IPv4, as OpenSSH does (below).
    assume(not (isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped))
    prefix = min(prefix, address.max_prefixlen)
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    patterns = parse_address_patterns(str(network))
    assert address_allowed(patterns, str(address))
    last = network.broadcast_address
    if int(last) < (1 << address.max_prefixlen) - 1:
        outside = ipaddress.ip_address(int(last) + 1)
        assert not address_allowed(patterns, str(outside))


def test_backoff_lets_a_few_through_then_doubles_up_to_the_cap() -> None:
    clock = [0.0]
    backoff = AuthBackoff(BackoffPolicy(free=3, first_delay=0.5, max_delay=4.0), lambda: clock[0])
    delays = [backoff.refused("192.0.2.1") for _ in range(8)]
    assert delays == [0, 0, 0, 0.5, 1.0, 2.0, 4.0, 4.0]
    assert backoff.refused("192.0.2.2") == 0  # per address
    clock[0] += 601  # a quiet window: start again
    assert backoff.refused("192.0.2.1") == 0
    for _ in range(5):
        backoff.refused("192.0.2.3")
    backoff.let_in("192.0.2.3")
    assert backoff.failures("192.0.2.3") == 0


def test_backoff_table_stays_bounded() -> None:
    backoff = AuthBackoff(BackoffPolicy(max_addresses=100))
    for number in range(1000):
        backoff.refused(f"10.0.{number // 256}.{number % 256}")
    assert backoff.failures("10.0.0.0") == 0 and backoff.failures("10.0.3.231") == 1


def test_durations() -> None:
    assert [parse_duration(t) for t in ("90", "90s", "30m", "1.5h", " 2H ")] == [
        90, 90, 1800, 5400, 7200
    ]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_addresses() -> None:
    assert parse_address("2222") == ("127.0.0.1", 2222)
    assert parse_address("0.0.0.0:22") == ("0.0.0.0", 22)
    assert parse_address("[::1]:2222") == ("::1", 2222)
    assert parse_address(":2222") == ("", 2222)
    for bad in ("host", "host:port", "1:99999", "[::1]2222"):
        with pytest.raises(ValueError):
            parse_address(bad)


def test_the_app_gets_a_trimmed_environment() -> None:
    server = {
        "PATH": "/usr/bin", "HOME": "/srv/desk", "XDG_DATA_HOME": "/srv/data",
        "LANG": "de_DE.UTF-8", "LC_ALL": "C", "AWS_SECRET_ACCESS_KEY": "secret",
        "SSH_AUTH_SOCK": "/tmp/agent", "USER": "desk", "TEXTUAL": "devtools",
    }  # fmt: skip
    env = app_environment(server, term="xterm-kitty", extra={"COLORTERM": "truecolor"})
    assert env["PATH"] == "/usr/bin" and env["HOME"] == "/srv/desk"
    assert env["XDG_DATA_HOME"] == "/srv/data" and env["LANG"] == "de_DE.UTF-8"
    assert env["TERM"] == "xterm-kitty" and env["COLORTERM"] == "truecolor"
    for gone in ("AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "USER", "TEXTUAL", "LC_ALL"):
        assert gone not in env
    assert app_environment({"LANG": "C"})["LANG"] == "C.UTF-8"
    assert app_environment({}, term="x\x1b]0;evil")["TERM"] == "xterm-256color"


def test_the_shell_command_runs_exactly_that_environment(tmp_path: Path) -> None:
    out = tmp_path / "env"
    command = shell_command(
        ["/usr/bin/env"], {"A": "it's $HOME", "PATH": "/usr/bin:/bin"}, ["COLUMNS"]
    )
    subprocess.run(
        ["/bin/sh", "-c", f"{command} > {out}"], check=True,
        env={"COLUMNS": "132", "SECRET": "x", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    lines = set(out.read_text().splitlines())
    assert lines == {"A=it's $HOME", "PATH=/usr/bin:/bin", "COLUMNS=132"}


def test_what_the_app_is_asked_to_open(tmp_path: Path) -> None:
    one, two = tmp_path / "a.toml", tmp_path / "b.toml"
    assert app_argv("-x", Stories())[-1] == "--reviewer=-x"
    assert app_argv("M", Stories((one,)))[-1] == str(one)
    assert app_argv("M", Stories((one, two)))[-3:] == ["--pick", str(one), str(two)]
    assert app_argv("M", Stories(folder=tmp_path))[-2:] == ["--pick", str(tmp_path)]
    assert app_argv("M", Stories())[1:4] == ["-P", "-m", "tui"]


def test_host_key_is_made_once_private_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "state" / "host_key"
    key, made = load_or_create_host_key(path)
    assert made and (path.stat().st_mode & 0o777) == 0o600
    again, made_again = load_or_create_host_key(path)
    assert not made_again and again.get_fingerprint() == key.get_fingerprint()
    assert [p.name for p in path.parent.iterdir()] == ["host_key"]  # no temporary left


def test_a_host_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "host_key"
    load_or_create_host_key(path)
    path.chmod(0o644)
    with pytest.raises(HostKeyError, match="chmod 600"):
        load_or_create_host_key(path)


def test_no_host_key_is_written_through_a_dangling_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "key"
    link = tmp_path / "host_key"
    link.symlink_to(target)
    with pytest.raises(HostKeyError, match="symbolic link"):
        load_or_create_host_key(link)
    assert not target.exists()


def test_a_host_key_that_is_not_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "host_key"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(HostKeyError, match="not a usable private key"):
        load_or_create_host_key(path)


class _Session:
    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.last_input = 0.0
        self.ended: tuple[str, str] | None = None

    def end(self, outcome: str, message: str) -> None:
        self.ended = (outcome, message)


def test_session_limits_global_and_per_key(tmp_path: Path) -> None:
    from tui.serve.desk import Desk
    from tui.serve.limits import ServeLimits

    path = tmp_path / "keys"
    path.write_text(f'reviewer="a" {KEY_A}\nreviewer="b" {KEY_B}\n')
    keys = KeyFile(path, print)
    a, b = keys.keys
    desk = Desk(keys, Stories(), ServeLimits(max_sessions=3, max_sessions_per_key=2), {})

    def running(key: AuthorizedKey) -> None:
        desk.sessions.add(_Session(key.fingerprint))

    assert desk.session_refusal(a) is None
    running(a)
    running(a)
    refused = desk.session_refusal(a)
    assert refused is not None and refused[0] == "full-key" and "2 sessions" in refused[1]
    assert desk.session_refusal(b) is None
    running(b)
    refused = desk.session_refusal(b)
    assert refused is not None and refused[0] == "full" and "3 sessions" in refused[1]
    desk.stopping = True
    assert (desk.session_refusal(b) or ("",))[0] == "server-stop"


def test_only_some_client_variables_reach_the_app(tmp_path: Path) -> None:
    from tui.serve.desk import Desk
    from tui.serve.limits import ServeLimits

    path = tmp_path / "keys"
    path.write_text(f"{KEY_A}\n")
    desk = Desk(KeyFile(path, print), Stories(), ServeLimits(), {})
    env = desk.app_env("xterm", {"COLORTERM": "truecolor", "NO_COLOR": "yes", "LD_PRELOAD": "x",
                                 "PATH": "/evil"})
    assert env["COLORTERM"] == "truecolor" and env["NO_COLOR"] == "1"
    assert "LD_PRELOAD" not in env and env["PATH"] != "/evil"
    assert "COLORTERM" not in desk.app_env("xterm", {"COLORTERM": "\x1b]0;x"})


def test_idle_sessions_and_only_those_are_ended(tmp_path: Path) -> None:
    from tui.serve.desk import Desk
    from tui.serve.limits import ServeLimits

    path = tmp_path / "keys"
    path.write_text(f"{KEY_A}\n")
    desk = Desk(KeyFile(path, print), Stories(), ServeLimits(idle_timeout=60), {})
    idle, busy = _Session("a"), _Session("b")
    idle.last_input = time.monotonic() - 61
    busy.last_input = time.monotonic() - 5
    desk.sessions.update({idle, busy})
    desk.end_idle_sessions()
    assert idle.ended == ("idle-timeout", "disconnected after a minute without a key pressed")
    assert busy.ended is None
    desk.stop_all()
    assert busy.ended is not None and busy.ended[0] == "server-stop"
