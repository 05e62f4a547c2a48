"""Facilitator mode with a room (``--room``), through Pilot, with phones speaking the real protocol.

The phones are aiohttp clients in the test's own event loop (the app's loop), so what the
projector shows is checked after votes that went over a socket, as they do in a workshop.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from test_facilitator_tui import text_of, until
from workshop_helpers import ROOT

from patrolday.engine import Story, load_story
from patrolday.game.options import PlayOptions, RoomOptions, WorkshopOptions
from patrolday.tui.workshop.app import WorkshopApp
from patrolday.tui.workshop.room import JoinScreen
from patrolday.tui.workshop.screens import ContentNoteScreen, QuestionScreen, VoteScreen
from patrolday.workshop.sessions import SessionLog, read_log

SIZE = (100, 34)
LONG = ROOT / "stories" / "workshop" / "long-labels"


class Phone:
    def __init__(self, url: str, code: str) -> None:
        self.url, self.code = url, code
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.last: dict[str, Any] = {}

    async def join(self) -> Phone:
        html = await (await self.http.get(self.url + "/")).text()
        csrf = html.split('name="csrf-token" content="')[1].split('"')[0]
        response = await self.http.post(
            self.url + "/join", json={"code": self.code}, headers={"X-CSRF-Token": csrf, "Origin": self.url}
        )
        assert response.status == 200
        self.ws = await self.http.ws_connect(self.url + "/ws", headers={"Origin": self.url})
        self.last = await self.ws.receive_json()
        return self

    async def vote(self, serial: int, option: str) -> dict[str, Any]:
        assert self.ws is not None
        await self.ws.send_str(json.dumps({"type": "vote", "decision": serial, "option": option}))
        self.last = {"type": "sent", "phase": ""}  # wait for this vote's own answer
        return await self.until(lambda m: m.get("ack") is not None or m["type"] == "rejected")

    async def until(self, check: Any) -> dict[str, Any]:
        """Read the phone's messages until one passes ``check`` (the latest state is kept)."""
        assert self.ws is not None
        while not check(self.last):
            self.last = await self.ws.receive_json(timeout=5)
        return self.last

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.http.close()


def room_app(story: Story, tmp_path: Path, **workshop: Any) -> WorkshopApp:
    log = SessionLog(story, tmp_path / "sessions", "tui", workshop=True)
    options = PlayOptions(
        data_dir=tmp_path / "data",
        seed=0,
        workshop=WorkshopOptions(room=RoomOptions(port=0), **workshop),
    )
    return WorkshopApp(story, options, log=log)


async def open_room(app: WorkshopApp, pilot: Any, phones: int = 0) -> list[Phone]:
    if app.story.content_note:
        await until(pilot, lambda: isinstance(app.screen, ContentNoteScreen))
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, JoinScreen) and bool(app.screen.query("#join-count")))
    host = app.room_host
    assert host is not None
    joined = [await Phone(host.url, host.room.code).join() for _ in range(phones)]
    await pilot.pause(0.1)
    return joined


async def test_the_join_screen_shows_the_address_the_code_and_a_qr_code(story: Story, tmp_path: Path) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        phones = await open_room(app, pilot, phones=3)
        host = app.room_host
        assert host is not None and host.url.startswith("http://127.0.0.1:")
        screen = app.screen
        code = host.room.code
        assert f"{code[:3]}-{code[3:]}" in text_of(screen, "#join-code")
        assert host.url in text_of(screen, "#join-url")
        assert text_of(screen, "#join-count") == "3 phones joined."
        assert "Only this computer can join" in text_of(screen, "#join-note")  # loopback, said plainly
        qr = text_of(screen, "#join-qr").splitlines()
        assert len(qr) > 10 and all(set(line) <= set(" ▀▄█") for line in qr)
        await pilot.press("enter")
        await pilot.press("o")  # latecomers: the join screen again
        await until(pilot, lambda: isinstance(app.screen, JoinScreen))
        for phone in phones:
            await phone.close()
    import socket

    with socket.socket() as probe:  # the app has closed: so has the room
        assert probe.connect_ex(("127.0.0.1", host.server.port)) != 0


