"""``patrolday serve`` as a browser (or anyone on the network) meets it.

It must listen on 127.0.0.1 unless told otherwise, and nothing a request sends may reach
the file system: request paths cannot name files outside the server's own assets, and the
command run for each browser is fixed when the server starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux socket tables")

from conftest import FIXTURE  # noqa: E402

SECRET = "patrolday-secret-marker-4711"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp) of sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    tmp_path = tmp_path_factory.mktemp("serve")
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    port = free_port()
    env = {**os.environ, "PATROLDAY_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "patrolday", "serve", "--port", str(port), "--no-log", str(FIXTURE)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not listening_addresses(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("patrolday serve did not start listening")
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_listens_on_localhost_only_by_default(server: int) -> None:
    assert listening_addresses(server) == {"0100007F"}  # 127.0.0.1, and nothing else


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """Send ``path`` as is (no normalising of '..' by the client)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/") else 0
    return status, raw


@pytest.mark.parametrize(
    "path",
    [
        "/secret.txt",
        "/../secret.txt",
        "/static/../secret.txt",
        "/static/../../secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static//etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/?path=secret.txt",
        "/ws?command=cat%20secret.txt",
    ],
)
def test_request_paths_cannot_name_files(server: int, path: str) -> None:
    status, raw = fetch(server, path)
    assert SECRET.encode() not in raw
    assert b"root:x:0:0" not in raw
    if status == 200:  # only the server's own page or assets may answer
        assert b"<html" in raw.lower() or b"text/css" in raw or b"javascript" in raw


def test_the_page_loads_nothing_from_the_internet_and_says_so_in_its_headers(server: int) -> None:
    """A workshop may have no internet, and a font fetched from another site tells that site who
    is playing. The page names only its own server, and its Content-Security-Policy forbids the
    browser to fetch from anywhere else."""
    status, raw = fetch(server, "/")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert status == 200
    fetched = re.findall(rb"(?:href|src)\s*=\s*[\"']?([^\"' >]+)|url\(\s*[\"']?([^\"')]+)", body)
    own = f"http://127.0.0.1:{server}/".encode()
    urls = [url for pair in fetched for url in pair]
    elsewhere = [url for url in urls if url.startswith((b"http", b"//")) and not url.startswith(own)]
    assert fetched and elsewhere == []
    assert b"@import" not in body
    fields = (line.split(b":", 1) for line in head.split(b"\r\n")[1:])
    headers = {name.lower(): value for name, value in fields}
    policy = headers.get(b"content-security-policy", b"").decode()
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_command_run_per_browser_is_fixed_at_start(server: int) -> None:
    """Every connection runs the same command: the page names no command a browser could change."""
    status, page = fetch(server, "/?command=rm%20-rf%20~&story=/etc")
    assert status == 200
    assert b"rm -rf" not in page and b"/etc" not in page
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.2:{server}/", timeout=2)  # not reachable elsewhere


# -- the websocket: Origin, Host, the cap, the rate, and games whose browser has gone ----------
# (issue 18, items 10 and 11). Each test starts its own server, so what one leaves running
# cannot pass or fail another.

from served import Player, games, serving, wait_until  # noqa: E402


def test_a_websocket_from_another_site_is_refused_and_starts_no_game(tmp_path: Path) -> None:
    import aiohttp

    async def attack(port: int) -> list[int]:
        statuses = []
        for origin, host in (
            ("http://evil.example", None),  # a page elsewhere, open in the facilitator's browser
            (f"http://evil.example:{port}", f"evil.example:{port}"),  # DNS rebinding to 127.0.0.1
            ("null", None),  # a sandboxed frame or a file:// page
            (f"http://127.0.0.1:{port + 1}", None),  # another local server's page
        ):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with Player(port, origin=origin, host=host):
                    pass
            statuses.append(refused.value.status)
        async with Player(port) as player:  # the page this server served is welcome
            await player.wait_for("read the note")
        return statuses

    with serving(FIXTURE, tmp_path, "--no-log") as (port, proc):
        assert asyncio.run(attack(port)) == [403, 403, 403, 403]
        status, page = fetch_with_host(port, "/", f"evil.example:{port}")
        assert status == 421 and b"<html" not in page.lower()
        assert fetch_with_host(port, "/", f"localhost:{port}")[0] == 200
        assert wait_until(lambda: not games(proc.pid), 15)
        assert b"Traceback" not in (tmp_path / f"serve-{port}.log").read_bytes()


