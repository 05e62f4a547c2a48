"""The room's web server: the phone page, joining with the code, and a websocket per phone.

An aiohttp application on the caller's event loop (facilitator mode's Textual loop), so
the room's state is touched by one thread only. What it serves and accepts:

- ``GET /``: the page, with a CSRF token (also set as a cookie, double-submit), in the
  phone's language: ``?lang=es`` (a link of the page's language switch, offered when the
  story has more than one language) sets a language cookie; otherwise the room's language.
  Only a language the room offers is taken, from the query or the cookie;
  ``GET /room.js`` and ``GET /room.css``: its own assets, read from the package once.
  Nothing else, and nothing from disk on request.
- ``POST /join`` (JSON from the page's script, or the form without script): the room
  code and the CSRF token; sets the device cookie (HttpOnly, SameSite=Strict).
- ``GET /ws``: the phone's websocket. The server sends the phone's view at once and at
  every change of phase; the phone sends ``{"type": "vote", "decision": N, "option": ID}``.

The rules, each attacked in ``tests/hardening/test_room_hostile.py``: a ``Host`` that does
not name this server is refused (DNS rebinding), and so is a POST or websocket whose
``Origin`` is another site's (the check ``patrolday serve`` uses, :mod:`patrolday.serving`);
bodies and messages are small and bounded; each device may send a few messages a second;
devices and websockets are capped; wrong codes are rate-limited (:mod:`.state`); every
response carries a strict Content-Security-Policy and no-sniff, no-frame, no-referrer
headers. There is no access log: the room keeps no addresses.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web

from patrolday.serving import host_allowed, origin_allowed, server_names

from .limits import KeyedLimiter
from .state import Change, JoinRefused, Room, VoteRejected
from .strings import strings_for

DEVICE_COOKIE = "patrolday_room"
CSRF_COOKIE = "patrolday_csrf"
LANGUAGE_COOKIE = "patrolday_lang"
"""The phone's language, when it chose one with the page's switch (not a secret: a code such as ``es``)."""
MAX_BODY = 2048
"""Bytes a POST may carry: a room code and a token fit many times over."""
MAX_MESSAGE = 512
"""Bytes a websocket message may carry: a vote is about 60."""
MESSAGES_PER_DEVICE = (4.0, 12)
"""(per second, burst) of websocket messages from one device; past it they are dropped."""
SOCKETS_PER_DEVICE = 3
"""Open websockets one device may hold (two tabs and a reconnect), so one phone cannot hog them."""
COOKIE_AGE = 12 * 3600
ASSETS = ("room.js", "room.css")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}
CONTENT_TYPES = {"room.js": "text/javascript", "room.css": "text/css"}


@cache
def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("assets", name).read_bytes()


@cache
def _template() -> Any:
    import jinja2

    text = resources.files(__package__).joinpath("assets", "room.html.j2").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(text)


@dataclass
class RoomServer:
    """The room on the web. ``public_url`` is the address phones are told (the QR code's)."""

    room: Room
    host: str = "127.0.0.1"
    port: int = 8100
    public_url: str = ""
    loopback: bool = True
    language: str = ""  # the room's language ("": the interface's, patrolday.i18n)
    languages: tuple[str, ...] = ()  # the story's languages: the page offers a switch when there are 2+
    max_sockets: int = 0  # 0: twice the room's device cap, plus a few
    sockets: dict[web.WebSocketResponse, str] = field(default_factory=dict)  # open socket -> its token
    _runner: web.AppRunner | None = None
    _broadcast_due: bool = False
    _message_limits: KeyedLimiter = field(default_factory=lambda: KeyedLimiter(*MESSAGES_PER_DEVICE))

    def __post_init__(self) -> None:
        self.public_url = self.public_url or f"http://{self.host}:{self.port}"
        self.names = server_names(self.host, self.public_url, self.loopback)
        self.max_sockets = self.max_sockets or 2 * self.room.max_devices + 10
        if not self.language:
            from patrolday.i18n import current_language

            self.language = current_language()
        self.strings = strings_for(self.language)
        self.offered = frozenset((self.language, *self.languages))
        self.socket_languages: dict[web.WebSocketResponse, str] = {}  # open socket -> its phone's language
        self.room.listeners.append(self._on_change)
        self.tasks: set[asyncio.Task[None]] = set()

    # -- the application ----------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.add_routes(
            [
                web.get("/", self.page),
                web.post("/join", self.join),
                web.get("/ws", self.websocket),
                *[web.get(f"/{name}", self.asset) for name in ASSETS],
                web.get("/favicon.ico", self.no_icon),  # browsers ask; the page has none
            ]
        )
        app.on_response_prepare.append(_secure_headers)
        app.on_shutdown.append(self._close_sockets)
        return app

    async def start(self) -> None:
        """Listen (raises OSError when the address cannot be used)."""
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        if self.port == 0 and runner.addresses:  # tests and benchmarks ask for any free port
            self.port = int(runner.addresses[0][1])
            self.public_url = f"http://{self.host}:{self.port}"
            self.names = server_names(self.host, self.public_url, self.loopback)

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # -- checks ----------------------------------------------------------------------------------

    def _gate(self, request: web.Request, *, origin: bool) -> None:
        if not host_allowed(request, self.names):
            raise web.HTTPMisdirectedRequest(text="this room does not answer to this host name\n")
        if origin and not origin_allowed(request):
            raise web.HTTPForbidden(text="this page was not served by this room\n")

    def _language(self, request: web.Request) -> tuple[str, bool]:
        """The phone's language (from ``?lang=``, else its cookie, else the room's) and whether
        it was asked for just now (then the page sets the cookie). Only a language the room
        offers is taken, so nothing a page sends is echoed into a cookie or the page."""
        asked = request.query.get("lang", "")
        if asked in self.offered:
            return asked, True
        kept = request.cookies.get(LANGUAGE_COOKIE, "")
        return (kept, False) if kept in self.offered else (self.language, False)

    def _switch(self, current: str) -> list[dict[str, object]]:
        """The language switch's links (none when the story has one language)."""
        from patrolday.game.language import language_name

        if len(self.languages) < 2:
            return []
        return [
            {
                "code": code,
                "name": language_name(code),
                "href": f"/?lang={code}",
                "current": code == current,
            }
            for code in self.languages
        ]

    def _render(self, language: str, csrf: str, joined: bool, problem: str) -> str:
        strings = strings_for(language)
        return str(
            _template().render(
                t=strings,
                csrf=csrf,
                joined=joined,
                problem=problem,
                strings_json=dict(strings),
                languages=self._switch(language),
            )
        )

    def _token(self, request: web.Request) -> str | None:
        token = request.cookies.get(DEVICE_COOKIE)
        return token if self.room.device(token) is not None else None

    # -- handlers -------------------------------------------------------------------------------

    async def page(self, request: web.Request, problem: str = "", status: int = 200) -> web.Response:
        self._gate(request, origin=False)
        csrf = request.cookies.get(CSRF_COOKIE, "")
        if not (
            16 <= len(csrf) <= 64 and csrf.isascii() and csrf.replace("-", "").replace("_", "").isalnum()
        ):
            csrf = secrets.token_urlsafe(24)
        language, chosen = self._language(request)
        html = self._render(language, csrf, self._token(request) is not None, problem)
        response = web.Response(text=html, content_type="text/html", charset="utf-8", status=status)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="Strict", max_age=COOKIE_AGE, path="/")
        if chosen:
            response.set_cookie(
                LANGUAGE_COOKIE, language, httponly=True, samesite="Strict", max_age=COOKIE_AGE, path="/"
            )
        return response

    async def asset(self, request: web.Request) -> web.Response:
        self._gate(request, origin=False)
        name = request.path.lstrip("/")
        return web.Response(body=_asset(name), content_type=CONTENT_TYPES[name], charset="utf-8")

    async def no_icon(self, request: web.Request) -> web.Response:
        self._gate(request, origin=False)
        return web.Response(status=204)

    async def join(self, request: web.Request) -> web.StreamResponse:
        self._gate(request, origin=True)
        as_form = request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        try:
            if as_form:
                form = await request.post()
                code, sent_csrf = str(form.get("code", "")), str(form.get("csrf", ""))
            elif request.content_type == "application/json":
                body = json.loads(await request.text())
                code = body.get("code", "") if isinstance(body, dict) else ""
                sent_csrf = request.headers.get("X-CSRF-Token", "")
            else:
                raise web.HTTPUnsupportedMediaType(text="send the code as a form or as JSON\n")
        except (ValueError, UnicodeDecodeError):
            raise web.HTTPBadRequest(text="that is not a room code\n") from None
        cookie_csrf = request.cookies.get(CSRF_COOKIE, "")
        if not (cookie_csrf and hmac.compare_digest(cookie_csrf.encode(), str(sent_csrf).encode())):
            return self._refuse(request, as_form, "refused", 403)
        if not isinstance(code, str):
            return self._refuse(request, as_form, "wrong-code", 403)
        if self._token(request) is not None:  # already in the room: the same device, not a new one
            return self._joined(as_form, None)
        try:
            token = self.room.join(code, request.remote or "?")
        except JoinRefused as err:
            status = {"wrong-code": 403, "too-many-tries": 429, "full": 503}[err.reason]
            response = self._refuse(request, as_form, err.reason, status)
            if err.retry_after:
                response.headers["Retry-After"] = str(int(err.retry_after) + 1)
            return response
        return self._joined(as_form, token)

    def _joined(self, as_form: bool, token: str | None) -> web.StreamResponse:
        """Joined: JSON for the script; for the form, back to the page (which then shows the room)."""
        response: web.Response = web.HTTPSeeOther("/") if as_form else web.json_response({"ok": True})
        if token is not None:
            response.set_cookie(
                DEVICE_COOKIE, token, httponly=True, samesite="Strict", max_age=COOKIE_AGE, path="/"
            )
        if isinstance(response, web.HTTPException):
            raise response
        return response

    def _refuse(self, request: web.Request, as_form: bool, reason: str, status: int) -> web.StreamResponse:
        key = reason.replace("-", "_")
        language, _ = self._language(request)
        strings = strings_for(language)
        message = strings.get(key, strings["refused"])
        if as_form:
            # Drawn as the page again, with the message (the form posts back to /join).
            html = self._render(language, request.cookies.get(CSRF_COOKIE, ""), False, message)
            return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)
        return web.json_response({"ok": False, "error": reason, "message": message}, status=status)

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._gate(request, origin=True)
        token = self._token(request)
        if token is None:
            raise web.HTTPUnauthorized(text="join the room with its code first\n")
        device = token.split(".")[0]
        mine = sum(1 for t in self.sockets.values() if t.split(".")[0] == device)
        if mine >= SOCKETS_PER_DEVICE or len(self.sockets) >= self.max_sockets:
            raise web.HTTPTooManyRequests(text="too many connections from this device\n")
        ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, heartbeat=20.0)
        await ws.prepare(request)
        self.sockets[ws] = token
        language, _ = self._language(request)
        self.socket_languages[ws] = language
        self._count_connected()
        try:
            await ws.send_json(self.room.view(token, language))
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    break  # binary, or an error (a message over the size limit): this socket ends
                if not self._message_limits.allow(device, self.room.clock()):
                    await ws.send_json({"type": "rejected", "reason": "slow-down"})
                    continue
                if not await self._on_message(ws, token, message.data):
                    break
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            pass
        finally:
            self.sockets.pop(ws, None)
            self.socket_languages.pop(ws, None)
            self._count_connected()
            with contextlib.suppress(Exception):
                await ws.close()
        return ws

    def _count_connected(self) -> None:
        """Tell the room how many devices have a socket open (two tabs of one phone are one)."""
        self.room.set_connected(len({t.split(".")[0] for t in self.sockets.values()}))

    async def _on_message(self, ws: web.WebSocketResponse, token: str, data: str) -> bool:
        """Handle one message; False ends the socket (it sent what no page of ours sends)."""
        try:
            message = json.loads(data)
        except ValueError:
            return False
        if not isinstance(message, dict) or message.get("type") != "vote":
            return False
        try:
            version = self.room.vote(token, message.get("decision"), message.get("option"))
        except VoteRejected as err:
            language = self.socket_languages.get(ws)
            await ws.send_json(
                {"type": "rejected", "reason": err.reason, **_view_fields(self.room, token, language)}
            )
            return True
        # Only what changed for this phone: its own vote (the rest of its view is as it was).
        ack = {"type": "ack", "serial": self.room.serial, "mine": message["option"], "ack": version}
        await ws.send_json(ack)
        return True

    # -- telling the phones ---------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        """A new phase: every phone's view changes. Sent once per turn of the loop, however many
        changes came together (offer then reveal at once sends the phones one state)."""
        if change.kind != "public" or self._broadcast_due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (the room used without its server)
        self._broadcast_due = True
        task = loop.create_task(self._broadcast())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _broadcast(self) -> None:
        await asyncio.sleep(0)
        self._broadcast_due = False
        await asyncio.gather(
            *(
                _send(ws, self.room.view(token, self.socket_languages.get(ws)))
                for ws, token in list(self.sockets.items())
            )
        )

    async def _close_sockets(self, app: web.Application) -> None:
        for ws in list(self.sockets):
            with contextlib.suppress(Exception):
                await ws.close()


async def _send(ws: web.WebSocketResponse, data: Mapping[str, Any]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_json(dict(data))


def _view_fields(room: Room, token: str, language: str | None = None) -> dict[str, Any]:
    view = room.view(token, language)
    view.pop("type", None)
    return view


async def _secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
