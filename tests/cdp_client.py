"""A headless Chromium driven over the Chrome DevTools Protocol, for the `serve --web` tests.

Only what those tests need: start the browser (fresh profile, no network chatter of its own),
open a page, evaluate JavaScript, type keys as real key events, rewrite a script the page
loads (to reach the terminal object textual-serve's bundle keeps to itself), and stop the
browser with everything it started. The protocol is spoken over aiohttp's websocket client
(aiohttp comes with textual-serve).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--no-default-browser-check", "--disable-extensions", "--mute-audio",
)  # fmt: skip


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


class Browser:
    """A Chromium process and a DevTools session on its one page."""

    def __init__(self, executable: str, profile: Path, size: tuple[int, int] = (1280, 800)):
        self.profile = profile
        self.log = profile.parent / f"{profile.name}.log"
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 "--remote-debugging-port=0", f"--window-size={size[0]},{size[1]}",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, start_new_session=True,
            )  # fmt: skip
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], object]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Future[Any]] = set()  # handlers still running
        self.errors: list[str] = []

    async def connect(self, timeout: float = 30.0) -> None:
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or not port_file.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start: {self.log.read_text()[-2000:]}")
            await asyncio.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        self._session = aiohttp.ClientSession()
        while True:
            async with self._session.get(f"http://127.0.0.1:{port}/json/list") as reply:
                pages = [t for t in await reply.json() if t.get("type") == "page"]
            if pages:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("chromium opened no page")
            await asyncio.sleep(0.05)
        self._socket = await self._session.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=0
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(f"CDP error: {data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
            elif (handler := self._handlers.get(data.get("method", ""))) is not None:
                result = handler(data.get("params", {}))
                if asyncio.iscoroutine(result):
                    task = asyncio.ensure_future(result)
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._socket is not None
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        return await asyncio.wait_for(future, 30)

    def on(self, event: str, handler: Callable[[dict[str, Any]], object]) -> None:
        self._handlers[event] = handler

    async def rewrite_script(self, url_pattern: str, rewrite: Callable[[str], str]) -> None:
        """Every response matching `url_pattern` reaches the page as `rewrite(body)`."""

        async def paused(params: dict[str, Any]) -> None:
            body = await self.send("Fetch.getResponseBody", requestId=params["requestId"])
            raw = body["body"]
            text = base64.b64decode(raw).decode() if body.get("base64Encoded") else raw
            try:
                new = rewrite(text).encode()
            except Exception as error:  # the test reads `errors`; the page gets the original
                self.errors.append(f"rewriting {params['request']['url']}: {error}")
                await self.send("Fetch.continueRequest", requestId=params["requestId"])
                return
            await self.send(
                "Fetch.fulfillRequest", requestId=params["requestId"], responseCode=200,
                responseHeaders=[{"name": "Content-Type", "value": "application/javascript"}],
                body=base64.b64encode(new).decode(),
            )

        self.on("Fetch.requestPaused", paused)
        await self.send(
            "Fetch.enable", patterns=[{"urlPattern": url_pattern, "requestStage": "Response"}]
        )

    async def close_page(self) -> None:
        """Close the tab, as an editor who is done does."""
        await self.send("Page.close")

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"page script failed: {reply['exceptionDetails']}")
        return reply.get("result", {}).get("value")

    async def wait_for(
        self, expression: str, predicate: Callable[[Any], bool], timeout: float
    ) -> Any:
        """Evaluate `expression` until `predicate(value)`; the last value either way."""
        deadline = time.monotonic() + timeout
        value: Any = None
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):
                value = await self.evaluate(expression)
                if predicate(value):
                    return value
            await asyncio.sleep(0.1)
        return value

    async def type_key(self, text: str, code: str, key_code: int) -> None:
        """A key pressed and released, as the keyboard would send it to the focused element."""
        common = {"key": text, "code": code, "windowsVirtualKeyCode": key_code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
