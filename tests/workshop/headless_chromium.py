"""A tiny Chrome DevTools Protocol client for tests: load a page in headless Chromium.

Only what the tests need: open a URL, type keys, collect what the page's websockets
received (textual-serve streams the terminal there; the app draws on a canvas, so the
DOM does not hold the text), and take a screenshot. Uses aiohttp, which textual-serve
already depends on.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]


class Browser:
    """One headless Chromium with one page, driven over the DevTools websocket."""

    def __init__(self, profile: Path, size: tuple[int, int] = (1100, 760)) -> None:
        assert CHROMIUM is not None
        self.profile = profile
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.received: list[str] = []  # websocket frames the page received, decoded as text
        self._id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}

    async def __aenter__(self) -> Browser:
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            await asyncio.sleep(0.1)
        port = port_file.read_text().split()[0]
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = await self.http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Network.enable")
        await self.send("Page.enable")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._reader.cancel()
        await self.ws.close()
        await self.http.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data.get("result", data.get("error")))
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                payload = frame.get("payloadData", "")
                if frame.get("opcode") == 2:
                    payload = base64.b64decode(payload).decode("utf-8", "replace")
                self.received.append(payload)

    async def send(self, method: str, **params: Any) -> Any:
        self._id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._id] = future
        await self.ws.send_str(json.dumps({"id": self._id, "method": method, "params": params}))
        return await asyncio.wait_for(future, 30)

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def wait_for_text(self, *needles: str, timeout: float = 30) -> str:
        """Wait until every needle appeared in what the page's websockets received."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = "".join(self.received)
            if all(n in text for n in needles):
                return text
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never received {needles!r}")

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def press(self, key: str) -> None:
        """Type one printable key, as a person would (keydown with text, then keyup)."""
        code = ord(key.upper())
        await self.send(
            "Input.dispatchKeyEvent",
            type="keyDown",
            key=key,
            text=key,
            unmodifiedText=key,
            windowsVirtualKeyCode=code,
            nativeVirtualKeyCode=code,
        )
        await self.send(
            "Input.dispatchKeyEvent",
            type="keyUp",
            key=key,
            windowsVirtualKeyCode=code,
            nativeVirtualKeyCode=code,
        )

    async def screenshot(self, path: Path) -> None:
        result = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))
