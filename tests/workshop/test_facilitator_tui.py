"""Facilitator mode (``play --workshop``) through Textual's Pilot, as a facilitator meets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from patrolday.engine import Story
from patrolday.game.options import PlayOptions, WorkshopOptions
from patrolday.tui.screens.ending import EndingScreen
from patrolday.tui.screens.scene import SceneScreen
from patrolday.tui.widgets.choices import ChoiceList
from patrolday.tui.workshop.app import WorkshopApp
from patrolday.tui.workshop.screens import (
    ContentNoteScreen,
    DebriefScreen,
    PauseScreen,
    QuestionScreen,
    RewindScreen,
    VoteScreen,
)
from patrolday.workshop.sessions import SessionLog, read_log

SIZE = (100, 34)


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def until(pilot, check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``check()`` holds (screens mount asynchronously)."""
    for _ in range(int(timeout / 0.05)):
        if check():
            await pilot.pause()  # let a screen that just became current finish mounting its widgets
            return
        await pilot.pause(0.05)
    assert check(), pilot.app.screen_stack


async def start(app: WorkshopApp, pilot) -> None:  # type: ignore[no-untyped-def]
    # The screen becomes current before its widgets are mounted: wait for the text itself.
    await until(
        pilot,
        lambda: isinstance(app.screen, ContentNoteScreen) and bool(app.screen.query("#content-note-text")),
    )
    assert "patrol car stops near a child" in text_of(app.screen, "#content-note-text")
    await pilot.pause(0.1)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, ContentNoteScreen))
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, QuestionScreen))


async def vote(app: WorkshopApp, pilot, keys: tuple[str, ...], then: str) -> None:  # type: ignore[no-untyped-def]
    """Reveal the options, press the vote keys, take the pick; wait until scene ``then`` is up."""
    await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, VoteScreen))
    await pilot.press(*keys, "enter")
    await until(pilot, lambda: app.game.view().scene == then and not isinstance(app.screen, VoteScreen))


def make_app(story: Story, tmp_path: Path, **workshop: object) -> WorkshopApp:
    """Facilitator mode on ``story``; ``workshop`` are WorkshopOptions fields (hide_meters=True...)."""
    log = SessionLog(story, tmp_path / "sessions", "tui", workshop=True)
    options = PlayOptions(data_dir=tmp_path / "data", seed=0, workshop=WorkshopOptions(**workshop))  # type: ignore[arg-type]
    return WorkshopApp(story, options, log=log)


async def test_question_first_then_votes_pick_the_option(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert isinstance(app.screen, QuestionScreen)
        questions = [str(w.render()) for w in app.screen.query(".question")]
        assert questions == [
            "1. What might the boy think when the car slows down?",
            "2. Is stopping part of the job?",
        ]
        scene = app.screen_stack[-2]
        assert isinstance(scene, SceneScreen)
        assert scene.query_one(ChoiceList).choices == ()  # locked until revealed
        assert "Waiting for the facilitator" in text_of(scene, "#choices-hint")
        await pilot.press("1")  # a number does nothing here: the options are not out yet
        assert isinstance(app.screen, QuestionScreen) and app.game.view().scene == "corner"

        await pilot.press("r")
        await pilot.pause(0.1)
        assert isinstance(app.screen, VoteScreen)
        await pilot.press("2", "2", "1", "2", "3", "enter")
        await until(pilot, lambda: app.game.view().scene == "end-drive")  # "wave" had 3 of 5 votes
    doc = read_log(app.session_log.path)
    assert doc["steps"][0]["choice"] == "wave"
    assert doc["steps"][0]["votes"] == {"stop": 1, "wave": 3, "radio": 1}
    assert doc["workshop"] is True and doc["ending"] == "end-drive"


async def test_tie_asks_the_facilitator_and_typed_counts_work(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("v")
        await pilot.pause()
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#counts-input").value = "4 4 1"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert vote.counts == {"stop": 4, "wave": 4, "radio": 1}
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(vote, "#vote-status") == "Tie: 1 and 2 have 4 votes each. Press 1 or 2 to take one."
        assert app.game.view().scene == "corner"  # nothing taken yet
        await pilot.press("3")  # not one of the tied options: refused
        await pilot.pause()
        assert app.game.view().scene == "corner"
        await pilot.press("1")
        await until(pilot, lambda: app.game.view().scene == "curb")
        # The toast is one short line (the option's number and its share), not the labels and
        # the whole split over the meters.
        messages = [n.message for n in app._notifications]
        assert "Taken: option 1 (4 of 9 votes)." in messages
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))  # the next decision asks first
    assert app.session_log.doc["steps"][0]["votes"] == {"stop": 4, "wave": 4, "radio": 1}


