"""``patrolday serve --workshop --room`` end to end: the facilitator's screen in a real headless
Chromium (textual-serve), phones joining the room the command printed, a live tally on that
screen, and the group's pick back on the phones and in the session log.

The facilitator's game is the real one ``serve`` starts (``play --served --workshop --room``),
so this is what a facilitator gets: the code on the command's output, the join screen in the
browser, votes that arrive while the browser shows the tally.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from headless_chromium import CHROMIUM, Browser
from test_room_tui import Phone
from test_serve import free_port, wait_for_port
from workshop_helpers import VOTE_STORY

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


async def press_enter(browser: Browser) -> None:
    for kind in ("keyDown", "keyUp"):
        await browser.send(
            "Input.dispatchKeyEvent",
            type=kind,
            key="Enter",
            code="Enter",
            windowsVirtualKeyCode=13,
            nativeVirtualKeyCode=13,
            **({"text": "\r"} if kind == "keyDown" else {}),
        )


def _read_code(server: subprocess.Popen[bytes], timeout: float = 30) -> tuple[str, str]:
    """The room code from the command's own output ("room code ABC-DEF"), as a facilitator reads
    it, and the output up to there."""
    assert server.stdout is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        seen += line
        found = re.search(rb"room code ([A-Z0-9]{3}-[A-Z0-9]{3})", line)
        if found:
            return found.group(1).decode().replace("-", ""), seen.decode("utf-8", "replace")
        if not line and server.poll() is not None:
            break
    raise AssertionError(f"serve never printed a room code: {seen!r}")


def test_serve_workshop_room_facilitator_in_a_browser_phones_vote_live(tmp_path: Path) -> None:
    port, room_port = free_port(), free_port()
    sessions = tmp_path / "sessions"
    env = {**os.environ, "PATROLDAY_DATA_DIR": str(tmp_path / "data")}
    env.pop("PATROLDAY_SESSIONS_DIR", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "patrolday",
            "serve",
            str(VOTE_STORY),
            "--workshop",
            "--room",
            "--port",
            str(port),
            "--room-port",
            str(room_port),
            "--sessions-dir",
            str(sessions),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    room = f"http://127.0.0.1:{room_port}"
    printed = ""
    try:
        code, printed = _read_code(server)
        wait_for_port(port, server)

        async def drive() -> None:
            async with Browser(tmp_path / "profile") as browser:
                await browser.open(f"http://127.0.0.1:{port}/")
                await browser.wait_for_text("Content note", timeout=60)
                await browser.click(550, 380)  # focus the terminal, as a person would
                await press_enter(browser)  # past the content note: the room's join screen
                await browser.wait_for_text("Join the room from your phone", "Room code", timeout=30)
                phones = [await Phone(room, code).join() for _ in range(3)]
                await browser.wait_for_text("3 phones joined.")
                await browser.screenshot(tmp_path / "join.png")
                await press_enter(browser)
                await browser.press("n")  # a new game: the first decision asks its question
                await browser.wait_for_text("Talk about it first")
                await browser.press("r")  # reveal: the phones get the options
                for phone in phones:
                    await phone.until(lambda m: m.get("phase") == "open" and bool(m.get("options")))
                serial = phones[0].last["serial"]
                for phone, option in zip(phones, ["wave", "wave", "stop"], strict=True):
                    assert (await phone.vote(serial, option))["type"] == "ack"
                await browser.wait_for_text("3 of 3 phones voted, 0 hands: 3 votes in all.")
                await browser.wait_for_text("vote (1 phone, 0 hands)", "votes (2 phones, 0 hands)")
                await browser.screenshot(tmp_path / "tally.png")
                await press_enter(browser)  # close the vote: "wave" has 2 of 3
                # The phones hear which option the group took: as the result, or (when the next
                # decision's question came at once) as how the room voted, under that question.
                seen = await phones[2].until(lambda m: bool(m.get("taken") or m.get("previous")))
                assert (seen.get("taken") or seen["previous"]["taken"]) == "wave"
                await browser.wait_for_text("Debrief: Vote Story")  # "wave" ends the story: the debrief opens
                for phone in phones:
                    await phone.close()

        asyncio.run(drive())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            logs = [json.loads(p.read_text(encoding="utf-8")) for p in sessions.glob("*.json")]
            steps = [s for log in logs for s in log["steps"]]
            if steps:
                break
            time.sleep(0.2)
        [step] = steps
        assert step["choice"] == "wave" and step["votes"] == {"stop": 1, "wave": 2, "radio": 0}
        assert step["room"] == {
            "devices": 3,
            "phones": {"stop": 1, "wave": 2, "radio": 0},
            "hands": {"stop": 0, "wave": 0, "radio": 0},
        }
        assert (tmp_path / "tally.png").stat().st_size > 1000
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0].decode("utf-8", "replace")
    assert f"Room for phones: {room}" in printed
    assert "the room listens on 127.0.0.1: only this computer can join" in printed + output
