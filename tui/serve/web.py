"""`serve --web`: the app in a browser, through textual-serve.

textual-serve has no authentication of its own: anyone who can reach the port gets the app.
So it listens on 127.0.0.1 unless told otherwise (and warns when told otherwise), is meant to
sit behind a reverse proxy that authenticates (which may name the signed-in user in a header:
`--user-header`), refuses a websocket opened from a page of another origin (any web page the
editor visits could otherwise drive the app on their loopback address), and starts each app
with a trimmed environment, not the server's.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import sys
import time
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from textual_serve.server import Server

from tui.model.safe_text import one_line
from tui.serve.authorized_keys import MAX_REVIEWER_LENGTH
from tui.serve.child_command import Stories, app_argv, app_environment, shell_command
from tui.serve.connection_log import quoted

log = logging.getLogger("baghouz-tui.serve")

# What textual-serve sets on the process it starts: the web driver and the browser's size.
_FROM_TEXTUAL_SERVE = (
    "TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS",
)  # fmt: skip


class WebConfig(NamedTuple):
    host: str
    port: int
    stories: Stories
    reviewer: str  # the name on marks made in a browser, without --user-header
    public_url: str | None = None
    # A header the authenticating proxy sets to the signed-in user: then that is the name.
    user_header: str | None = None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def web_command(config: WebConfig, server_env: dict[str, str], reviewer: str) -> str:
    argv = app_argv(reviewer, config.stories)
    return shell_command(argv, app_environment(server_env), _FROM_TEXTUAL_SERVE)


def _size(text: str | None, default: int) -> int:
    try:
        return max(1, min(int(text or default), 1000))
    except ValueError:
        return default


class DeskWebServer(Server):
    """textual-serve's server, with an origin check, a reviewer per browser session (from the
    proxy's header, when asked), a log line per session, and every session ended when the
    server stops (textual-serve would wait a minute for each open websocket)."""

    def __init__(self, config: WebConfig, server_env: dict[str, str]) -> None:
        super().__init__(
            web_command(config, server_env, config.reviewer), host=config.host,
            port=config.port, title="baghouz-tui", public_url=config.public_url,
        )
        self._config = config
        self._server_env = server_env
        self._sockets: set[Any] = set()
        origins = {_origin(self.public_url)}
        if is_loopback(config.host):
            for name in ("localhost", "127.0.0.1", "[::1]"):
                origins.add(f"http://{name}:{config.port}")
        self.allowed_origins = origins

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        for name in ("textual-serve", "baghouz-tui.serve"):
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False

    async def on_startup(self, app: Any) -> None:
        who = (f"the user in {self._config.user_header}" if self._config.user_header
               else repr(self._config.reviewer))
        log.info("serving the review desk on %s (browser sessions as %s)", self.public_url, who)

    async def on_shutdown(self, app: Any) -> None:
        from aiohttp import WSCloseCode

        for socket in list(self._sockets):
            await socket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")

    def reviewer_for(self, request: Any) -> str | None:
        header = self._config.user_header
        if header is None:
            return self._config.reviewer
        name = one_line(request.headers.get(header, "")).strip()
        return name[:MAX_REVIEWER_LENGTH] or None

    async def handle_websocket(self, request: Any) -> Any:
        from aiohttp import web
        from textual_serve.app_service import AppService

        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in self.allowed_origins:
            log.warning("websocket refused: a page from another origin (%s)", one_line(origin))
            raise web.HTTPForbidden(text="baghouz-tui: this page's origin may not open the app")
        reviewer = self.reviewer_for(request)
        if reviewer is None:
            log.warning("websocket refused: no %s header from the proxy", self._config.user_header)
            raise web.HTTPForbidden(text="baghouz-tui: no signed-in user")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        self._sockets.add(websocket)

        async def close() -> None:  # when the app exits
            await websocket.close()

        service = AppService(
            web_command(self._config, self._server_env, reviewer),
            write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=close, download_manager=self.download_manager, debug=False,
        )
        started = time.monotonic()
        log.info("browser session from %s as %s", request.remote, quoted(reviewer))
        try:
            await service.start(_size(request.query.get("width"), 80),
                                _size(request.query.get("height"), 24))
            await _pass_messages(websocket, service)
        finally:
            self._sockets.discard(websocket)
            await service.stop()
            log.info("browser session from %s as %s ended after %.1fs", request.remote,
                     quoted(reviewer), time.monotonic() - started)
        return websocket


async def _pass_messages(websocket: Any, service: Any) -> None:
    """The browser's keys, sizes and focus to the app; anything malformed is dropped."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_size(str(data.get("width")), 80),
                                            _size(str(data.get("height")), 24))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def bind_warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    shown = host or "every address"
    return (
        f"WARNING: serving on {shown} with no authentication: anyone who can reach this "
        "address gets the app and can mark stories. Put it behind a reverse proxy that "
        "authenticates (see the README, 'Serving'), and keep it on 127.0.0.1 otherwise."
    )


def run_web(config: WebConfig, server_env: dict[str, str]) -> int:
    warning = bind_warning(config.host)
    if warning is not None:
        print(warning, file=sys.stderr)
    server = DeskWebServer(config, server_env)
    try:
        server.serve()
    except OSError as error:
        print(f"baghouz-tui serve: cannot listen on {config.host}:{config.port}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    return 0
