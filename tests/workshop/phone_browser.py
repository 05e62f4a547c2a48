"""Headless Chromium as a phone, over the DevTools protocol (the serve test's client, extended).

A 360 x 740 touch screen at device scale 2 (a small Android phone); taps are touch events
at the middle of the element, as a finger would; text is typed with ``Input.insertText``.
Everything the page logs is kept, so a test can assert that the page ran under its own
Content-Security-Policy without a single violation or script error.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from headless_chromium import Browser

AXE_PATHS = (
    Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js",
    Path("/usr/lib/node_modules/axe-core/axe.min.js"),
    Path("/usr/share/javascript/axe-core/axe.min.js"),
)


def axe_source() -> str | None:
    for path in AXE_PATHS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


class Phone(Browser):
    """One phone-sized page."""

    def __init__(self, profile: Path) -> None:
        super().__init__(profile, size=(360, 740))
        self.log: list[str] = []

    async def __aenter__(self) -> Phone:
        await super().__aenter__()
        await self.send("Runtime.enable")
        await self.send("Log.enable")
        await self.send(
            "Emulation.setDeviceMetricsOverride", width=360, height=740, deviceScaleFactor=2, mobile=True
        )
        await self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        return self

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data.get("result", data.get("error")))
            elif data.get("method") == "Log.entryAdded":
                entry = data["params"]["entry"]
                self.log.append(f"{entry.get('level')}/{entry.get('source')}: {entry.get('text')}")
            elif data.get("method") == "Runtime.exceptionThrown":
                self.log.append(f"exception: {data['params']['exceptionDetails'].get('text')}")
            elif data.get("method") == "Runtime.consoleAPICalled" and data["params"]["type"] == "error":
                self.log.append(f"console.error: {data['params']['args']}")

    async def load(self, url: str) -> None:
        """Open ``url`` and wait until the page's script runs (a tap before that is lost)."""
        await self.evaluate("document.body && delete document.body.dataset.ready")
        await self.open(url)
        await self.wait_for("document.body && document.body.dataset.ready === 'yes'")

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression[:80]!r} threw {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Wait until ``expression`` is truthy in the page; return its value."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = await self.evaluate(expression)
            except AssertionError:
                last = None
            if last:
                return last
            await asyncio.sleep(0.1)
        text = await self.evaluate("document.body ? document.body.innerText : ''")
        raise AssertionError(f"never true: {expression!r}; the page says: {text!r}; log: {self.log}")

    async def text(self, selector: str) -> str:
        return str(await self.evaluate(f"document.querySelector({json.dumps(selector)}).innerText"))

    async def tap(self, selector: str) -> None:
        """A finger's tap in the middle of the (first) element matching ``selector``."""
        box = await self.wait_for(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return r.width && r.height ? [r.x + r.width / 2, r.y + r.height / 2] : null; })()"
        )
        point = {"x": box[0], "y": box[1]}
        await self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=[point])
        await self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    async def type_text(self, text: str) -> None:
        await self.send("Input.insertText", text=text)

    async def reload(self) -> None:
        await self.send("Page.reload", ignoreCache=True)

    async def axe(self, source: str) -> list[dict[str, Any]]:
        """Run axe-core on the page as it is now; its violations (impact, id, help, nodes)."""
        await self.evaluate(source)
        result = await self.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html)})))"
        )
        return list(result or [])
