"""docs/workshops.md tells a facilitator how to open a room on a workshop network and what is
recorded: it must stay true to the code it describes (flags, port, the page's own sentence)."""

from __future__ import annotations

from pathlib import Path

from patrolday.cli import build_parser
from patrolday.commands._room import ROOM_PORT
from patrolday.workshop.room.strings import EN

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "workshops.md"


def _room_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("## Votes from phones: `--room`", 1)[1].split("\n## ", 1)[0]


def test_the_guide_quotes_the_phone_pages_privacy_sentence_word_for_word() -> None:
    assert f'"{EN["privacy"]}"' in " ".join(_room_section().split())


def test_the_guide_walks_through_host_firewall_and_the_warning() -> None:
    section = _room_section()
    for needed in (
        "--host 0.0.0.0",
        f"TCP port {ROOM_PORT}",
        f"sudo ufw allow {ROOM_PORT}/tcp",
        "anyone on this network who has the room code",
        "### What the room records, and what it does not",
        "client isolation",
    ):
        assert needed in section, needed


def test_every_room_flag_the_guide_names_exists() -> None:
    section = _room_section()
    play = build_parser().parse_args(["play", "--workshop", "--room", "--host", "0.0.0.0"])
    assert play.room and play.host == "0.0.0.0"
    for flag in ("--room-port", "--room-max", "--read-along", "--screen-host"):
        assert flag in section, flag
    serve = build_parser().parse_args(["serve", "--workshop", "--room", "--screen-host", "127.0.0.1"])
    assert serve.room and serve.screen_host == "127.0.0.1"
    assert build_parser().parse_args(["play", "--workshop", "--room", "--room-max", "30"]).room_max == 30
