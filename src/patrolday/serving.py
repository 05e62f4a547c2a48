"""The web server behind ``patrolday serve``: textual-serve, with a gate and games that end.

textual-serve runs one game process per browser websocket. On its own it trusts every
connection: any web page open in the facilitator's browser may open a websocket to
``127.0.0.1`` (browsers allow cross-site websockets), start games, read the screen and
write session logs into the workshop folder; nothing limits how many games run; and a
game whose browser has gone keeps running when it does not answer the quit message
(it stops reading its input once its output is no longer read). So here:

- **Origin and Host.** A websocket is accepted only when its ``Origin`` is the page this
  server served (same host and port as the ``Host`` header), and ``Host`` names this
  server: a loopback name or address, the ``--host`` given, the address it printed, or any
  IP literal (a DNS-rebinding page can only claim a *name*). The page itself is served only
  to such a ``Host``. Clients that are not browsers send no ``Origin``; they could forge one
  anyway, so only the browser case is a boundary.
- **A cap on games** (``--max-games``): past it a browser gets a one-line "full" screen
  and no process is started.
- **A rate on new games**: a token bucket (``--new-games-per-second``, with a small
  burst). A browser over the rate waits its turn (its page says so); one that would wait
  more than :data:`MAX_WAIT` seconds is told to reload later. Starting a game costs a
  good share of a core for a moment, so a burst of 30 new games at once would stall the
  games already running.
- **Games end when their browser goes**: quit (so the game writes its log's end), then,
  after :data:`QUIT_GRACE` seconds, SIGTERM to the game's process group, then SIGKILL.
  The game's output is read to the end even after the browser has gone, so it is never
  stuck on a full pipe while it is asked to quit.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import shlex
import signal
import time
from asyncio.subprocess import Process
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("patrolday.serve")

QUIT_GRACE = 3.0
"""Seconds a game has to quit by itself once its browser has gone, before SIGTERM."""
TERM_GRACE = 2.0
"""Seconds after SIGTERM before SIGKILL."""
MAX_WAIT = 15.0
"""A new game that would wait longer than this for its turn is refused instead."""
BURST = 5
"""New games that may start at once before the rate applies."""
PAGE_TEMPLATES = Path(__file__).parent / "web"
"""Our copy of textual-serve's page, with its font served from here instead of Google's."""
PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        # textual-serve's page has an inline script and onclick handlers, and xterm.js sets
        # inline styles: inline is allowed, but only from this page, never another site.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    )
)
"""The browser may fetch only from this server: nothing from the internet, no framing."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class GameService(AppService):
    """One game process, started without a shell in its own process group, that always ends."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        # No shell: the process we signal is the game itself. Its own session, so a signal
        # reaches anything it started too.
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def on_data(self, payload: bytes) -> None:
        # The browser may have gone: keep reading the game's output regardless, so the game
        # is never blocked on a full pipe and can still read its quit message.
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_write_bytes(payload)

    async def on_meta(self, data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await super().on_meta(data)

    async def set_terminal_size(self, width: int, height: int) -> None:
        # A resize to 100,000 columns would make the game allocate a screen that size.
        await super().set_terminal_size(_clamp(width, 20, 500), _clamp(height, 5, 300))

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def stop(self) -> None:
        """Quit, wait :data:`QUIT_GRACE`, SIGTERM, wait :data:`TERM_GRACE`, SIGKILL; then reap."""
        process, task = self._process, self._task
        if process is None:
            return
        self._task = None
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE)
            for sig, grace in ((None, QUIT_GRACE), (signal.SIGTERM, TERM_GRACE), (signal.SIGKILL, 5.0)):
                if sig is not None:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(process.pid, sig)
                try:
                    await asyncio.wait_for(process.wait(), grace)
                    break
                except TimeoutError:
                    continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the game left in its group
        if task is not None:
            try:
                await asyncio.wait_for(task, 2.0)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
        with contextlib.suppress(Exception):
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)


@dataclass
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; :meth:`reserve` says how long to wait."""

    rate: float
    burst: int
    tokens: float = field(init=False)
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def reserve(self, now: float | None = None) -> float:
        """Take one token (going into debt if need be); the seconds until it is really ours."""
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def give_back(self) -> None:
        self.tokens = min(self.burst, self.tokens + 1)


def _clamp(value: object, low: int, high: int) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else low
    return min(max(number, low), high)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _netloc_host(netloc: str) -> str:
    return (urlsplit(f"//{netloc}").hostname or "").lower()


