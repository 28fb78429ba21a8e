"""`baghouz-tui serve --web` in a real headless browser (Debian's Chromium), over CDP.

The browser loads textual-serve's page from the server; the test reads what xterm.js holds
in its screen buffer (the terminal object is reached by rewriting one line of the page's
script in flight) and types keys as real key events. Skipped, with the reason, when no
Chromium is installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from cdp_client import Browser, find_chromium
from ptyapp import HEADLINE, REPO, wait_until
from test_serve_ssh import _reviewed, descendants

from tui.serve.web import bind_warning, is_loopback

CHROMIUM = find_chromium()
SECRET = "web-test-secret-77ab"
# textual-serve's bundle makes the terminal and keeps it to itself: hand it to the page.
TERMINAL_OPENED = "this.terminal.open(e)"
SCREEN_TEXT = (
    "window.__term ? Array.from({length: window.__term.rows}, (_, i) => "
    "window.__term.buffer.active.getLine(i).translateToString(true, 0, window.__term.cols))"
    " : null"
)


def _hand_over_the_terminal(script: str) -> str:
    if TERMINAL_OPENED not in script:
        raise ValueError(f"textual-serve's script no longer holds {TERMINAL_OPENED!r}")
    return script.replace(TERMINAL_OPENED, f"window.__term=this.terminal,{TERMINAL_OPENED}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class WebDesk:
    process: subprocess.Popen[bytes]
    port: int
    bundle: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def apps(self) -> list[int]:
        found = []
        for pid in descendants(self.process.pid):
            with contextlib.suppress(OSError):
                if b" -m tui " in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" "):
                    found.append(pid)
        return found

    def review(self) -> dict[str, dict[str, object]]:
        from test_review_helpers import current_marks

        return current_marks(self.bundle, "baghouz-2019")


def start_web(directory: Path, *options: str, host: str = "127.0.0.1") -> WebDesk:
    bundle = directory / "baghouz.toml"
    bundle.write_bytes((REPO / "content" / "baghouz.toml").read_bytes())
    log = directory / "web.log"
    env = dict(os.environ, XDG_DATA_HOME=str(directory / "data"), HOME=str(directory),
               SERVE_WEB_SECRET=SECRET, PYTHONDONTWRITEBYTECODE="1")
    for _attempt in range(3):  # the free port can be taken between probe and bind
        port = _free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "tui", "serve", "--web", f"{host}:{port}", *options,
                 str(bundle)],
                stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, cwd=REPO, env=env,
                start_new_session=True,
            )  # fmt: skip
        desk = WebDesk(process, port, bundle, log)
        up = wait_until(lambda desk=desk: _answers(desk.port) or desk.process.poll() is not None,
                        30, 0.1)
        if up and process.poll() is None:
            return desk
    pytest.fail(f"serve --web did not start: {log.read_text(errors='replace')}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def stop_web(desk: WebDesk) -> None:
    below = descendants(desk.process.pid)
    if desk.process.poll() is None:
        desk.process.send_signal(signal.SIGTERM)
        try:
            desk.process.wait(10)
        except subprocess.TimeoutExpired:
            desk.process.kill()
    for pid in below:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def web_desk(tmp_path: Path) -> Iterator[WebDesk]:
    desk = start_web(tmp_path, "--reviewer", "Web Desk")
    try:
        yield desk
    finally:
        stop_web(desk)


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("no Chromium to test the web view in (Debian: apt-get install chromium)")
    opened = Browser(CHROMIUM, tmp_path / "profile", size=(1280, 800))
    try:
        await opened.connect()
        await opened.rewrite_script("*textual.js*", _hand_over_the_terminal)
        await opened.send("Page.enable")
        yield opened
    finally:
        await opened.close()


async def _screen(browser: Browser, predicate: object, timeout: float = 30) -> list[str]:
    assert callable(predicate)
    lines = await browser.wait_for(SCREEN_TEXT, lambda v: bool(v) and predicate(v), timeout)
    assert not browser.errors, browser.errors
    return list(lines or [])


async def _settled(browser: Browser, quiet: float = 1.0, timeout: float = 10) -> list[str]:
    """The screen once it has not changed for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    last = await browser.evaluate(SCREEN_TEXT)
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        now = await browser.evaluate(SCREEN_TEXT)
        if now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            break
    return list(last or [])


@pytest.mark.slow
async def test_the_app_draws_and_takes_keys_in_a_browser(
    web_desk: WebDesk, browser: Browser
) -> None:
    await browser.send("Page.navigate", url=web_desk.url)
    lines = await _screen(browser, lambda v: HEADLINE in v[0] and _reviewed(0) in v[0])
    assert lines and HEADLINE in lines[0], (lines, web_desk.log.read_text())
    size = await browser.evaluate("[window.__term.cols, window.__term.rows]")
    # Every row of the browser's terminal is the app's: the key bar is on the last one.
    assert "Search" in lines[size[1] - 1], lines

    await browser.evaluate("window.__term.focus()")
    await browser.type_key("v", "KeyV", 86)
    lines = await _screen(browser, lambda v: _reviewed(1) in v[0], 10)
    assert lines and _reviewed(1) in lines[0], lines
    assert [mark["reviewer"] for mark in web_desk.review().values()] == ["Web Desk"]

    # The window shrinks: the app is laid out again at the terminal's new size.
    await browser.send("Emulation.setDeviceMetricsOverride", width=860, height=700,
                       deviceScaleFactor=1, mobile=False)
    new_size = await browser.wait_for(
        "[window.__term.cols, window.__term.rows]", lambda v: v != size, 10
    )
    # Narrower than 100 columns (one list at a time, tabs shown), and not 24 rows high.
    assert new_size[0] < 100 and new_size[1] > 26, new_size
    await _screen(browser, lambda v: "1 Timeline   2 Actors" in "\n".join(v), 10)
    # Still so once it has settled: nothing "corrects" the size to a stale one afterwards.
    lines = await _settled(browser)
    assert "1 Timeline   2 Actors" in lines[1], lines
    assert "Search" in lines[new_size[1] - 1], lines


