"""``patrolday serve`` in a real headless Chromium: the page loads the title screen, and a game
played in the browser writes its own session log (mode "served")."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from headless_chromium import CHROMIUM, Browser
from workshop_helpers import VOTE_STORY, run_cli

from patrolday.commands.serve import is_loopback


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stdout.read() if process.stdout else ''!r}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("serve did not start listening")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_browser_loads_the_title_screen_and_logs_a_served_session(tmp_path: Path) -> None:
    port = free_port()
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
            "--port",
            str(port),
            "--sessions-dir",
            str(sessions),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        wait_for_port(port, server)

        async def drive() -> None:
            async with Browser(tmp_path / "profile") as browser:
                await browser.open(f"http://127.0.0.1:{port}/")
                await browser.wait_for_text("Vote Story", "Content note", "read the note")
                await browser.screenshot(tmp_path / "title.png")
                await browser.click(550, 380)  # focus the terminal, as a person would
                await browser.press("n")
                await browser.wait_for_text("The corner", "Stop the car")
                await browser.press("2")
                await browser.wait_for_text("THE END")

        asyncio.run(drive())
        deadline = time.monotonic() + 10
        while not list(sessions.glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
        [log_path] = sessions.glob("*.json")
        log = json.loads(log_path.read_text(encoding="utf-8"))
        assert log["mode"] == "served" and log["ending"] == "end-drive"
        assert [s["choice"] for s in log["steps"]] == ["wave"]
        assert (tmp_path / "title.png").stat().st_size > 1000
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0].decode("utf-8", "replace")
    assert f"http://127.0.0.1:{port}" in output
    assert "patrolday: WARNING" not in output  # our wide-binding warning (asyncio may log its own at exit)


def test_serve_refuses_a_busy_port_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", str(VOTE_STORY), "--port", str(port), sessions=None, data=tmp_path)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("example.org")


def test_binding_wider_than_loopback_warns_and_loopback_does_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The warning a facilitator sees before sharing the game on a network (no server is run)."""
    import patrolday.serving
    from patrolday.cli import build_parser
    from patrolday.commands import serve

    started: list[str] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, **kwargs: object) -> None:
            started.append(host)

        def serve(self) -> None:
            return None

    monkeypatch.setattr(patrolday.serving, "GuardedServer", FakeServer)
    monkeypatch.setattr(serve, "_lan_address", lambda: "192.0.2.7")  # never look up a real address
    monkeypatch.setattr(serve, "_port_problem", lambda host, port: "")
    for host, warned in (("0.0.0.0", True), ("127.0.0.1", False)):
        args = build_parser().parse_args(
            ["serve", "--host", host, "--port", "8765", "--sessions-dir", str(tmp_path)]
        )
        assert serve.run(args) == 0
        err = capsys.readouterr().err
        assert ("patrolday: WARNING: listening on" in err) is warned
    assert started == ["0.0.0.0", "127.0.0.1"]
