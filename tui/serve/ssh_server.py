"""`serve --ssh`: listen, hand each connection to a DeskConnection, stop cleanly.

SIGTERM or SIGINT stops the server: no new connections; every app is asked to stop and
given `GRACE` seconds to save and restore its terminal, then its process group is killed;
each client is told why; then the connections close. SIGHUP rereads the authorized keys
(they are also reread whenever the file changes, at the next login).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import NamedTuple

import asyncssh

from tui.serve.app_process import GRACE
from tui.serve.authorized_keys import AuthorizedKeysError, KeyFile
from tui.serve.child_command import Stories
from tui.serve.desk import Desk, log
from tui.serve.host_key import HostKeyError, load_or_create_host_key
from tui.serve.limits import ServeLimits
from tui.serve.ssh_connection import DeskConnection


class SSHConfig(NamedTuple):
    host: str  # "" for every address
    port: int
    authorized_keys: Path
    host_key: Path
    stories: Stories
    limits: ServeLimits


async def serve_ssh(config: SSHConfig, ready: asyncio.Future[int] | None = None) -> int:
    """Run until SIGTERM/SIGINT; `ready` gets the port once listening (tests, port 0)."""
    keys = KeyFile(config.authorized_keys, log.warning)
    key, made = load_or_create_host_key(config.host_key)
    verb = "made" if made else "read"
    log.info("host key %s %s (%s)", config.host_key, verb, key.get_fingerprint())
    desk = Desk(keys, config.stories, config.limits)
    limits = config.limits
    acceptor = await asyncssh.create_server(
        lambda: DeskConnection(desk),
        config.host or None,
        config.port,
        server_host_keys=[key],
        # Keys reach the app as they are typed; the app does its own line editing.
        line_editor=False,
        allow_pty=True,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        encoding=None,
        password_auth=False,
        kbdint_auth=False,
        gss_host=None,
        # Ours (the DeskConnection's) comes first, with a message; this is the backstop.
        login_timeout=limits.login_timeout + 10,
        keepalive_interval=limits.keepalive_interval,
        keepalive_count_max=4,
        reuse_address=True,
    )
    port = acceptor.get_port()
    where = config.host or "every address"
    log.info(
        "serving on %s port %d: %d keys from %s", where, port, len(keys.keys),
        config.authorized_keys,
    )
    if ready is not None:
        ready.set_result(port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    loop.add_signal_handler(signal.SIGHUP, keys.refresh)
    idle = asyncio.create_task(_end_idle_sessions(desk))
    try:
        await stop.wait()
        log.info("stopping: %d sessions open", len(desk.sessions))
    finally:
        idle.cancel()
        acceptor.close()
        await _stop_sessions(desk)
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.remove_signal_handler(number)
    log.info("stopped")
    return 0


async def _end_idle_sessions(desk: Desk) -> None:
    timeout = desk.limits.idle_timeout
    if timeout <= 0:
        return
    step = min(30.0, max(timeout / 10, 0.1))
    while True:
        await asyncio.sleep(step)
        desk.end_idle_sessions()


async def _stop_sessions(desk: Desk) -> None:
    desk.stop_all()
    deadline = asyncio.get_running_loop().time() + GRACE + 0.5
    while desk.sessions and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.05)  # the last exit statuses and messages on their way
    for connection in list(desk.connections):
        with contextlib.suppress(Exception):
            connection.close()
    await asyncio.sleep(0.05)


def run_ssh(config: SSHConfig) -> int:
    _log_to_stderr()
    try:
        return asyncio.run(serve_ssh(config))
    except AuthorizedKeysError as error:
        for line in error.lines():
            log.error("%s", line)
        log.error("not started: fix the authorized keys file")
        return 2
    except HostKeyError as error:
        log.error("not started: %s", error)
        return 2
    except OSError as error:  # the address is taken, or not ours
        log.error("cannot listen on %s:%d: %s", config.host or "*", config.port,
                  error.strerror or error)
        return 1


def _log_to_stderr() -> None:
    import logging
    import os

    handler = logging.StreamHandler(sys.stderr)
    # Under systemd the journal stamps each line itself.
    stamp = "" if os.environ.get("JOURNAL_STREAM") else "%(asctime)s "
    handler.setFormatter(logging.Formatter(stamp + "%(message)s", "%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
