"""The workshop room as a hostile participant, or a hostile page in the facilitator's browser, meets it.

One test (at least) per rule of issue 15's security list, each over the real protocol:
a real aiohttp server on 127.0.0.1 and an aiohttp client that sends what an attacker
would. Every test that sends a vote checks the tally afterwards: rejected means not counted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from yarl import URL

from patrolday.workshop.room.state import Decision, Room, RoomOption
from patrolday.workshop.room.web import CSRF_COOKIE, DEVICE_COOKIE, HEADERS, MAX_BODY, RoomServer

CODE = "ACDEFH"
DECISION = Decision(
    "The corner",
    ("What would you do?",),
    (RoomOption("stop", 1, "Stop the car"), RoomOption("wave", 2, "Wave and drive on")),
)


@dataclass
class Live:
    room: Room
    server: RoomServer
    url: str

    @property
    def origin(self) -> str:
        return self.url

    def open_vote(self) -> None:
        self.room.offer(DECISION)
        self.room.reveal()


@pytest.fixture
async def live() -> AsyncIterator[Live]:
    room = Room(code=CODE, max_devices=5)
    server = RoomServer(room, host="127.0.0.1", port=0)
    await server.start()
    try:
        yield Live(room, server, f"http://127.0.0.1:{server.port}")
    finally:
        await server.stop()


class Phone:
    """A participant's browser: its own cookie jar, sending what the page's script sends."""

    def __init__(self, live: Live, origin: str | None = None) -> None:
        self.live = live
        self.origin = live.origin if origin is None else origin
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""

    async def __aenter__(self) -> Phone:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.close()

    def headers(self, **extra: str) -> dict[str, str]:
        out = dict(extra)
        if self.origin:
            out["Origin"] = self.origin
        return out

    async def load(self) -> str:
        async with self.http.get(self.live.url + "/") as response:
            assert response.status == 200
            html = await response.text()
        self.csrf = html.split('name="csrf-token" content="')[1].split('"')[0]
        return html

    async def join(self, code: str = CODE, csrf: str | None = None) -> aiohttp.ClientResponse:
        if not self.csrf:
            await self.load()
        token = self.csrf if csrf is None else csrf
        async with self.http.post(
            self.live.url + "/join",
            json={"code": code},
            headers=self.headers(**{"X-CSRF-Token": token}),
        ) as response:
            await response.read()
            return response

    async def socket(self) -> aiohttp.ClientWebSocketResponse:
        return await self.http.ws_connect(self.live.url + "/ws", headers=self.headers())

    def device_token(self) -> str | None:
        cookie = self.http.cookie_jar.filter_cookies(URL(self.live.url)).get(DEVICE_COOKIE)
        return cookie.value if cookie is not None else None


async def vote(ws: aiohttp.ClientWebSocketResponse, serial: object, option: object) -> dict[str, object]:
    await ws.send_str(json.dumps({"type": "vote", "decision": serial, "option": option}))
    return await asyncio.wait_for(ws.receive_json(), 5)


def counted(live: Live) -> int:
    return sum(live.room.tally().phones.values())


# -- the happy path first, so the attacks below are attacks on something that works --------------


async def test_a_phone_joins_votes_changes_its_vote_and_a_reload_keeps_it(live: Live) -> None:
    async with Phone(live) as phone:
        assert (await phone.join()).status == 200
        ws = await phone.socket()
        assert (await ws.receive_json())["phase"] == "waiting"
        live.open_vote()
        assert (await ws.receive_json())["phase"] == "open"  # offer and reveal came as one state
        reply = await vote(ws, live.room.serial, "stop")
        assert reply["mine"] == "stop" and reply["ack"] == live.room.version
        reply = await vote(ws, live.room.serial, "wave")
        assert reply["mine"] == "wave"
        await ws.close()
        again = await phone.socket()  # the page reloaded, or the phone woke up
        view = await again.receive_json()
        assert view["mine"] == "wave" and counted(live) == 1 and live.room.devices == 1
        await phone.join()  # joining again from the same phone is not a second device
        assert live.room.devices == 1
        await again.close()


# -- the room binds loopback unless told -------------------------------------------------------


async def test_the_room_listens_on_loopback_by_default() -> None:
    server = RoomServer(Room(code=CODE), port=0)
    await server.start()
    try:
        assert server.host == "127.0.0.1"
        assert server._runner is not None
        assert [a[0] for a in server._runner.addresses] == ["127.0.0.1"]
    finally:
        await server.stop()


# -- the code ------------------------------------------------------------------------------------


async def test_wrong_codes_are_refused_and_rate_limited(live: Live) -> None:
    async with Phone(live) as phone:
        statuses = [(await phone.join("QQQQQQ")).status for _ in range(5)]
        limited = await phone.join("QQQQQQ")
        right_too = await phone.join(CODE)
        assert statuses == [403] * 5 and limited.status == 429 and right_too.status == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert phone.device_token() is None and live.room.devices == 0


# -- Origin, Host, CSRF ----------------------------------------------------------------------------


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", "file://"])
async def test_a_page_on_another_site_cannot_join(live: Live, origin: str) -> None:
    async with Phone(live, origin=origin) as phone:
        assert (await phone.join()).status == 403
        assert phone.device_token() is None and live.room.devices == 0


async def test_a_page_on_another_site_cannot_open_the_socket_even_with_the_cookie(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone:
        await phone.join()
        phone.origin = "http://evil.example"
        with pytest.raises(aiohttp.WSServerHandshakeError) as err:
            await phone.socket()
        assert err.value.status == 403
    assert counted(live) == 0


async def test_no_response_lets_another_site_read_the_room(live: Live) -> None:
    async with Phone(live) as phone:
        async with phone.http.get(live.url + "/", headers={"Origin": "http://evil.example"}) as page:
            assert "Access-Control-Allow-Origin" not in page.headers
        response = await phone.join()
        assert "Access-Control-Allow-Origin" not in response.headers


async def test_a_rebinding_host_name_is_refused(live: Live) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/room.js", "/ws"):
            async with http.get(live.url + path, headers={"Host": f"evil.example:{live.server.port}"}) as r:
                assert r.status == 421, path


@pytest.mark.parametrize("csrf", ["", "x" * 32, "forged-token-forged-token"])
async def test_a_join_without_the_pages_csrf_token_is_refused(live: Live, csrf: str) -> None:
    async with Phone(live) as phone:
        await phone.load()
        assert (await phone.join(csrf=csrf)).status == 403
        assert phone.device_token() is None and live.room.devices == 0


async def test_a_form_post_needs_the_csrf_field_too(live: Live) -> None:
    async with Phone(live) as phone:
        await phone.load()
        async with phone.http.post(
            live.url + "/join", data={"code": CODE}, headers=phone.headers(), allow_redirects=False
        ) as response:
            assert response.status == 403
        async with phone.http.post(
            live.url + "/join",
            data={"code": CODE, "csrf": phone.csrf},
            headers=phone.headers(),
            allow_redirects=False,
        ) as response:
            assert response.status == 303 and response.headers["Location"] == "/"
        assert phone.device_token() is not None and live.room.devices == 1
        async with phone.http.get(live.url + "/") as page:
            assert 'data-joined="yes"' in await page.text()


# -- sizes and rates --------------------------------------------------------------------------------


async def test_a_large_body_is_refused(live: Live) -> None:
    async with Phone(live) as phone:
        await phone.load()
        async with phone.http.post(
            live.url + "/join",
            data=json.dumps({"code": CODE, "pad": "x" * (MAX_BODY * 50)}),
            headers=phone.headers(**{"X-CSRF-Token": phone.csrf, "Content-Type": "application/json"}),
        ) as response:
            assert response.status == 413
        assert live.room.devices == 0


async def test_a_large_or_malformed_message_ends_only_that_socket_and_counts_nothing(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone, Phone(live) as other:
        await phone.join()
        await other.join()
        for bad in ("x" * 5000, "not json", "[1, 2]", json.dumps({"type": "hello"})):
            ws = await phone.socket()
            await ws.receive_json()
            await ws.send_str(
                json.dumps({"type": "vote", "decision": live.room.serial, "option": "stop", "pad": bad})
                if bad.startswith("x")
                else bad
            )
            message = await asyncio.wait_for(ws.receive(), 5)
            assert message.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.CLOSING,
            )
            await ws.close()
        ws = await phone.socket()
        await ws.receive_json()
        await ws.send_bytes(b'{"type": "vote"}')
        message = await asyncio.wait_for(ws.receive(), 5)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert counted(live) == 0
        good = await other.socket()  # the other phone is untouched
        await good.receive_json()
        assert (await vote(good, live.room.serial, "wave"))["mine"] == "wave"
        await good.close()


async def test_a_device_that_floods_is_slowed_down(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone:
        await phone.join()
        ws = await phone.socket()
        await ws.receive_json()
        for n in range(60):
            await ws.send_str(
                json.dumps(
                    {"type": "vote", "decision": live.room.serial, "option": "stop" if n % 2 else "wave"}
                )
            )
        replies = [await asyncio.wait_for(ws.receive_json(), 5) for _ in range(60)]
        slowed = [r for r in replies if r.get("reason") == "slow-down"]
        assert 40 <= len(slowed) <= 50  # a burst of 12 went through, the rest were dropped
        assert counted(live) == 1  # still one device, one vote
        await ws.close()


async def test_one_device_cannot_hold_many_sockets(live: Live) -> None:
    async with Phone(live) as phone:
        await phone.join()
        sockets = [await phone.socket() for _ in range(3)]
        with pytest.raises(aiohttp.WSServerHandshakeError) as err:
            await phone.socket()
        assert err.value.status == 429
        for ws in sockets:
            await ws.close()


async def test_the_room_is_capped(live: Live) -> None:
    phones = [Phone(live) for _ in range(6)]
    try:
        statuses = [(await p.join()).status for p in phones]
    finally:
        for p in phones:
            await p.http.close()
    assert statuses == [200] * 5 + [503] and live.room.devices == 5


# -- what is served --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/room.html.j2",
        "/assets/room.js",
        "/static/",
        "/web.py",
        "/state.py",
        "//etc/passwd",
        "/room.js/../web.py",
        "/__init__.py",
    ],
)
async def test_nothing_but_the_pages_assets_is_served(live: Live, path: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(live.url + path, allow_redirects=False) as response:
        body = await response.text()
        assert response.status in (404, 405), (path, response.status)
        assert "root:" not in body and "import" not in body


async def test_every_response_carries_the_strict_headers(live: Live) -> None:
    async with Phone(live) as phone:
        responses = []
        for path in ("/", "/room.js", "/room.css", "/missing"):
            async with phone.http.get(live.url + path) as r:
                responses.append(r)
        responses.append(await phone.join("QQQQQQ"))
        for response in responses:
            for name, value in HEADERS.items():
                assert response.headers.get(name) == value, (response.url, name)
        csp = HEADERS["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "unsafe" not in csp and "frame-ancestors 'none'" in csp
        cookies = [c for r in responses for c in r.cookies.values()]
        assert all(c["httponly"] and c["samesite"] == "Strict" for c in cookies)
        assert {c.key for c in cookies} <= {CSRF_COOKIE, DEVICE_COOKIE}


# -- votes that must not count ----------------------------------------------------------------------


async def test_votes_for_options_not_on_offer_are_rejected(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone:
        await phone.join()
        ws = await phone.socket()
        await ws.receive_json()
        for option in ("call", "", None, 7, {"id": "stop"}, "STOP", "stop\u0000"):
            reply = await vote(ws, live.room.serial, option)
            assert reply["type"] == "rejected" and reply["reason"] == "not-offered"
        assert counted(live) == 0
        await ws.close()


async def test_a_forged_or_replayed_token_cannot_open_the_socket(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone:
        await phone.join()
        real = phone.device_token()
        assert real is not None
        device, mac = real.split(".")
        other = Room(code=CODE)
        old_session = other.join(CODE, "x")  # a token from last week's room, same code
        for token in (f"{device}.{mac[::-1]}", f"x{device}.{mac}", old_session, "", "a.b"):
            async with aiohttp.ClientSession() as http:
                http.cookie_jar.update_cookies({DEVICE_COOKIE: token})
                with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                    await http.ws_connect(live.url + "/ws", headers={"Origin": live.url})
                assert err.value.status == 401
    assert counted(live) == 0 and live.room.devices == 1


async def test_a_vote_after_close_or_a_replayed_vote_for_an_old_decision_is_rejected(live: Live) -> None:
    live.open_vote()
    async with Phone(live) as phone:
        await phone.join()
        ws = await phone.socket()
        await ws.receive_json()
        first = live.room.serial
        await vote(ws, first, "stop")
        live.room.close()
        assert (await asyncio.wait_for(ws.receive_json(), 5))["phase"] == "closed"
        reply = await vote(ws, first, "wave")
        assert reply["reason"] == "not-open"
        live.room.settle("stop")
        live.open_vote()
        await asyncio.wait_for(ws.receive_json(), 5)  # result, then the new decision (maybe one state)
        while live.room.view(phone.device_token())["serial"] != first + 1:
            await asyncio.sleep(0.01)
        reply = await vote(ws, first, "wave")  # the old decision's vote, sent again
        while reply.get("type") == "state":
            reply = await asyncio.wait_for(ws.receive_json(), 5)
        assert reply["reason"] == "stale"
        assert counted(live) == 0
        await ws.close()
