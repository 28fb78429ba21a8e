"""One SSH connection: public-key authentication, one app session, nothing forwarded.

The identity is the key's, from the authorized-keys file; the user name the client sends is
logged and otherwise ignored. A connection must be running the app within the login timeout
(so `ssh -N`, which never asks for a session, is sent away), keys refused on it slow down
its address (see `backoff`), and every forwarding request is refused; one that comes before
any session (`ssh -N -L ...`) ends the connection with a message.
"""

from __future__ import annotations

import asyncio
import time

import asyncssh

from tui.serve.authorized_keys import AuthorizedKey
from tui.serve.connection_log import ConnectionRecord
from tui.serve.desk import Desk, log
from tui.serve.ssh_session import PREFIX, AppSession

NO_FORWARDING = "forwarding is not allowed; this server opens the review app only"
NO_SESSION = "no terminal session was opened in time; this server opens the review app only"
AFTER_SESSION = 2.0  # seconds a connection may stay open after its session has ended


class DeskConnection(asyncssh.SSHServer):
    def __init__(self, desk: Desk) -> None:
        self._desk = desk
        self._conn: asyncssh.SSHServerConnection | None = None
        self.host = "?"
        self.record = ConnectionRecord("?")
        self._candidate: AuthorizedKey | None = None
        self.key: AuthorizedKey | None = None
        self.session: AppSession | None = None
        self._starting = False
        self._login_timer: asyncio.TimerHandle | None = None
        self._lost = False
        self._logged = False

    # -- the connection ---------------------------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.host = str(peer[0])
        port = peer[1] if len(peer) > 1 else 0
        self.record = ConnectionRecord(f"[{self.host}]:{port}" if ":" in self.host else
                                       f"{self.host}:{port}")
        desk = self._desk
        desk.connections.add(self)
        if desk.stopping:
            self._drop("server-stop", "the server is shutting down",
                       asyncssh.DISC_BY_APPLICATION)
            return
        if desk.starting >= desk.limits.max_startups:
            self._drop("too-many-connections", "too many connections are being set up; "
                       "try again in a moment", asyncssh.DISC_TOO_MANY_CONNECTIONS)
            return
        desk.starting += 1
        self._starting = True
        loop = asyncio.get_running_loop()
        self._login_timer = loop.call_later(desk.limits.login_timeout, self._login_expired)

    def connection_lost(self, exc: Exception | None) -> None:
        self._running()
        self._lost = True
        if self.session is not None:
            self.session.connection_lost(exc)
        if self.key is None:
            self.record.end("auth-failed" if self.record.refused_keys else "closed-unauthenticated")
        elif exc is not None:
            self.record.end("client-gone", str(exc))
        else:
            self.record.end("closed")
        self._desk.connections.discard(self)
        self.session_ended()

    def session_ended(self) -> None:
        """Log the connection once it is closed and its app (if any) has gone too. A client
        that keeps the connection open after its one session is closed soon after: an idle
        connection must not hold a socket (and a slot) for ever."""
        if self.session is not None and self.session.running:
            return
        if not self._lost:
            asyncio.get_running_loop().call_later(AFTER_SESSION, self.close)
        elif not self._logged:
            self._logged = True
            log.info(self.record.line())

    def _running(self) -> None:
        """Past the login phase (running the app, or ending)."""
        if self._login_timer is not None:
            self._login_timer.cancel()
            self._login_timer = None
        if self._starting:
            self._starting = False
            self._desk.starting -= 1

    def _login_expired(self) -> None:
        self._login_timer = None
        if self.key is None:
            self._drop("login-timeout", "login timed out", asyncssh.DISC_BY_APPLICATION)
        else:
            self._drop("no-session", NO_SESSION, asyncssh.DISC_BY_APPLICATION)

    def _drop(self, outcome: str, message: str, code: int) -> None:
        self.record.end(outcome)
        conn = self._conn
        if conn is not None:
            # After the current callback: asyncssh may still be inside its own handler.
            asyncio.get_running_loop().call_soon(conn.disconnect, code, PREFIX + message)

    # -- authentication ---------------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        self.record.user = username
        self._desk.keys.refresh()
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        desk = self._desk
        entry, reason = desk.keys.find(bytes(key.public_data), self.host, time.time())
        if entry is not None and reason is None:
            self._candidate = entry
            return True
        record = self.record
        record.refused_keys += 1
        if entry is not None:
            record.detail = f"key on line {entry.line} ({entry.reviewer}): {reason}"
        delay = desk.backoff.refused(self.host)
        if record.refused_keys >= desk.limits.max_auth_tries:
            self._drop("auth-failed", "too many authentication failures",
                       asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE)
        elif delay:
            record.delayed += delay
            await asyncio.sleep(delay)
        return False

    def auth_completed(self) -> None:
        key = self._candidate
        assert key is not None
        self.key = key
        self.record.key = key.reviewer
        self.record.fingerprint = key.fingerprint
        self.record.detail = None
        self._desk.backoff.let_in(self.host)

    # -- sessions and (refused) forwarding ----------------------------------------------------

    def session_requested(self) -> AppSession:
        if self.session is not None or self.key is None:
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "one session per connection"
            )
        self._running()
        self.session = AppSession(self._desk, self.key, self.record, self.session_ended)
        return self.session

    def _refuse_forwarding(self, what: str) -> None:
        if self.session is None:
            self._drop("refused-forwarding", NO_FORWARDING, asyncssh.DISC_BY_APPLICATION)
        self.record.detail = what

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self._refuse_forwarding(f"port forwarding to {dest_host}:{dest_port}")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        PREFIX + NO_FORWARDING)

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refuse_forwarding(f"remote forwarding from {listen_host}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refuse_forwarding("socket forwarding")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        PREFIX + NO_FORWARDING)

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refuse_forwarding("remote socket forwarding")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self._refuse_forwarding("tunnel")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                        PREFIX + NO_FORWARDING)

    def tap_requested(self, unit: int | None) -> bool:
        return self.tun_requested(unit)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