def fetch_with_host(port: int, path: str, host: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        raw = b"".join(iter(lambda: sock.recv(65536), b""))
    return int(raw.split(b" ", 2)[1]), raw


def test_games_past_the_cap_are_told_the_server_is_full(tmp_path: Path) -> None:
    async def crowd(port: int, pid: int) -> tuple[int, str]:
        async with Player(port) as one, Player(port) as two:
            await one.wait_for("read the note")
            await two.wait_for("read the note")
            async with Player(port) as three:
                await three.wait_for("This game server is full")
                assert await three.wait_closed()
                running = len(games(pid))
            return running, three.text

    with serving(FIXTURE, tmp_path, "--no-log", "--max-games", "2") as (port, proc):
        running, text = asyncio.run(crowd(port, proc.pid))
        assert running == 2
        assert "Reload this page in a minute" in text
        assert wait_until(lambda: not games(proc.pid), 15)


def test_new_games_are_paced(tmp_path: Path) -> None:
    """8 browsers at once, 1 new game a second after a burst of 5: half a second in, 5 games run;
    the other 3 are told to wait, and all 8 get their game."""

    async def rush(port: int, pid: int) -> tuple[int, int, int]:
        players = [Player(port) for _ in range(8)]
        for p in players:
            await p.__aenter__()
        try:
            await asyncio.sleep(0.5)
            early = len(games(pid))
            await asyncio.gather(*(p.wait_for("read the note", timeout=60) for p in players))
            return early, len(games(pid)), sum("Starting your game" in p.text for p in players)
        finally:
            for p in players:
                await p.close()

    flags = ("--no-log", "--max-games", "8", "--new-games-per-second", "1")
    with serving(FIXTURE, tmp_path, *flags) as (port, proc):
        assert asyncio.run(rush(port, proc.pid)) == (5, 8, 3)
        assert wait_until(lambda: not games(proc.pid), 20)


@pytest.mark.parametrize("goodbye", ["close", "abort"])
def test_a_game_whose_browser_has_gone_ends_even_after_a_key_flood(tmp_path: Path, goodbye: str) -> None:
    """F10: 3,000 quick keystroke messages, then the browser goes. The game must end (it kept
    running, and its log was never ended, before)."""
    sessions = tmp_path / "sessions"

    async def flood(port: int, pid: int) -> int:
        player = Player(port)
        await player.__aenter__()
        await player.wait_for("read the note")
        await asyncio.sleep(1)
        running = games(pid)
        player._reader.cancel()  # a busy or frozen tab: it sends, but reads nothing back
        for i in range(3000):
            await player.ws.send_json(["stdin", "u1\r" if i % 2 else "jjmm?\x1b"])
        await asyncio.sleep(3)
        if goodbye == "abort":  # the laptop lid closes: no close frame, the connection just drops
            transport = player.ws._writer.transport
            transport.abort()
            await player.http.close()
        else:
            await player.close()
        return len(running)

    with serving(FIXTURE, tmp_path, "--sessions-dir", str(sessions)) as (port, proc):
        assert asyncio.run(flood(port, proc.pid)) == 1
        assert wait_until(lambda: not games(proc.pid), 15), "the game outlived its browser"
        assert proc.poll() is None  # the server is still serving
        assert fetch(port, "/")[0] == 200
    from patrolday.workshop.sessions import read_log

    for path in sessions.glob("*.json"):
        assert read_log(path)["ended_at"] is not None  # quit worked: the game closed its log


def test_a_game_that_does_not_answer_quit_is_killed(tmp_path: Path) -> None:
    """The state F10 left behind: a game that no longer reads its input. textual-serve sent it
    quit and waited for ever; now it gets SIGTERM, then SIGKILL. (A stopped process models a
    game stuck on a full pipe: it reads nothing and ignores SIGTERM until it is killed.)"""
    import signal

    async def freeze(port: int, pid: int) -> None:
        async with Player(port) as player:
            await player.wait_for("read the note")
            [game] = games(pid)
            os.kill(game, signal.SIGSTOP)

    with serving(FIXTURE, tmp_path, "--no-log") as (port, proc):
        asyncio.run(freeze(port, proc.pid))
        assert wait_until(lambda: not games(proc.pid), 15), "a game that ignores quit outlived its browser"
        assert fetch(port, "/")[0] == 200


def test_malformed_messages_end_only_that_game(tmp_path: Path) -> None:
    async def garbage(port: int, pid: int) -> None:
        async with Player(port) as good:
            await good.wait_for("read the note")
            for message in (
                "not json",
                "{}",
                "[]",
                '["stdin", 5]',
                '["resize", {"width": 1000000000, "height": 5}]',
                '["resize", 7]',
            ):
                async with Player(port) as bad:
                    await bad.wait_for("read the note")
                    await bad.ws.send_str(message)
                    await bad.wait_closed(2)
            await good.key("?")
            await good.wait_for("read the note")
            assert len(games(pid)) >= 1 and not good.ws.closed

    with serving(FIXTURE, tmp_path, "--no-log") as (port, proc):
        asyncio.run(garbage(port, proc.pid))
        assert wait_until(lambda: not games(proc.pid), 20)


def test_token_bucket() -> None:
    from patrolday.serving import TokenBucket

    bucket = TokenBucket(rate=2.0, burst=3, updated=100.0)
    assert [bucket.reserve(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve(100.0) == pytest.approx(0.5)
    assert bucket.reserve(100.0) == pytest.approx(1.0)
    assert bucket.reserve(103.0) == 0.0  # refilled (at most the burst) while nobody came
