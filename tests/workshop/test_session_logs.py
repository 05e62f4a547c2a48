"""Session logs: the schema, what a real run writes, and that nothing personal gets in."""

from __future__ import annotations

import getpass
import json
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from workshop_helpers import SCHEMA, VOTE_STORY, play_log, run_cli

from patrolday.engine import Story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.sessions import SessionLog, final_path, read_log, sessions_dir

VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
TOKEN = re.compile(r"[A-Za-z0-9_.:+-]*\Z")  # ids, hashes, versions, times: never a space


def strings(value: Any) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(VALIDATOR.schema)


def test_scripted_plain_run_writes_exactly_one_valid_log(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    result = run_cli("play", str(VOTE_STORY), "--choices", "1,2,1", sessions=sessions, data=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    files = list(sessions.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    log = json.loads(files[0].read_text(encoding="utf-8"))
    VALIDATOR.validate(log)
    assert files[0].stem == log["session_id"]
    assert log["mode"] == "plain" and log["workshop"] is False
    assert log["story"]["id"] == "vote-story" and len(log["story"]["content_hash"]) == 64
    assert [(s["scene"], s["choice"]) for s in log["steps"]] == [
        ("corner", "stop"),
        ("curb", "walk"),
        ("talk", "explain-why-you-stopped"),
    ]
    assert log["steps"][0]["offered"] == ["stop", "wave", "radio"]
    # the knock option was shown disabled, so it was not offered
    assert log["steps"][1]["offered"] == ["call", "walk"]
    assert [s["decision"] for s in log["steps"]] == [True, True, False]
    assert log["start"]["meters"] == {"voice": 3, "trust": 5}
    assert [s["meters"] for s in log["steps"]] == [
        {"voice": 3, "trust": 7},
        {"voice": 5, "trust": 8},
        {"voice": 6, "trust": 8},
    ]
    assert log["ending"] == "end-catch" and log["ended_at"] is not None
    assert log["started_at"] <= log["ended_at"]


def test_log_has_no_free_text_and_no_host_or_user(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    run_cli("play", str(VOTE_STORY), "--choices", "1,1,1", sessions=sessions, data=tmp_path / "d")
    [path] = sessions.iterdir()
    text = path.read_text(encoding="utf-8")
    log = json.loads(text)
    for value in strings(log):
        assert TOKEN.match(value), f"free text in a session log: {value!r}"
    # no prose or labels from the story either: logs store ids only
    assert "Stop the car" not in text and "throws a ball" not in text
    for personal in {socket.gethostname(), getpass.getuser(), str(Path.home())}:
        if len(personal) >= 4:
            assert personal not in text
    assert str(tmp_path) not in text


def test_piped_undo_is_logged_honestly(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    result = run_cli(
        "play", str(VOTE_STORY), "--plain", sessions=sessions, data=tmp_path / "d", stdin="1\nu\n2\n"
    )
    assert result.returncode == 0, result.stderr
    [path] = sessions.iterdir()
    log = json.loads(path.read_text(encoding="utf-8"))
    VALIDATOR.validate(log)
    assert [s["kind"] for s in log["steps"]] == ["choice", "undo", "choice"]
    assert log["steps"][0]["choice"] == "stop" and log["steps"][0]["undone"] is True
    assert log["steps"][1]["to"] == "corner" and log["steps"][1]["turn"] == 0
    assert log["steps"][1]["meters"] == {"voice": 3, "trust": 5}
    assert [s["choice"] for s in final_path(log)] == ["wave"]
    assert log["ending"] == "end-drive"


def test_no_log_writes_nothing(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    result = run_cli(
        "play", str(VOTE_STORY), "--choices", "2", "--no-log", sessions=sessions, data=tmp_path / "d"
    )
    assert result.returncode == 0, result.stderr
    assert not sessions.exists() or not list(sessions.iterdir())


def test_sessions_dir_flag_beats_env_and_default_is_in_data_dir(tmp_path: Path) -> None:
    flag = tmp_path / "flag"
    env = tmp_path / "env"
    run_cli(
        "play", str(VOTE_STORY), "--choices", "2", "--sessions-dir", str(flag), sessions=env, data=tmp_path
    )
    assert len(list(flag.iterdir())) == 1 and not env.exists()
    run_cli("play", str(VOTE_STORY), "--choices", "2", "--log", sessions=None, data=tmp_path / "data")
    assert len(list((tmp_path / "data" / "sessions").iterdir())) == 1


def test_sessions_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PATROLDAY_SESSIONS_DIR", raising=False)
    assert sessions_dir() == tmp_path / "data" / "sessions"
    monkeypatch.setenv("PATROLDAY_SESSIONS_DIR", str(tmp_path / "env"))
    assert sessions_dir() == tmp_path / "env"
    assert sessions_dir(str(tmp_path / "flag")) == tmp_path / "flag"


def test_unwritable_sessions_folder_warns_and_the_game_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("play", str(VOTE_STORY), "--choices", "2", sessions=blocker, data=tmp_path)
    assert result.returncode == 0
    assert "THE END: Another street" in result.stdout
    assert "not logging this session" in result.stderr and "Traceback" not in result.stderr


def test_parallel_sessions_each_get_their_own_file(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    env_cmd = [sys.executable, "-m", "patrolday", "play", str(VOTE_STORY), "--sessions-dir", str(sessions)]
    procs = [
        subprocess.Popen([*env_cmd, "--choices", c], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for c in ("1,1,1", "1,2,1", "2", "3")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    logs = [read_log(p) for p in sessions.glob("*.json")]
    assert len(logs) == 4 and len({log["session_id"] for log in logs}) == 4
    assert sorted(log["ending"] for log in logs) == ["end-catch", "end-catch", "end-drive", "end-drive"]
    assert not list(sessions.glob(".*tmp"))


def test_votes_rewind_and_rejoin_are_recorded(story: Story, tmp_path: Path) -> None:
    log = play_log(
        story,
        tmp_path,
        [("stop", {"stop": 5, "wave": 2, "radio": 1}), ("call", {"call": 3, "walk": 3}), 0, ("wave", {})],
        workshop=True,
    )
    VALIDATOR.validate(log)
    kinds = [s["kind"] for s in log["steps"]]
    assert kinds == ["choice", "choice", "undo", "undo", "choice"]
    assert [s["undone"] for s in log["steps"] if s["kind"] == "choice"] == [True, True, False]
    assert log["steps"][0]["votes"] == {"stop": 5, "wave": 2, "radio": 1}
    assert log["steps"][-1]["votes"] == {}
    assert log["workshop"] is True and log["ending"] == "end-drive"


def test_undo_from_an_ending_clears_it(story: Story, tmp_path: Path) -> None:
    log = SessionLog(story, tmp_path, "plain")
    play = Playthrough.new(story, listeners=[log])
    play.choose("wave")
    assert read_log(log.path)["ending"] == "end-drive"
    play.undo()
    doc = read_log(log.path)
    assert doc["ending"] is None and doc["ended_at"] is None and doc["scene"] == "corner"
    log.close()
    assert read_log(log.path)["ended_at"] is not None


def test_negative_votes_are_refused(story: Story, tmp_path: Path) -> None:
    log = SessionLog(story, tmp_path, "tui")
    play = Playthrough.new(story, listeners=[log])
    with pytest.raises(ValueError, match="negative"):
        play.choose("stop", votes={"stop": -1})


def test_read_log_refuses_what_is_not_a_log(tmp_path: Path) -> None:
    cases = {"a.json": "{not json", "b.json": json.dumps({"format": "something-else"}), "c.json": "[]"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(ValueError):
            read_log(tmp_path / name)


def test_a_new_game_in_the_same_run_starts_a_new_file(story: Story, tmp_path: Path) -> None:
    log = SessionLog(story, tmp_path, "tui")
    first = Playthrough.new(story, listeners=[log])
    first.choose("stop")
    first_path = log.path
    Playthrough.new(story, listeners=[log]).choose("wave")
    log.close()
    assert log.path != first_path
    old, new = read_log(first_path), read_log(log.path)
    assert old["ended_at"] is not None and old["ending"] is None and len(old["steps"]) == 1
    assert [s["choice"] for s in new["steps"]] == ["wave"] and new["ending"] == "end-drive"
    assert old["session_id"] != new["session_id"]


def test_memory_only_log_writes_nothing(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = SessionLog(story, None, "tui", workshop=True)
    Playthrough.new(story, listeners=[log]).choose("wave", votes={"wave": 2})
    log.close()
    assert log.path is None and not list(tmp_path.iterdir())
    assert log.doc["steps"][0]["votes"] == {"wave": 2} and log.doc["ending"] == "end-drive"


# -- who is logged (issue 16 item 13): facilitator mode and serve by default, a solo game only if asked --


def test_a_solo_game_writes_no_log_unless_asked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for how in (("--choices", "1,2,1"), ("--plain",)):
        done = run_cli("play", str(VOTE_STORY), *how, sessions=None, data=data, stdin="1\nq\n")
        assert done.returncode == 0, done.stderr
        assert "logged" not in done.stdout
    assert not (data / "sessions").exists() or not list((data / "sessions").iterdir())


def test_log_asks_for_one_and_the_first_screen_says_where_it_goes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run_cli("play", str(VOTE_STORY), "--plain", "--log", sessions=None, data=data, stdin="1\nq\n")
    assert done.returncode == 0, done.stderr
    [log] = (data / "sessions").iterdir()
    first_screen = done.stdout.split("\n\n", 1)[0]
    assert "This game is logged" in first_screen and str(data / "sessions") in first_screen
    assert "--no-log" in first_screen
    assert read_log(log)["mode"] == "plain"


def test_a_sessions_folder_given_is_asking_for_a_log(tmp_path: Path) -> None:
    flag = tmp_path / "flag"
    done = run_cli(
        "play", str(VOTE_STORY), "--choices", "2", "--sessions-dir", str(flag), sessions=None, data=tmp_path
    )
    assert len(list(flag.iterdir())) == 1 and "This game is logged" in done.stdout


def test_log_and_no_log_together_are_refused(tmp_path: Path) -> None:
    done = run_cli(
        "play", str(VOTE_STORY), "--log", "--no-log", "--choices", "2", sessions=None, data=tmp_path
    )
    assert done.returncode == 2 and "not allowed with argument" in done.stderr


def test_facilitator_mode_and_served_games_log_by_default() -> None:
    import argparse

    from patrolday.commands._sessions import logs_by_default

    def args(**given: object) -> argparse.Namespace:
        base = {"workshop": False, "served": False, "log": False, "sessions_dir": None}
        return argparse.Namespace(**{**base, **given})

    assert logs_by_default(args(workshop=True)) and logs_by_default(args(served=True))
    assert logs_by_default(args(log=True)) and logs_by_default(args(sessions_dir="x"))
    assert not logs_by_default(args())
