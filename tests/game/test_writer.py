"""One background writer for a game's files: in order, off the caller's thread, nothing lost."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.game import Game
from patrolday.game.playthrough import Playthrough
from patrolday.game.writer import FileWriter, Immediate
from patrolday.workshop.sessions import SessionLog

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


def test_writes_run_on_one_other_thread_in_the_order_asked() -> None:
    writer = FileWriter()
    seen: list[tuple[int, str]] = []
    for n in range(50):
        writer.submit(lambda n=n: seen.append((n, threading.current_thread().name)))
    writer.flush()
    assert [n for n, _ in seen] == list(range(50))
    assert {name for _, name in seen} != {threading.current_thread().name}
    assert len({name for _, name in seen}) == 1
    writer.close()
    writer.submit(lambda: seen.append((50, "")))  # a closed writer starts again on the next write
    writer.flush()
    assert seen[-1][0] == 50


def test_immediate_writes_on_the_callers_thread() -> None:
    seen: list[str] = []
    Immediate().submit(lambda: seen.append(threading.current_thread().name))
    assert seen == [threading.current_thread().name]


def test_a_choice_does_not_wait_for_the_session_log_or_the_autosave(tmp_path: Path) -> None:
    gate = threading.Event()
    writer = FileWriter()
    writer.submit(gate.wait)  # the disk is "slow": nothing queued behind this runs until the gate opens
    log = SessionLog(WALK, tmp_path / "sessions", "tui", writer=writer)
    game = Game(WALK, tmp_path / "data", [log], writer=writer)
    game.new_game(seed=3)
    game.choose("check-the-yard")  # returns although no file can be written yet
    assert not list((tmp_path / "sessions").glob("*.json"))
    gate.set()
    log.close()  # waits for the writer: the log is whole on disk when close returns
    doc = json.loads(log.path.read_text()) if log.path else {}
    assert [s["choice"] for s in doc["steps"]] == ["check-the-yard"]
    assert doc["start"]["seed"] == 3
    assert game.saves.path("autosave").is_file()


def test_the_log_written_by_the_writer_is_the_log_of_that_moment(tmp_path: Path) -> None:
    # The document is serialised when the event happens, so a later event cannot leak
    # into an earlier write (each write is a whole, consistent log).
    writer = FileWriter()
    log = SessionLog(WALK, tmp_path, "plain", writer=writer)
    play = Playthrough.new(WALK, seed=0, listeners=[log])
    for choice in ("check-the-yard", "call-him-over", "check-the-yard"):
        play.choose(choice)
    log.close()
    doc = json.loads(log.path.read_text()) if log.path else {}
    assert len(doc["steps"]) == 3 and doc["ended_at"]
