"""What a room leaves in the session log: counts per option, devices joined, hands. Never a token."""

from __future__ import annotations

import json
from pathlib import Path

from patrolday.engine import Story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.log_format import LogProblem, parse_log
from patrolday.workshop.room.state import Decision, Room, RoomOption
from patrolday.workshop.sessions import SessionLog, read_log


def test_a_room_vote_is_logged_as_counts_and_the_log_passes_the_schema(story: Story, tmp_path: Path) -> None:
    room = Room(code="ACDEFH")
    tokens = [room.join("ACDEFH", str(n)) for n in range(4)]
    room.offer(Decision("The corner", (), (RoomOption("stop", 1, "Stop"), RoomOption("wave", 2, "Wave"))))
    room.reveal()
    for token, option in zip(tokens, ["stop", "stop", "wave", "stop"], strict=True):
        room.vote(token, room.serial, option)
    room.add_hands("wave", 2)
    tally = room.close()

    log = SessionLog(story, tmp_path, "tui", workshop=True)
    play = Playthrough.new(story, listeners=[log])
    log.note_room(tally.devices, tally.phones, tally.hands)
    play.choose("stop", votes=tally.totals())
    play.choose("walk", votes={"call": 1, "walk": 2})  # hands only, no room: no room field
    log.close()

    doc = read_log(log.path)  # checked against the schema
    first, second = doc["steps"][0], doc["steps"][1]
    assert first["kind"] == "choice" and second["kind"] == "choice"
    assert first["votes"] == {"stop": 3, "wave": 3}
    assert first.get("room") == {
        "devices": 4,
        "phones": {"stop": 3, "wave": 1},
        "hands": {"stop": 0, "wave": 2},
    }
    assert "room" not in second
    text = log.path.read_text(encoding="utf-8")
    for token in tokens:
        for part in token.split("."):
            assert part not in text  # no token, and no device id, ever reaches the file
    assert "ACDEFH" not in text  # nor the room code


def test_a_log_whose_room_holds_anything_but_counts_is_refused(story: Story, tmp_path: Path) -> None:
    log = SessionLog(story, tmp_path, "tui", workshop=True)
    play = Playthrough.new(story, listeners=[log])
    log.note_room(2, {"stop": 2}, {})
    play.choose("stop", votes={"stop": 2})
    log.close()
    good = json.loads(log.path.read_text(encoding="utf-8"))
    parse_log(json.dumps(good).encode())
    for field, value in (
        ("token", "Zk3x.abc"),
        ("names", ["Ana"]),
        ("devices", -1),
        ("devices", "4"),
        ("phones", {"stop": "x"}),
        ("hands", {"not an id!": 1}),
    ):
        bad = json.loads(json.dumps(good))
        bad["steps"][0]["room"][field] = value
        try:
            parse_log(json.dumps(bad).encode())
        except LogProblem as err:
            assert "steps[0].room" in str(err), (field, str(err))
        else:
            raise AssertionError(f"a room with {field}={value!r} was accepted")