@pytest.mark.slow
async def test_the_app_gets_a_trimmed_environment_and_ends_with_the_page(
    web_desk: WebDesk, browser: Browser
) -> None:
    await browser.send("Page.navigate", url=web_desk.url)
    assert await _screen(browser, lambda v: HEADLINE in v[0])
    (app,) = web_desk.apps()
    environ = Path(f"/proc/{app}/environ").read_bytes().decode().split("\0")
    names = {item.split("=", 1)[0] for item in environ if "=" in item}
    assert SECRET not in "\0".join(environ)
    assert "TEXTUAL_DRIVER" in names and "COLUMNS" in names
    assert names <= {
        "PATH", "HOME", "LANG", "PYTHONPATH", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
        "XDG_STATE_HOME", "XDG_CACHE_HOME", "TZ", "TEXTUAL_DRIVER", "TEXTUAL_FPS",
        "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS",
    }, names  # fmt: skip
    # The editor closes the tab. (Leaving it for another page may keep it alive in the
    # browser's back-forward cache, websocket and all, until the browser drops it.)
    await browser.close_page()
    assert wait_until(lambda: not web_desk.apps(), 10), web_desk.apps()
    assert wait_until(lambda: "ended after" in web_desk.log.read_text(), 5)


@pytest.mark.slow
async def test_a_page_of_another_origin_cannot_open_the_app(web_desk: WebDesk) -> None:
    url = f"ws://127.0.0.1:{web_desk.port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url, headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
        socket_ = await session.ws_connect(url, headers={"Origin": web_desk.url.rstrip("/")})
        await socket_.close()
    assert not web_desk.apps() or wait_until(lambda: not web_desk.apps(), 10)


@pytest.mark.slow
async def test_behind_a_proxy_each_session_is_the_signed_in_user(tmp_path: Path) -> None:
    desk = start_web(tmp_path, "--user-header", "X-Forwarded-User")
    url = f"ws://127.0.0.1:{desk.port}/ws?width=80&height=24"
    try:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url)  # no user: the proxy was bypassed
            assert refused.value.status == 403
            socket_ = await session.ws_connect(
                url, headers={"X-Forwarded-User": "  Ana Ruiz "}
            )
            try:
                assert wait_until(lambda: len(desk.apps()) == 1, 20)
                (app,) = desk.apps()
                argv = Path(f"/proc/{app}/cmdline").read_bytes().split(b"\0")
                assert b"--reviewer=Ana Ruiz" in argv
            finally:
                await socket_.close()
        assert wait_until(lambda: not desk.apps(), 10)
    finally:
        stop_web(desk)


@pytest.mark.slow
async def test_stopping_the_server_ends_the_browser_sessions(
    web_desk: WebDesk, browser: Browser
) -> None:
    await browser.send("Page.navigate", url=web_desk.url)
    assert await _screen(browser, lambda v: HEADLINE in v[0])
    apps = web_desk.apps()
    assert len(apps) == 1
    web_desk.process.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(web_desk.process.wait, 15) == 0
    assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in apps), 5)


@pytest.mark.slow
def test_binding_beyond_loopback_warns(tmp_path: Path) -> None:
    desk = start_web(tmp_path, host="0.0.0.0")
    try:
        deadline = time.monotonic() + 10
        while "WARNING" not in desk.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        text = desk.log.read_text()
    finally:
        stop_web(desk)
    assert "WARNING: serving on 0.0.0.0 with no authentication" in text
    assert "reverse proxy" in text


def test_the_proxy_header_is_a_name_not_markup() -> None:
    from types import SimpleNamespace

    from tui.serve.child_command import Stories
    from tui.serve.web import DeskWebServer, WebConfig

    config = WebConfig("127.0.0.1", 8000, Stories(), "web", user_header="X-User")
    server = DeskWebServer(config, {})
    assert server.reviewer_for(SimpleNamespace(headers={"X-User": " Ana\x1b[2J "})) == "Ana␛[2J"
    assert server.reviewer_for(SimpleNamespace(headers={"X-User": "x" * 300})) == "x" * 100
    assert server.reviewer_for(SimpleNamespace(headers={"X-User": "  "})) is None
    assert server.reviewer_for(SimpleNamespace(headers={})) is None
    without = DeskWebServer(config._replace(user_header=None), {})
    assert without.reviewer_for(SimpleNamespace(headers={"X-User": "Ana"})) == "web"


def test_which_addresses_are_loopback() -> None:
    for host in ("127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost"):
        assert is_loopback(host) and bind_warning(host) is None
    for host in ("0.0.0.0", "", "192.0.2.1", "::", "desk.example.org"):
        assert not is_loopback(host)
        assert "no authentication" in (bind_warning(host) or "")
