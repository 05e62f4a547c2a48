"""Helpers to attack ``patrolday serve``: start it, speak the browser's websocket protocol to it,
and count the game processes it runs.

The protocol is textual-serve's: the page opens ``/ws?width=W&height=H``; the server sends
the terminal's bytes as binary frames; the page sends JSON text frames such as
``["stdin", "n"]``, ``["resize", {"width": 80, "height": 24}]`` and ``["ping", "x"]``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(story: Path, tmp_path: Path, *flags: str) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``patrolday serve STORY FLAGS`` on a free port; yields (port, process); stops it after."""
    port = free_port()
    env = {**os.environ, "PATROLDAY_DATA_DIR": str(tmp_path / "data")}
    env.pop("PATROLDAY_SESSIONS_DIR", None)
    log = (tmp_path / f"serve-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "patrolday", "serve", str(story), "--port", str(port), *flags],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("patrolday serve did not start listening")
            time.sleep(0.1)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def descendants(pid: int) -> list[int]:
    """Every live process under ``pid`` (children, grandchildren...), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    out, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        out += children
        frontier += children
    return out


def games(server_pid: int) -> list[int]:
    """The game processes (``play --served``) the server runs, shells left out."""
    found = []
    for pid in descendants(server_pid):
        with contextlib.suppress(OSError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"--served" in argv and any(a.endswith(b"python") or b"python3" in a for a in argv[:1]):
                found.append(pid)
    return found


def wait_until(condition, timeout: float, step: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


class Player:
    """One browser tab, as far as the server can tell."""

    def __init__(self, port: int, origin: str | None = "same", host: str | None = None) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}" if origin == "same" else origin
        self.host = host
        self.frames: list[bytes] = []
        self._new = asyncio.Event()

    async def __aenter__(self) -> Player:
        headers = {}
        if self.origin is not None:
            headers["Origin"] = self.origin
        if self.host is not None:
            headers["Host"] = self.host
        self.http = aiohttp.ClientSession()
        try:
            self.ws = await self.http.ws_connect(
                f"http://127.0.0.1:{self.port}/ws?width=80&height=24", headers=headers, max_msg_size=0
            )
        except BaseException:
            await self.http.close()
            raise
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(BaseException):
            await self._reader
        await self.ws.close()
        await self.http.close()

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.frames.append(message.data)
                self._new.set()

    @property
    def text(self) -> str:
        return b"".join(self.frames).decode("utf-8", "replace")

    async def wait_for(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            left = deadline - time.monotonic()
            if left <= 0 or self.ws.closed:
                raise AssertionError(f"never saw {needle!r}; got {self.text[-300:]!r}")
            self._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), min(left, 0.5))

    async def wait_closed(self, timeout: float = 10) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        return self.ws.closed

    async def key(self, data: str) -> None:
        await self.ws.send_json(["stdin", data])