async def test_debrief_at_the_ending(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await vote(app, pilot, ("1", "1", "2"), "curb")  # stop 2, wave 1
        await vote(app, pilot, ("2",), "talk")  # walk 1
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause(0.1)
        await pilot.press("1")  # not a decision: the options are there at once
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen_stack[-2], EndingScreen)
        text = text_of(app.screen, "#debrief-text")
        assert "Ending reached: Catch" in text
        assert "1. The corner (decision): Stop the car (2 of 3 votes)" in text
        assert "not taken: Wave and drive on - 1 vote" in text
        assert "What might the boy think when the car slows down?" in text
        assert "  Voice    3   3   5   6  +3" in text
        await pilot.press("f")  # saved beside the session logs, never into the current folder
        await pilot.pause()
        saved = list((tmp_path / "sessions").glob("patrolday-debrief-*.txt"))
        assert len(saved) == 1 and saved[0].read_text() == app.debrief_text()
        assert any(str(saved[0]) in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


async def test_rewind_to_an_earlier_decision_and_come_back(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await vote(app, pilot, ("1",), "curb")
        await vote(app, pilot, ("2",), "talk")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, RewindScreen))
        await pilot.pause(0.1)
        await pilot.press("enter")  # the first decision: the corner
        await until(pilot, lambda: app.game.view().scene == "corner")
        await vote(app, pilot, ("3",), "end-drive")  # what if we had called it in?
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.press("b")
        await until(pilot, lambda: app.game.view().scene == "talk")
        assert [s.choice for s in app.game.play.state.history] == ["stop", "walk"]  # type: ignore[union-attr]
    steps = app.session_log.doc["steps"]
    assert [s["kind"] for s in steps] == [
        "choice",
        "choice",
        "undo",
        "undo",
        "choice",
        "undo",
        "choice",
        "choice",
    ]
    assert steps[-1]["votes"] == {"call": 0, "walk": 1}  # the votes came back with the path


async def test_pause_anywhere_and_heavy_scene_summary(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path, hide_meters=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await vote(app, pilot, ("1",), "curb")
        await vote(app, pilot, ("1",), "talk")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        scene = app.screen
        assert isinstance(scene, SceneScreen) and scene.view is not None
        assert not scene.query_one("#meters").display  # hidden until the debrief
        assert any("frightened" in b.text for b in scene.view.blocks)
        await pilot.press("h")
        await until(pilot, lambda: scene.view is not None and len(scene.view.blocks) == 1)
        assert scene.view is not None
        texts = [b.text for b in scene.view.blocks]
        assert texts == [
            "*(Summarised for the group; h shows the full scene.)* The mother runs out, "
            "frightened, and the officer explains."
        ]


async def test_timer_is_off_by_default_and_can_be_started_extended_and_set(
    story: Story, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "Discussion timer: off" in text_of(app.screen, "#timer-line")
        await pilot.press("t")
        await pilot.pause()
        assert "left, running" in text_of(app.screen, "#timer-line")
        await pilot.press("t", "plus")
        await pilot.pause()
        assert "4:00 left, paused" in text_of(app.screen, "#timer-line")
        await pilot.press("L")
        await pilot.pause()
        app.screen.query_one("#timer-input").value = "30"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert "30:00 left, running" in text_of(app.screen, "#timer-line")  # a new length runs at once


@pytest.mark.parametrize("text", ["1 2", "a b c", "1 2 3 4"])
def test_bad_typed_counts_are_refused_with_a_hint(text: str) -> None:
    from patrolday.workshop.votes import VoteError, parse_counts

    with pytest.raises(VoteError, match=r"e\.g\. 3 5 1"):
        parse_counts(text, 3)


def test_timer_model() -> None:
    from patrolday.workshop.timer import DiscussionTimer, clock, parse_length

    timer = DiscussionTimer(60)
    timer.start(100.0)
    assert timer.remaining(130.0) == 30
    timer.pause(130.0)
    assert timer.remaining(500.0) == 30  # paused: time does not run
    timer.extend(600)
    assert clock(timer.remaining(500.0)) == "10:30"
    assert parse_length("2:30") == 150 and parse_length("90s") == 90 and parse_length("600") == 36000
    with pytest.raises(ValueError):
        parse_length("soon")
