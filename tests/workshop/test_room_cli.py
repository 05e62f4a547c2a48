"""``play --workshop --room`` and ``serve --workshop --room`` as a facilitator types them."""

from __future__ import annotations

import shlex
import socket
from pathlib import Path

import pytest
from workshop_helpers import VOTE_STORY, run_cli

from patrolday.cli import build_parser
from patrolday.game.options import PlayOptions


def test_room_needs_workshop(tmp_path: Path) -> None:
    for command in ("play", "serve"):
        result = run_cli(command, str(VOTE_STORY), "--room", sessions=None, data=tmp_path)
        assert result.returncode == 2, command
        assert "--room needs --workshop" in result.stderr and "Traceback" not in result.stderr


def test_a_busy_room_port_is_a_clear_error_before_the_screen_is_taken(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli(
            "play",
            str(VOTE_STORY),
            "--workshop",
            "--room",
            "--room-port",
            str(port),
            sessions=None,
            data=tmp_path,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--room-port" in result.stderr
    assert "Traceback" not in result.stderr


def test_play_room_defaults_to_loopback_and_says_how_to_open_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from patrolday.commands import _room, play, serve
    from patrolday.tui.workshop import app as workshop_app

    seen: list[PlayOptions] = []
    monkeypatch.setattr(
        workshop_app, "run_workshop_app", lambda story, options, log, writer: seen.append(options) or 0
    )
    monkeypatch.setattr(play, "wants_plain", lambda args: None)
    monkeypatch.setattr(serve, "_lan_address", lambda: "192.0.2.7")
    monkeypatch.setattr(serve, "_port_problem", lambda host, port: "")
    monkeypatch.delenv(_room.ENV_CODE, raising=False)
    for extra, loud in (([], False), (["--host", "0.0.0.0", "--room-max", "30", "--read-along"], True)):
        args = build_parser().parse_args(
            ["play", str(VOTE_STORY), "--workshop", "--room", "--no-log", "--data-dir", str(tmp_path), *extra]
        )
        assert play.run(args) == 0
        err = capsys.readouterr().err
        if loud:
            assert "WARNING: the room listens on 0.0.0.0: anyone on this network who has the room code" in err
        else:
            assert "only this computer can join" in err and "--host 0.0.0.0" in err
    first, second = (o.workshop.room for o in seen if o.workshop is not None)
    assert first is not None and second is not None
    assert (first.host, first.port, first.max_devices, first.read_along) == ("127.0.0.1", 8100, 200, False)
    assert first.public_url == "http://127.0.0.1:8100" and first.code is None
    assert (second.host, second.max_devices, second.read_along) == ("0.0.0.0", 30, True)
    assert second.public_url == "http://192.0.2.7:8100"  # the address phones can reach


def test_serve_room_keeps_the_facilitators_page_on_this_computer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import patrolday.serving
    from patrolday.commands import _room, serve

    started: list[dict[str, object]] = []

    class FakeServer:
        def __init__(self, command: str, **kwargs: object) -> None:
            started.append({"command": command, **kwargs})

        def serve(self) -> None:
            return None

    monkeypatch.setattr(patrolday.serving, "GuardedServer", FakeServer)
    monkeypatch.setattr(serve, "_lan_address", lambda: "192.0.2.7")
    monkeypatch.setattr(serve, "_port_problem", lambda host, port: "")
    for name in (_room.ENV_CODE, _room.ENV_SECRET):
        monkeypatch.setenv(name, "")  # recorded, so what serve sets is undone after the test
        monkeypatch.delenv(name)
    args = build_parser().parse_args(
        [
            "serve",
            str(VOTE_STORY),
            "--workshop",
            "--room",
            "--host",
            "0.0.0.0",
            "--sessions-dir",
            str(tmp_path),
        ]
    )
    assert serve.run(args) == 0
    out = capsys.readouterr()
    [server] = started
    assert server["host"] == "127.0.0.1" and server["max_games"] == 1  # the projector's page only
    command = shlex.split(str(server["command"]))
    assert command[command.index("--host") + 1] == "0.0.0.0" and "--room" in command
    assert command[command.index("--room-url") + 1] == "http://192.0.2.7:8100"
    import os

    code = os.environ[_room.ENV_CODE]
    assert f"Room for phones: http://192.0.2.7:8100   room code {code[:3]}-{code[3:]}" in out.out
    assert code not in str(server["command"]) and os.environ[_room.ENV_SECRET] not in str(server["command"])
    assert "WARNING: the room listens on 0.0.0.0" in out.err