async def test_phones_vote_live_the_facilitator_closes_and_the_log_keeps_counts(
    story: Story, tmp_path: Path
) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        phones = await open_room(app, pilot, phones=4)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        room = app.room_host.room  # type: ignore[union-attr]
        first = await phones[0].until(lambda m: m.get("phase") == "question")
        assert first["questions"][0].startswith("What might the boy think") and "options" not in first
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        view = await phones[0].until(lambda m: m.get("phase") == "open")
        assert [o["id"] for o in view["options"]] == ["stop", "wave", "radio"]
        for phone, option in zip(phones, ["stop", "stop", "wave", "radio"], strict=True):
            assert (await phone.vote(room.serial, option))["mine"] == option
        await phones[3].vote(room.serial, "stop")  # a change of mind
        await pilot.press("2", "2")  # two raised hands for option 2
        await pilot.pause(0.2)
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        assert text_of(vote, "#vote-bar-0").endswith("3 votes (3 phones, 0 hands)  most votes")
        assert text_of(vote, "#vote-bar-1").endswith("3 votes (1 phone, 2 hands)  most votes")
        assert text_of(vote, "#vote-status") == "4 of 4 phones voted, 2 hands: 6 votes in all."
        await pilot.press("enter")  # a tie: the room's vote closes, the facilitator decides
        await pilot.pause(0.1)
        assert room.phase == "closed"
        late = await phones[2].vote(room.serial, "stop")
        assert late["type"] == "rejected" and late["reason"] == "not-open"
        assert "Tie: 1 and 2 have 3 votes each" in text_of(vote, "#vote-status")
        await pilot.press("1")
        await until(pilot, lambda: app.game.view().scene == "curb")
        result = await phones[1].until(lambda m: m.get("phase") in ("result", "question"))
        assert result.get("taken", "stop") == "stop"
        for phone in phones:
            await phone.close()
    step = read_log(app.session_log.path)["steps"][0]  # type: ignore[arg-type]
    assert step["kind"] == "choice" and step["votes"] == {"stop": 3, "wave": 3, "radio": 0}
    assert step.get("room") == {
        "devices": 4,
        "phones": {"stop": 3, "wave": 1, "radio": 0},
        "hands": {"stop": 0, "wave": 2, "radio": 0},
    }


async def test_no_vote_closes_the_room_and_the_phones_see_the_facilitators_pick(
    story: Story, tmp_path: Path
) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        [phone] = await open_room(app, pilot, phones=1)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("x")
        await until(pilot, lambda: not isinstance(app.screen, VoteScreen))
        await phone.until(lambda m: m.get("phase") == "closed")
        await pilot.press("2")  # the facilitator picks "Wave and drive on" on the scene screen
        ended = await phone.until(lambda m: m.get("phase") == "ended")
        assert ended["ending"] == "Another street"
        await phone.close()


async def test_labels_are_never_cut_and_the_bars_are_scaled_to_all_votes(tmp_path: Path) -> None:
    story = load_story(LONG)
    for size in ((160, 45), (80, 24)):
        app = room_app(story, tmp_path / f"{size[0]}")
        async with app.run_test(size=size) as pilot:
            await open_room(app, pilot)
            await pilot.press("enter", "n")
            await until(pilot, lambda app=app: isinstance(app.screen, QuestionScreen))
            await pilot.press("r")
            await until(pilot, lambda app=app: isinstance(app.screen, VoteScreen))
            await pilot.press("1", "2", "2", "2")
            await pilot.pause(0.1)
            vote = app.screen
            labels = [str(w.render()) for w in vote.query(".vote-label")]
            assert labels == [c.label for c in app.game.view().choices]
            widths = {w.region.width for w in vote.query(".vote-label")}
            assert max(widths) < max(len(label) for label in labels)  # wrapped: shown whole on several lines
            bars = [text_of(vote, f"#vote-bar-{i}") for i in range(2)]
            assert bars[0].startswith("█" * 5 + "·" * 15) and bars[1].startswith("█" * 15 + "·" * 5)
            assert all(len(line) <= size[0] for bar in bars for line in bar.splitlines())