def server_names(host: str, public_url: str, loopback: bool) -> frozenset[str]:
    """The host names a server listening on ``host`` answers to: the loopback names (when it
    listens on loopback), ``host`` itself and the address it printed (``public_url``)."""
    names = set(LOOPBACK_NAMES) if loopback else set()
    names |= {host.lower().strip("[]"), _netloc_host(urlsplit(public_url).netloc)}
    return frozenset(n for n in names if n)


def host_allowed(request: web.Request, names: frozenset[str]) -> bool:
    """Whether the request's Host is one of ``names`` or an IP literal (a DNS-rebinding page
    can only claim a name). Shared by ``serve`` and the workshop room."""
    host = _netloc_host(request.host)
    return host in names or _is_ip(host)


def origin_allowed(request: web.Request) -> bool:
    """No Origin (not a browser), or the Origin of a page this server served (same host and
    port as ``Host``): a page on another site cannot use it. Shared by ``serve`` and the room."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def _screen(*lines: str) -> bytes:
    """A small terminal screen: cleared, the lines in the top left, the cursor hidden."""
    body = "\r\n".join(f"  {line}" for line in lines)
    return f"\x1b[?25l\x1b[2J\x1b[H\r\n{body}\r\n".encode()


class GuardedServer(Server):
    """textual-serve's server with the gate described in this module's docstring."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        public_url: str,
        loopback: bool,
        max_games: int,
        new_games_per_second: float,
    ) -> None:
        super().__init__(
            command, host=host, port=port, title=title, public_url=public_url, templates_path=PAGE_TEMPLATES
        )
        self.max_games = max_games
        self.bucket = TokenBucket(new_games_per_second, min(BURST, max_games))
        self.games: set[GameService] = set()
        self.waiting = 0
        self.names = server_names(host, public_url, loopback)

    # -- who may connect ------------------------------------------------------------------------

    def host_allowed(self, request: web.Request) -> bool:
        """Whether the request's Host names this server (a DNS-rebinding page's would not)."""
        return host_allowed(request, self.names)

    def origin_allowed(self, request: web.Request) -> bool:
        """No Origin (not a browser), or the Origin of a page this server served."""
        return origin_allowed(request)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self.host_allowed(request):
            raise web.HTTPMisdirectedRequest(text="patrolday serve does not answer to this host name\n")
        response: web.StreamResponse = await super().handle_index(request)
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def _make_app(self) -> web.Application:
        app = web.Application()
        import aiohttp_jinja2
        import jinja2

        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing: ``patrolday serve`` has printed the address already."""

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(game.stop() for game in list(self.games)), return_exceptions=True)

    # -- one browser ----------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not (self.host_allowed(request) and self.origin_allowed(request)):
            log.warning(
                "refused a websocket from Origin %r, Host %r", request.headers.get("Origin"), request.host
            )
            raise web.HTTPForbidden(text="this page was not served by patrolday serve\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if len(self.games) + self.waiting >= self.max_games:
            await self._refuse(
                websocket,
                f"This game server is full: {self.max_games} games are running.",
                "Reload this page in a minute, or ask the facilitator.",
            )
            return websocket
        wait = self.bucket.reserve()
        if wait > MAX_WAIT:
            self.bucket.give_back()
            await self._refuse(websocket, "Many games are starting at once.", "Reload this page in a minute.")
            return websocket
        self.waiting += 1
        try:
            if wait > 0:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_bytes(_screen("Starting your game: a few others go first..."))
                await asyncio.sleep(wait)
        finally:
            self.waiting -= 1
        if websocket.closed:
            return websocket
        await self._play(request, websocket)
        return websocket

    async def _refuse(self, websocket: web.WebSocketResponse, *lines: str) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await websocket.send_bytes(_screen(*lines))
            await websocket.close()

    async def _play(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        width = _clamp(to_int(request.query.get("width", "80"), 80), 20, 500)
        height = _clamp(to_int(request.query.get("height", "24"), 24), 5, 300)

        async def close() -> None:
            await websocket.close()

        game = GameService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.games.add(game)
        try:
            await game.start(width, height)
            await self._process_messages(websocket, game)
        except asyncio.CancelledError:
            pass
        except ConnectionError:
            pass
        except Exception as error:  # a malformed message: that browser's game ends, nothing else
            log.warning("a browser sent what patrolday cannot read (%s); its game ends", type(error).__name__)
        finally:
            try:
                await asyncio.shield(game.stop())
            finally:
                self.games.discard(game)
                with contextlib.suppress(Exception):
                    await websocket.close()