async def test_projector_hides_notes_and_n_carries_over_to_the_next_decision(tmp_path: Path) -> None:
    story = load_story(LONG)
    app = room_app(story, tmp_path, projector=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_room(app, pilot)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert not app.screen.query_one("#notes").display  # --projector: hidden at first
        await pilot.press("n")
        assert app.screen.query_one("#notes").display
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("1", "enter")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen) and app.game.view().scene == "yard")
        assert app.screen.query_one("#notes").display  # shown, as the facilitator last chose
        await pilot.press("n", "r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
    assert app.show_notes is False


async def test_timer_flag_starts_the_timer_running_at_every_decision(tmp_path: Path) -> None:
    story = load_story(LONG)
    app = room_app(story, tmp_path, timer_minutes=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_room(app, pilot)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert "left, running" in text_of(app.screen, "#timer-line")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("1", "enter")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen) and app.game.view().scene == "yard")
        line = text_of(app.screen, "#timer-line")
        assert "2:00 left, running" in line or "1:59 left, running" in line


async def test_space_hides_the_dialog_so_the_room_can_read_the_scene(story: Story, tmp_path: Path) -> None:
    app = room_app(story, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_room(app, pilot)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        box = app.screen.query_one("#question-box")
        await pilot.press("space")
        assert not box.display and app.screen.query_one("#peek-line").display
        await pilot.press("pagedown", "space")
        assert box.display


@pytest.mark.parametrize("host", ["127.0.0.1"])
async def test_a_busy_port_is_said_and_the_workshop_goes_on_by_hand(
    story: Story, tmp_path: Path, host: str
) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind((host, 0))
        busy.listen()
        port = busy.getsockname()[1]
        log = SessionLog(story, None, "tui", workshop=True)
        options = PlayOptions(
            data_dir=tmp_path, seed=0, workshop=WorkshopOptions(room=RoomOptions(port=port))
        )
        app = WorkshopApp(story, options, log=log)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.room_host is None and len(app.screen_stack) > 1)
            from patrolday.tui.screens.message import MessageScreen

            [message] = [screen for screen in app.screen_stack if isinstance(screen, MessageScreen)]
            assert f"The room could not open on 127.0.0.1:{port}" in message.body
            assert "Votes are counted by hand" in message.body


async def test_the_projector_tells_phones_joined_from_phones_connected_now(
    story: Story, tmp_path: Path
) -> None:
    """A phone that left (its page closed, the battery died) has still joined, but the room should
    not wait for its vote: the projector says how many are connected now, and updates it."""
    app = room_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        phones = await open_room(app, pilot, phones=3)
        await pilot.press("enter", "n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        question = app.screen
        host = app.room_host
        assert host is not None
        await until(pilot, lambda: "3 joined, 3 connected now" in text_of(question, "#room-line"))
        await phones[2].close()
        await until(pilot, lambda: "3 joined, 2 connected now" in text_of(question, "#room-line"))
        again = await Phone(host.url, host.room.code).join()
        await until(pilot, lambda: "4 joined, 3 connected now" in text_of(question, "#room-line"))
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen))
        vote = app.screen
        await phones[0].close()
        await until(pilot, lambda: "4 joined, 2 connected now" in text_of(vote, "#room-line"))
        for phone in (phones[1], again):
            await phone.close()
    assert "connected" not in json.dumps(app.session_log.doc)  # the log keeps joined devices only
